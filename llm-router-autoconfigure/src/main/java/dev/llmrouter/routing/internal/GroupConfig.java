package dev.llmrouter.routing.internal;

import java.time.Duration;
import java.util.List;

import dev.llmrouter.RoutingStrategy;
import org.jspecify.annotations.Nullable;

/**
 * A model group with every setting resolved against the router's: what the engine, the
 * retry decision and the published view all read.
 *
 * @param name the group name
 * @param routingStrategy how it picks a deployment
 * @param numRetries its retry count for error types whose policy field is unset
 * @param retryCounts the retry count of each error type
 * @param fallbacks its fallbacks, or the router's default fallbacks when it lists none
 * @param contextWindowFallbacks groups tried at once when the context window is exceeded
 * @param contentPolicyFallbacks groups tried at once when a content filter rejects a call
 * @param totalTimeout the timeout of a call that starts here, or {@code null} for none
 * @param deployments its deployments, in configuration order
 * @author llm-router
 */
record GroupConfig(String name, RoutingStrategy routingStrategy, int numRetries, RetryCounts retryCounts,
		List<String> fallbacks, List<String> contextWindowFallbacks, List<String> contentPolicyFallbacks,
		@Nullable Duration totalTimeout, List<DeploymentConfig> deployments) {

	GroupConfig {
		fallbacks = List.copyOf(fallbacks);
		contextWindowFallbacks = List.copyOf(contextWindowFallbacks);
		contentPolicyFallbacks = List.copyOf(contentPolicyFallbacks);
		deployments = List.copyOf(deployments);
	}

}
