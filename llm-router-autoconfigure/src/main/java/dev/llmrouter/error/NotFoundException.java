package dev.llmrouter.error;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * The provider answered HTTP 404 (unknown model or path). Never retried.
 *
 * @author llm-router
 */
public class NotFoundException extends LlmException {

	/**
	 * Create a new instance.
	 * @param message the message (never containing an API key)
	 * @param statusCode the HTTP status, or {@code 0} if there was none
	 * @param retryAfter the wait the provider asked for, if any
	 * @param cause the cause, if any
	 */
	public NotFoundException(String message, int statusCode, @Nullable Duration retryAfter, @Nullable Throwable cause) {
		super(message, statusCode, retryAfter, cause);
	}

	@Override
	public ErrorType errorType() {
		return ErrorType.NOT_FOUND;
	}

}
