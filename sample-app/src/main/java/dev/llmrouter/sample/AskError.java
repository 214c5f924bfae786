package dev.llmrouter.sample;

import java.util.List;

import dev.llmrouter.CallMetadata;
import dev.llmrouter.error.LlmException;

/**
 * What {@code GET /ask} returns when every attempt, retry and fallback failed.
 *
 * @param error the exception's simple name, such as {@code RateLimitException}
 * @param message the exception's message
 * @param group the group of the last attempt
 * @param retryCount attempts minus one over the whole call
 * @param fallbackCount how many fallback groups the call moved to
 * @param attempts every attempt, in order
 * @author llm-router
 */
public record AskError(String error, String message, String group, int retryCount, int fallbackCount,
		List<AskResult.AttemptView> attempts) {

	static AskError of(LlmException ex) {
		CallMetadata metadata = ex.metadata();
		return new AskError(ex.getClass().getSimpleName(), String.valueOf(ex.getMessage()), metadata.modelGroup(),
				metadata.retryCount(), metadata.fallbackCount(), AskResult.AttemptView.of(metadata));
	}

}
