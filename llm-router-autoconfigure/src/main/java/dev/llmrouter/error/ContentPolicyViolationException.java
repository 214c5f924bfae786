package dev.llmrouter.error;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * A content filter or moderation rejected the request or stopped the completion. Goes to
 * {@code content-policy-fallbacks}.
 *
 * @author llm-router
 */
public class ContentPolicyViolationException extends BadRequestException {

	/**
	 * Create a new instance.
	 * @param message the message (never containing an API key)
	 * @param statusCode the HTTP status, or {@code 0} if there was none
	 * @param retryAfter the wait the provider asked for, if any
	 * @param cause the cause, if any
	 */
	public ContentPolicyViolationException(String message, int statusCode, @Nullable Duration retryAfter,
			@Nullable Throwable cause) {
		super(message, statusCode, retryAfter, cause);
	}

	@Override
	public ErrorType errorType() {
		return ErrorType.CONTENT_POLICY_VIOLATION;
	}

}
