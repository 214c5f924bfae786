package dev.llmrouter.routing.internal;

import dev.llmrouter.error.ErrorType;
import dev.llmrouter.Backoff;
import org.jspecify.annotations.Nullable;

/**
 * A model group as {@link RetryDecision} sees it: its retry rules and which of its
 * deployments can take the next attempt.
 *
 * @param <D> how a deployment is known
 * @author llm-router
 */
interface GroupView<D> {

	/**
	 * The group's name, for messages.
	 * @return the name
	 */
	String name();

	/**
	 * The retry count for an error type.
	 * @param type the type of the latest error
	 * @param requestNumRetries the request's own count, or {@code null}
	 * @return how many retries (not counting the first attempt) the group may make
	 */
	int retries(ErrorType type, @Nullable Integer requestNumRetries);

	/**
	 * The backoff between retries on the same deployment.
	 * @return the backoff
	 */
	Backoff backoff();

	/**
	 * Whether context-window errors go to fallbacks of their own.
	 * @return {@code true} if the group lists {@code context-window-fallbacks}
	 */
	boolean hasContextWindowFallbacks();

	/**
	 * Whether content-policy errors go to fallbacks of their own.
	 * @return {@code true} if the group lists {@code content-policy-fallbacks}
	 */
	boolean hasContentPolicyFallbacks();

	/**
	 * The deployment the next attempt would go to, by the group's routing strategy.
	 * @param avoid a deployment to take only if no other is available, or {@code null}
	 * @param nowMillis the current time
	 * @return the deployment, or {@code null} if none is available
	 */
	@Nullable D pick(@Nullable D avoid, long nowMillis);

	/**
	 * When the first deployment becomes available again.
	 * @param nowMillis the current time
	 * @return epoch milliseconds, {@code nowMillis} or later
	 */
	long nextAvailableMillis(long nowMillis);

}
