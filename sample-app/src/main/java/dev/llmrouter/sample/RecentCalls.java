package dev.llmrouter.sample;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import dev.llmrouter.Attempt;
import dev.llmrouter.CallMetadata;
import dev.llmrouter.ToolCall;
import dev.llmrouter.error.LlmException;
import dev.llmrouter.observation.FailureEvent;
import dev.llmrouter.observation.LlmRouterListener;
import dev.llmrouter.observation.SuccessEvent;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * Keeps the most recent calls the router finished, and counts them, for the dashboard's
 * "recent calls" panel ({@code GET /recent}). A {@link LlmRouterListener}, so it sees
 * every call however it was made.
 *
 * @author llm-router
 */
@Component
public class RecentCalls implements LlmRouterListener {

	static final int CAPACITY = 12;

	private final Deque<Entry> calls = new ArrayDeque<>(CAPACITY);

	private long succeeded;

	private long failed;

	@Override
	public void onSuccess(SuccessEvent event) {
		add(event.metadata(), Call.of(event.metadata(), Attempt.SUCCESS), true);
	}

	@Override
	public void onFailure(FailureEvent event) {
		LlmException error = event.error();
		add(error.metadata(), Call.of(error.metadata(), error.getClass().getSimpleName()), false);
	}

	/**
	 * Note the tool calls a model answered a call with, for the call's row. The router's
	 * listeners hear of a call before its caller gets the response, so the call is found
	 * by its metadata.
	 * @param metadata the call's metadata, from its response
	 * @param toolCalls the tool calls it answered with
	 */
	public synchronized void toolsCalled(CallMetadata metadata, List<ToolCall> toolCalls) {
		for (Entry entry : this.calls) {
			if (entry.metadata() == metadata || entry.metadata().equals(metadata)) {
				entry.call = entry.call.withToolCalls(toolCalls);
				return;
			}
		}
	}

	private synchronized void add(CallMetadata metadata, Call call, boolean success) {
		if (success) {
			this.succeeded++;
		}
		else {
			this.failed++;
		}
		if (this.calls.size() == CAPACITY) {
			this.calls.removeLast();
		}
		this.calls.addFirst(new Entry(metadata, call));
	}

	/**
	 * The counts and the most recent calls, newest first.
	 * @return a snapshot
	 */
	public synchronized Snapshot snapshot() {
		List<Call> recent = new ArrayList<>(this.calls.size());
		for (Entry entry : this.calls) {
			recent.add(entry.call);
		}
		return new Snapshot(this.succeeded + this.failed, this.succeeded, this.failed, recent);
	}

	/**
	 * The counts since start-up and the most recent calls.
	 *
	 * @param calls calls finished
	 * @param succeeded calls that got an answer
	 * @param failed calls that failed after every retry and fallback
	 * @param recent the most recent calls, newest first
	 */
	public record Snapshot(long calls, long succeeded, long failed, List<Call> recent) {

	}

	/**
	 * One finished call.
	 *
	 * @param finishedAt when it ended
	 * @param group the group it asked for
	 * @param servedBy {@code group/deployment} that answered, {@code null} if it failed
	 * @param outcome {@code success} or the simple name of the exception thrown
	 * @param retryCount attempts minus one
	 * @param fallbackCount fallback groups moved to
	 * @param durationMs time spent in attempts and waits
	 * @param attempts every attempt, in order
	 * @param toolCalls the tools the model called in its answer, if any
	 */
	public record Call(Instant finishedAt, String group, @Nullable String servedBy, String outcome, int retryCount,
			int fallbackCount, long durationMs, List<AskResult.AttemptView> attempts, List<ToolCall> toolCalls) {

		Call withToolCalls(List<ToolCall> calls) {
			return new Call(this.finishedAt, this.group, this.servedBy, this.outcome, this.retryCount,
					this.fallbackCount, this.durationMs, this.attempts, List.copyOf(calls));
		}

		static Call of(CallMetadata metadata, String outcome) {
			List<Attempt> attempts = metadata.attempts();
			String group = attempts.isEmpty() ? metadata.modelGroup() : attempts.get(0).modelGroup();
			String servedBy = Attempt.SUCCESS.equals(outcome) ? metadata.modelGroup() + "/" + metadata.deployment()
					: null;
			Duration total = Duration.ZERO;
			for (Attempt attempt : attempts) {
				total = total.plus(attempt.duration()).plus(attempt.backoff());
			}
			return new Call(Instant.now(), group, servedBy, outcome, metadata.retryCount(), metadata.fallbackCount(),
					total.toMillis(), AskResult.AttemptView.of(metadata), List.of());
		}

	}

	/**
	 * A call kept, with the metadata it is known by.
	 */
	private static final class Entry {

		private final CallMetadata metadata;

		private Call call;

		Entry(CallMetadata metadata, Call call) {
			this.metadata = metadata;
			this.call = call;
		}

		CallMetadata metadata() {
			return this.metadata;
		}

	}

}
