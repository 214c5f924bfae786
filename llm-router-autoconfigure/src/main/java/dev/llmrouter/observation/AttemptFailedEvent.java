package dev.llmrouter.observation;

import dev.llmrouter.CallMetadata;
import dev.llmrouter.error.LlmException;

/**
 * An attempt failed. Every failed attempt has one, whether or not a retry follows.
 *
 * @param group the model group
 * @param deployment the deployment that failed
 * @param error the classified failure
 * @param metadata the call so far, the failed attempt included
 * @author llm-router
 */
public record AttemptFailedEvent(String group, String deployment, LlmException error, CallMetadata metadata) {

}
