package dev.llmrouter.observation;

import dev.llmrouter.CallMetadata;
import dev.llmrouter.error.LlmException;

/**
 * A call moves from a group that failed to a fallback group.
 *
 * @param fromGroup the group that failed
 * @param toGroup the fallback group
 * @param error the failure of {@code fromGroup}
 * @param metadata the call so far
 * @author llm-router
 */
public record FallbackEvent(String fromGroup, String toGroup, LlmException error, CallMetadata metadata) {

}
