package dev.llmrouter.routing.internal;

import java.time.Duration;

import dev.llmrouter.error.ErrorType;
import dev.llmrouter.error.LlmException;
import dev.llmrouter.error.LlmTimeoutException;
import dev.llmrouter.error.NoDeploymentAvailableException;
import dev.llmrouter.Backoff;
import org.jspecify.annotations.Nullable;

/**
 * Decides what a call does after a failed attempt (CONTRACT §3), as one pure function of
 * the failure, where the call stands, the group and the time. It neither throws nor
 * writes anything: the attempt loop acts on what it returns.
 *
 * @author llm-router
 */
final class RetryDecision {

	private RetryDecision() {
	}

	/**
	 * Decide.
	 * @param <D> how a deployment is known
	 * @param error the failure of the latest attempt (a
	 * {@link NoDeploymentAvailableException} when the group had no deployment to try)
	 * @param state where the call stands in the group
	 * @param group the group
	 * @param nowMillis the current time, as cooldowns are measured
	 * @param deadline what is left of the call's total timeout
	 * @return the decision
	 */
	static <D> Decision<D> decide(LlmException error, RetryState<D> state, GroupView<D> group, long nowMillis,
			Deadline deadline) {
		ErrorType type = error.errorType();
		if (type == ErrorType.TOTAL_TIMEOUT || type == ErrorType.MID_STREAM) {
			return new Decision.Fail<>(error);
		}
		if (type == ErrorType.QUOTA_EXCEEDED) {
			return moveOn(error, state, group, nowMillis, deadline);
		}
		if ((type == ErrorType.CONTEXT_WINDOW_EXCEEDED && group.hasContextWindowFallbacks())
				|| (type == ErrorType.CONTENT_POLICY_VIOLATION && group.hasContentPolicyFallbacks())) {
			return new Decision.FallBack<>(error);
		}
		if (state.retries() >= group.retries(type, state.requestNumRetries())) {
			return new Decision.FallBack<>(error);
		}
		Backoff backoff = group.backoff();
		D failed = state.failed();
		D next = group.pick(failed, nowMillis);
		if (next != null && !next.equals(failed)) {
			return deadline.overrunBy(Duration.ZERO) ? fail(error, deadline)
					: new Decision.RetryOn<>(next, Duration.ZERO);
		}
		if (next != null) {
			Duration hint = error.retryAfter().orElse(Duration.ZERO);
			if (hint.compareTo(backoff.maxRetryAfter()) > 0) {
				return new Decision.FallBack<>(error);
			}
			Duration delay = backoff.delay(state.retries() + 1, state.random(), hint);
			return deadline.overrunBy(delay) ? fail(error, deadline) : new Decision.RetryOn<>(next, delay);
		}
		Duration wait = Duration.ofMillis(group.nextAvailableMillis(nowMillis) - nowMillis);
		LlmException noDeployment = noDeployment(group.name(), wait, error);
		if (wait.compareTo(backoff.maxRetryAfter()) > 0) {
			return new Decision.FallBack<>(noDeployment);
		}
		return deadline.overrunBy(wait) ? fail(error, deadline) : new Decision.WaitForGroup<>(wait, noDeployment);
	}

	/**
	 * A spent quota is never retried on its deployment, and never waited for: the call
	 * moves at once to another deployment of the group that is available, whatever the
	 * retry counts say (each such move takes a deployment out, so there are at most as
	 * many as the group has deployments), else to the fallbacks.
	 */
	private static <D> Decision<D> moveOn(LlmException error, RetryState<D> state, GroupView<D> group, long nowMillis,
			Deadline deadline) {
		D failed = state.failed();
		D next = group.pick(failed, nowMillis);
		if (next == null || next.equals(failed)) {
			return new Decision.FallBack<>(error);
		}
		return deadline.overrunBy(Duration.ZERO) ? fail(error, deadline) : new Decision.RetryOn<>(next, Duration.ZERO);
	}

	private static <D> Decision<D> fail(LlmException error, Deadline deadline) {
		Duration total = (deadline.total() != null) ? deadline.total() : Duration.ZERO;
		return new Decision.Fail<>(LlmTimeoutException.totalTimeout(total, error));
	}

	/**
	 * The error of a group none of whose deployments is available.
	 * @param group the group's name
	 * @param wait the time until the first is available again
	 * @param cause the failure that cooled the last one, if known
	 * @return the error
	 */
	static LlmException noDeployment(String group, Duration wait, @Nullable LlmException cause) {
		Throwable reason = (cause instanceof NoDeploymentAvailableException) ? cause.getCause() : cause;
		return new NoDeploymentAvailableException(
				"No deployment of group '" + group + "' is available: the first is back in " + wait.toMillis() + "ms",
				wait, reason);
	}

}
