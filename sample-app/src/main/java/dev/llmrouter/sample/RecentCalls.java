package dev.llmrouter.sample;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import dev.llmrouter.Attempt;
import dev.llmrouter.CallMetadata;
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

	private final Deque<Call> calls = new ArrayDeque<>(CAPACITY);

	private long succeeded;

	private long failed;

	@Override
	public void onSuccess(SuccessEvent event) {
		add(Call.of(event.metadata(), Attempt.SUCCESS), true);
	}

	@Override
	public void onFailure(FailureEvent event) {
		LlmException error = event.error();
		add(Call.of(error.metadata(), error.getClass().getSimpleName()), false);
	}

	private synchronized void add(Call call, boolean success) {
		if (success) {
			this.succeeded++;
		}
		else {
			this.failed++;
		}
		if (this.calls.size() == CAPACITY) {
			this.calls.removeLast();
		}
		this.calls.addFirst(call);
	}

	/**
	 * The counts and the most recent calls, newest first.
	 * @return a snapshot
	 */
	public synchronized Snapshot snapshot() {
		return new Snapshot(this.succeeded + this.failed, this.succeeded, this.failed, new ArrayList<>(this.calls));
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
	 */
	public record Call(Instant finishedAt, String group, @Nullable String servedBy, String outcome, int retryCount,
			int fallbackCount, long durationMs, List<AskResult.AttemptView> attempts) {

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
					total.toMillis(), AskResult.AttemptView.of(metadata));
		}

	}

}
