package dev.llmrouter.observation;

import java.time.Duration;

import dev.llmrouter.CallMetadata;
import dev.llmrouter.error.LlmException;

/**
 * Receives the router's events, each with the {@link CallMetadata} of the call so far.
 * Every bean of this type is notified, in {@link org.springframework.core.Ordered order}.
 * Listeners run on the thread that made the event happen (often a Netty event loop), so
 * they must be quick and must not block; a listener that throws is logged and never
 * breaks the call.
 * <p>
 * Events never carry prompt or completion text.
 *
 * @author llm-router
 */
public interface LlmRouterListener {

	/**
	 * An attempt failed.
	 * @param group the model group
	 * @param deployment the deployment that failed
	 * @param error the classified failure
	 * @param metadata the call so far, the failed attempt included
	 */
	default void onAttemptFailed(String group, String deployment, LlmException error, CallMetadata metadata) {
	}

	/**
	 * The router will retry within the group after {@code delay}.
	 * @param group the model group
	 * @param deployment the deployment whose failure caused the retry
	 * @param error the failure that caused the retry
	 * @param delay the chosen wait before the next attempt ({@link Duration#ZERO} when
	 * the retry goes to another deployment at once)
	 * @param metadata the call so far
	 */
	default void onRetry(String group, String deployment, LlmException error, Duration delay, CallMetadata metadata) {
	}

	/**
	 * A deployment was cooled down.
	 * @param group the model group
	 * @param deployment the deployment
	 * @param duration how long it stays out
	 * @param error the failure that cooled it
	 */
	default void onCooldown(String group, String deployment, Duration duration, LlmException error) {
	}

	/**
	 * The call moves to a fallback group.
	 * @param fromGroup the group that failed
	 * @param toGroup the fallback group
	 * @param error the failure of {@code fromGroup}
	 * @param metadata the call so far
	 */
	default void onFallback(String fromGroup, String toGroup, LlmException error, CallMetadata metadata) {
	}

	/**
	 * The call succeeded (for a stream: it completed).
	 * @param metadata the whole call
	 */
	default void onSuccess(CallMetadata metadata) {
	}

	/**
	 * The call failed.
	 * @param error the error thrown to the caller, its metadata attached
	 */
	default void onFailure(LlmException error) {
	}

}
