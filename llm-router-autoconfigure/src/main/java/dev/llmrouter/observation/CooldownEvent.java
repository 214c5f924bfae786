package dev.llmrouter.observation;

import java.time.Duration;

import dev.llmrouter.error.LlmException;

/**
 * A deployment was taken out of rotation for a while.
 *
 * @param group the model group
 * @param deployment the deployment
 * @param duration how long it stays out
 * @param error the failure that cooled it
 * @author llm-router
 */
public record CooldownEvent(String group, String deployment, Duration duration, LlmException error) {

}
