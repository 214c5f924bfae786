package dev.llmrouter.observation;

/**
 * Receives the router's events, each a record with the {@link dev.llmrouter.CallMetadata}
 * of the call so far. Every bean of this type is notified, in
 * {@link org.springframework.core.Ordered order}. Listeners run on the thread that made
 * the event happen (often a Netty event loop), so they must be quick and must not block;
 * a listener that throws is logged and never breaks the call.
 * <p>
 * Events never carry prompt or completion text. Calls their caller cancels end with no
 * {@code onSuccess} or {@code onFailure}.
 *
 * @author llm-router
 */
public interface LlmRouterListener {

	/**
	 * An attempt failed.
	 * @param event the event
	 */
	default void onAttemptFailed(AttemptFailedEvent event) {
	}

	/**
	 * The router retries within a group, now that the wait before the retry is over.
	 * @param event the event
	 */
	default void onRetry(RetryEvent event) {
	}

	/**
	 * A deployment was cooled down.
	 * @param event the event
	 */
	default void onCooldown(CooldownEvent event) {
	}

	/**
	 * The call moves to a fallback group.
	 * @param event the event
	 */
	default void onFallback(FallbackEvent event) {
	}

	/**
	 * The call succeeded (for a stream: it completed).
	 * @param event the event
	 */
	default void onSuccess(SuccessEvent event) {
	}

	/**
	 * The call failed.
	 * @param event the event
	 */
	default void onFailure(FailureEvent event) {
	}

}
