package dev.llmrouter.error;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * The account's quota or credit is spent (a 429 {@code insufficient_quota}, a 402
 * {@code billing_error}, ...). Never retried on the deployment that answered it: the
 * deployment cools for {@code llm.router.quota-cooldown-time} (default 1h) and the call
 * moves on to another deployment, then to the fallbacks.
 *
 * @author llm-router
 */
public class QuotaExceededException extends RateLimitException {

	/**
	 * Create a new instance.
	 * @param message the message (never containing an API key)
	 * @param statusCode the HTTP status, or {@code 0} if there was none
	 * @param retryAfter the wait the provider asked for, if any
	 * @param cause the cause, if any
	 */
	public QuotaExceededException(String message, int statusCode, @Nullable Duration retryAfter,
			@Nullable Throwable cause) {
		super(message, statusCode, retryAfter, cause);
	}

	@Override
	public ErrorType errorType() {
		return ErrorType.QUOTA_EXCEEDED;
	}

}
