package dev.llmrouter.routing;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.llmrouter.Attempt;
import dev.llmrouter.CallMetadata;
import dev.llmrouter.ChatRequest;
import dev.llmrouter.error.ErrorType;
import dev.llmrouter.error.LlmException;
import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

/**
 * The state of one routed call: attempts so far, groups visited, fallbacks pending, and
 * the deadline of its total timeout. Signals of one call are sequential, so no locking is
 * needed.
 *
 * @author llm-router
 */
final class RoutedCall {

	final ChatRequest request;

	final RuntimeGroup primary;

	final long startNanos;

	final long deadlineNanos;

	final @Nullable Duration totalTimeout;

	private final List<Attempt> attempts = new ArrayList<>(2);

	private @Nullable Set<String> visited;

	private @Nullable Deque<String> pending;

	private final List<LlmException> groupErrors = new ArrayList<>(1);

	private int fallbackCount;

	private String currentGroup;

	private @Nullable String currentDeployment;

	boolean delivered;

	@Nullable RuntimeDeployment inFlight;

	long inFlightStartNanos;

	Duration inFlightBackoff = Duration.ZERO;

	@Nullable RuntimeDeployment nextDeployment;

	@Nullable LlmException lastError;

	@Nullable StringBuilder partial;

	@Nullable Observation observation;

	RoutedCall(ChatRequest request, RuntimeGroup primary, long startNanos, @Nullable Duration totalTimeout) {
		this.request = request;
		this.primary = primary;
		this.startNanos = startNanos;
		this.totalTimeout = totalTimeout;
		this.deadlineNanos = (totalTimeout != null) ? startNanos + totalTimeout.toNanos() : Long.MAX_VALUE;
		this.currentGroup = primary.name;
	}

	synchronized void record(String group, String deployment, String outcome, int status, long durationNanos,
			Duration backoff) {
		this.currentGroup = group;
		this.currentDeployment = deployment;
		this.attempts.add(new Attempt(group, deployment, outcome, status, Duration.ofNanos(durationNanos), backoff));
	}

	boolean wouldOverrun(long nowNanos, Duration delay) {
		return this.deadlineNanos != Long.MAX_VALUE && nowNanos + delay.toNanos() >= this.deadlineNanos;
	}

	synchronized CallMetadata metadata() {
		return new CallMetadata(this.currentGroup, this.currentDeployment, Math.max(0, this.attempts.size() - 1),
				this.fallbackCount, this.attempts);
	}

	/**
	 * Note that a group failed and pick the next group to try.
	 * @return the next group's name, or {@code null} when the call has nowhere left to go
	 */
	@Nullable String groupFailed(RuntimeGroup group, LlmException error, List<String> candidates, int maxFallbacks) {
		this.groupErrors.add(error);
		if (error.errorType() == ErrorType.TOTAL_TIMEOUT || error.errorType() == ErrorType.MID_STREAM
				|| this.fallbackCount >= maxFallbacks) {
			return null;
		}
		if (this.visited == null) {
			this.visited = new HashSet<>();
			this.pending = new ArrayDeque<>();
		}
		this.visited.add(group.name);
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
	 * The error that ends the call: the primary group's (or the total timeout that cut
	 * the call short), with the other groups' errors suppressed and the metadata of every
	 * attempt attached.
	 */
	LlmException finalError(LlmException last) {
		LlmException error = (last.errorType() == ErrorType.TOTAL_TIMEOUT || last.errorType() == ErrorType.MID_STREAM
				|| this.groupErrors.isEmpty()) ? last : this.groupErrors.get(0);
		for (LlmException groupError : this.groupErrors) {
			if (groupError != error) {
				error.addSuppressed(groupError);
			}
		}
		return error.withMetadata(metadata());
	}

}
