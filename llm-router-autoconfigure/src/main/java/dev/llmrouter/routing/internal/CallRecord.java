package dev.llmrouter.routing.internal;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.llmrouter.Attempt;
import dev.llmrouter.CallMetadata;
import dev.llmrouter.error.ErrorType;
import dev.llmrouter.error.LlmException;
import org.jspecify.annotations.Nullable;

/**
 * What one call has done so far: its attempts, the groups it visited and the fallbacks
 * still pending. Read by listeners and observations from other threads, so its methods
 * are synchronized (uncontended: a call's own signals are sequential).
 *
 * @author llm-router
 */
final class CallRecord {

	private final List<Attempt> attempts = new ArrayList<>(2);

	private final List<LlmException> groupErrors = new ArrayList<>(1);

	private @Nullable Set<String> visited;

	private @Nullable Deque<String> pending;

	private int fallbackCount;

	private final List<Visit> visits = new ArrayList<>(1);

	private boolean closed;

	private String currentGroup;

	private @Nullable String currentDeployment;

	CallRecord(String group) {
		this.currentGroup = group;
	}

	/**
	 * The call enters a group.
	 * @return {@code false} if the call has ended meanwhile
	 */
	synchronized boolean enter(RuntimeGroup group) {
		if (this.closed) {
			return false;
		}
		this.visits.add(new Visit(group));
		return true;
	}

	/**
	 * The call retries in its current group.
	 * @return the retries it has made there, this one included
	 */
	synchronized int retried(LlmException cause) {
		Visit visit = this.visits.get(this.visits.size() - 1);
		visit.retries++;
		visit.lastFailure = cause;
		return visit.retries;
	}

	/**
	 * Retries made in the current group.
	 */
	synchronized int retries() {
		return this.visits.isEmpty() ? 0 : this.visits.get(this.visits.size() - 1).retries;
	}

	/**
	 * The call leaves its current group, which failed.
	 */
	synchronized void left(LlmException error) {
		if (!this.closed && !this.visits.isEmpty()) {
			this.visits.get(this.visits.size() - 1).left = error;
		}
	}

	/**
	 * The call ended: the groups it visited, to report. Later changes to them are not
	 * taken.
	 */
	synchronized List<Visit> close() {
		this.closed = true;
		return List.copyOf(this.visits);
	}

	synchronized void attempt(String group, String deployment, String outcome, int status, long durationNanos,
			Duration backoff) {
		this.currentGroup = group;
		this.currentDeployment = deployment;
		this.attempts.add(new Attempt(group, deployment, outcome, status, Duration.ofNanos(durationNanos), backoff));
	}

	synchronized int attempts() {
		return this.attempts.size();
	}

	synchronized CallMetadata metadata() {
		return new CallMetadata(this.currentGroup, this.currentDeployment, Math.max(0, this.attempts.size() - 1),
				this.fallbackCount, this.attempts);
	}

	/**
	 * Note that a group failed and pick the next group to try: the candidates first, in
	 * order, then those still pending from earlier groups; never a group visited before,
	 * never beyond {@code maxFallbacks}.
	 * @return the next group's name, or {@code null} when the call has nowhere left to go
	 */
	synchronized @Nullable String groupFailed(String group, LlmException error, List<String> candidates,
			int maxFallbacks) {
		this.groupErrors.add(error);
		if (this.fallbackCount >= maxFallbacks) {
			return null;
		}
		if (this.visited == null || this.pending == null) {
			this.visited = new HashSet<>();
			this.pending = new ArrayDeque<>();
		}
		this.visited.add(group);
		for (int i = candidates.size() - 1; i >= 0; i--) {
			String candidate = candidates.get(i);
			this.pending.remove(candidate);
			this.pending.addFirst(candidate);
		}
		while (!this.pending.isEmpty()) {
			String next = this.pending.removeFirst();
			if (this.visited.add(next)) {
				this.fallbackCount++;
				return next;
			}
		}
		return null;
	}

	/**
	 * The error that ends the call: the first group's (unless the total timeout cut the
	 * call short or a stream failed midway), with the other groups' errors suppressed and
	 * the metadata of every attempt attached.
	 */
	synchronized LlmException finalError(LlmException last) {
		LlmException error = (last.errorType() == ErrorType.TOTAL_TIMEOUT || last.errorType() == ErrorType.MID_STREAM
				|| this.groupErrors.isEmpty()) ? last : this.groupErrors.get(0);
		for (LlmException groupError : this.groupErrors) {
			if (groupError != error) {
				error.addSuppressed(groupError);
			}
		}
		return error.withMetadata(metadata());
	}

	/**
	 * One stay of the call in a group, as its Resilience4j retry reports it.
	 */
	static final class Visit {

		final RuntimeGroup group;

		int retries;

		@Nullable LlmException lastFailure;

		/** The group's error when the call left it, {@code null} while it is there. */
		@Nullable LlmException left;

		Visit(RuntimeGroup group) {
			this.group = group;
		}

	}

}
