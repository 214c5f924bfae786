package dev.llmrouter.observation;

import java.time.Duration;

import dev.llmrouter.CallMetadata;
import dev.llmrouter.error.LlmException;
import org.jspecify.annotations.Nullable;

/**
 * The router retries within a group: the next attempt starts now, after the wait the
 * failure called for.
 *
 * @param group the model group
 * @param deployment the deployment whose failure caused the retry, or {@code null} when
 * the call waited for a group none of whose deployments was available before it made an
 * attempt there
 * @param error the failure that caused the retry
 * @param delay the wait actually taken before the retry ({@link Duration#ZERO} when the
 * retry went to another deployment at once)
 * @param metadata the call so far
 * @author llm-router
 */
public record RetryEvent(String group, @Nullable String deployment, LlmException error, Duration delay,
		CallMetadata metadata) {

}
