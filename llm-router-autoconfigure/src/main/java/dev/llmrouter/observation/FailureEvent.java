package dev.llmrouter.observation;

import dev.llmrouter.error.LlmException;

/**
 * A call failed after its retries and fallbacks.
 *
 * @param error the error thrown to the caller, the call's metadata attached
 * @author llm-router
 */
public record FailureEvent(LlmException error) {

}
