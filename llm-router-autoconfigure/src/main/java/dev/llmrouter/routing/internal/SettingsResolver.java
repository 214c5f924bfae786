package dev.llmrouter.routing.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.llmrouter.provider.ProviderEndpoint;
import dev.llmrouter.RetryPolicy;
import dev.llmrouter.RoutingStrategy;
import org.jspecify.annotations.Nullable;

/**
 * Resolves the inheritance of settings, once, when the router is built: a deployment's
 * setting, else its group's, else the router's.
 *
 * @author llm-router
 */
final class SettingsResolver {

	private SettingsResolver() {
	}

	static GroupConfig group(RouterSettings settings, Specs.Group group) {
		RoutingStrategy strategy = (group.routingStrategy != null) ? group.routingStrategy : settings.routingStrategy();
		int numRetries = (group.numRetries != null) ? group.numRetries : settings.numRetries();
		RetryPolicy policy = group.retryPolicy.orElse(settings.retryPolicy());
		List<DeploymentConfig> deployments = new ArrayList<>();
		String path = "groups." + group.name + ".deployments.";
		for (Specs.Deployment deployment : group.deployments.values()) {
			deployments.add(deployment(settings, group, deployment, path + deployment.id + ".base-url"));
		}
		return new GroupConfig(group.name, strategy, numRetries, new RetryCounts(policy, numRetries),
				group.fallbacks.isEmpty() ? settings.defaultFallbacks() : group.fallbacks, group.contextWindowFallbacks,
				group.contentPolicyFallbacks, first(group.totalTimeout, settings.totalTimeout()), deployments);
	}

	private static DeploymentConfig deployment(RouterSettings settings, Specs.Group group, Specs.Deployment deployment,
			String baseUrlProperty) {
		ProviderEndpoint endpoint = ProviderEndpoint
			.builder(deployment.id, deployment.provider, deployment.model,
					SettingsValidator.baseUrl(SettingsValidator.baseUrlOrDefault(deployment), baseUrlProperty))
			.group(group.name)
			.apiKey(deployment.apiKey)
			.headers(deployment.headers)
			.streamUsage(deployment.streamUsage)
			.maxTokens(deployment.maxTokens)
			.azureDeployment(deployment.azureDeployment)
			.apiVersion(deployment.apiVersion)
			.build();
		Duration timeout = first(deployment.timeout, first(group.timeout, settings.timeout()));
		Duration streamTimeout = first(deployment.streamTimeout, first(group.streamTimeout, settings.streamTimeout()));
		Duration cooldown = first(deployment.cooldownTime, settings.cooldownTime());
		return new DeploymentConfig(endpoint, deployment.weight, deployment.rpm, deployment.tpm, timeout, streamTimeout,
				cooldown);
	}

	@SuppressWarnings("NullAway")
	private static <T> T first(@Nullable T value, T fallback) {
		return (value != null) ? value : fallback;
	}

}
