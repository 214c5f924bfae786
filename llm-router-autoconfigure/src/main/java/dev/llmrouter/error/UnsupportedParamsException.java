package dev.llmrouter.error;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * The provider does not support a parameter or value of the request. Not retried by
 * default.
 *
 * @author llm-router
 */
public class UnsupportedParamsException extends BadRequestException {

	/**
	 * Create a new instance.
	 * @param message the message (never containing an API key)
	 * @param statusCode the HTTP status, or {@code 0} if there was none
	 * @param retryAfter the wait the provider asked for, if any
	 * @param cause the cause, if any
	 */
	public UnsupportedParamsException(String message, int statusCode, @Nullable Duration retryAfter,
			@Nullable Throwable cause) {
		super(message, statusCode, retryAfter, cause);
	}

	@Override
	public ErrorType errorType() {
		return ErrorType.UNSUPPORTED_PARAMS;
	}

}
