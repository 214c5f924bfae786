package dev.llmrouter.routing.internal;

import java.time.Duration;
import java.util.Objects;

import dev.llmrouter.error.LlmException;

/**
 * What the call does after a failed attempt, as {@link RetryDecision} decides it.
 *
 * @param <D> how a deployment is known
 * @author llm-router
 */
sealed interface Decision<D> {

	/**
	 * Retry in the group: on another deployment at once ({@code delay} zero), or on the
	 * same one after a backoff.
	 *
	 * @param <D> how a deployment is known
	 * @param deployment the deployment of the next attempt
	 * @param delay the wait before it
	 */
	record RetryOn<D>(D deployment, Duration delay) implements Decision<D> {

		public RetryOn {
			Objects.requireNonNull(deployment, "deployment must not be null");
		}

	}

	/**
	 * Every deployment of the group cools down: wait for the first to come back, then
	 * pick again.
	 *
	 * @param <D> how a deployment is known
	 * @param delay the wait
	 * @param error what the wait is for, a {@code NoDeploymentAvailableException}
	 */
	record WaitForGroup<D>(Duration delay, LlmException error) implements Decision<D> {

	}

	/**
	 * The group is done with the call: it goes to the group's fallbacks, or fails with
	 * this error if there are none left.
	 *
	 * @param <D> how a deployment is known
	 * @param error the group's error
	 */
	record FallBack<D>(LlmException error) implements Decision<D> {

	}

	/**
	 * The call ends with this error, whatever fallbacks are left.
	 *
	 * @param <D> how a deployment is known
	 * @param error the error
	 */
	record Fail<D>(LlmException error) implements Decision<D> {

	}

}
