package dev.llmrouter.error;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * A timeout: an attempt's {@code timeout}, a stream's first-chunk or idle
 * {@code stream-timeout}, or HTTP 408 (all retried by default) — or the call's
 * {@code total-timeout}, which ends the call.
 *
 * @author llm-router
 */
public class LlmTimeoutException extends LlmException {

	private final boolean totalTimeout;

	/**
	 * Create a new instance.
	 * @param message the message
	 * @param statusCode the HTTP status (408), or {@code 0}
	 * @param retryAfter the wait the provider asked for, if any
	 * @param cause the cause, if any
	 */
	public LlmTimeoutException(String message, int statusCode, @Nullable Duration retryAfter,
			@Nullable Throwable cause) {
		this(message, statusCode, retryAfter, cause, false);
	}

	private LlmTimeoutException(String message, int statusCode, @Nullable Duration retryAfter,
			@Nullable Throwable cause, boolean totalTimeout) {
		super(message, statusCode, retryAfter, cause);
		this.totalTimeout = totalTimeout;
	}

	/**
	 * A failure that ends a call because its total timeout is spent.
	 * @param totalTimeout the total timeout
	 * @param cause the last failure of the call, if any
	 * @return the exception
	 */
	public static LlmTimeoutException totalTimeout(Duration totalTimeout, @Nullable Throwable cause) {
		return new LlmTimeoutException("Total timeout of " + totalTimeout + " spent", 0, null, cause, true);
	}

	/**
	 * Whether the call's total timeout, rather than one attempt's, was spent.
	 * @return {@code true} if the whole call timed out
	 */
	public boolean isTotalTimeout() {
		return this.totalTimeout;
	}

	@Override
	public ErrorType errorType() {
		return this.totalTimeout ? ErrorType.TOTAL_TIMEOUT : ErrorType.TIMEOUT;
	}

}
