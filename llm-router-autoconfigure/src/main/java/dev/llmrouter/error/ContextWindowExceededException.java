package dev.llmrouter.error;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * The prompt exceeded the model's context window. Goes straight to
 * {@code context-window-fallbacks}.
 *
 * @author llm-router
 */
public class ContextWindowExceededException extends BadRequestException {

	/**
	 * Create a new instance.
	 * @param message the message (never containing an API key)
	 * @param statusCode the HTTP status, or {@code 0} if there was none
	 * @param retryAfter the wait the provider asked for, if any
	 * @param cause the cause, if any
	 */
	public ContextWindowExceededException(String message, int statusCode, @Nullable Duration retryAfter,
			@Nullable Throwable cause) {
		super(message, statusCode, retryAfter, cause);
	}

	@Override
	public ErrorType errorType() {
		return ErrorType.CONTEXT_WINDOW_EXCEEDED;
	}

}
