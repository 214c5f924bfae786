package dev.llmrouter.observation;

import dev.llmrouter.CallMetadata;

/**
 * A call succeeded (for a stream: it completed).
 *
 * @param metadata the whole call
 * @author llm-router
 */
public record SuccessEvent(CallMetadata metadata) {

}
