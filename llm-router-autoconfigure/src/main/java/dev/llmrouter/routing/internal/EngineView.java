package dev.llmrouter.routing.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.llmrouter.provider.ProviderEndpoint;
import dev.llmrouter.routing.DeploymentStateStore;
import dev.llmrouter.RouterView;
import dev.llmrouter.StateStoreStatus;

/**
 * The view the router publishes: its groups with their resolved settings, built once, and
 * each deployment's live state, read on demand.
 *
 * @author llm-router
 */
final class EngineView implements RouterView {

	private final Map<String, RuntimeGroup> runtime;

	private final Map<String, Group> groups;

	private final RouterClock clock;

	private final Settings settings;

	private final DeploymentStateStore store;

	EngineView(RouterSettings settings, Map<String, RuntimeGroup> runtime, RouterClock clock,
			DeploymentStateStore store) {
		this.runtime = runtime;
		this.store = store;
		this.clock = clock;
		this.settings = new Settings(settings.numRetries(), settings.backoff(), settings.timeout(),
				settings.streamTimeout(), settings.totalTimeout(), settings.routingStrategy(), settings.allowedFails(),
				settings.cooldownTime(), settings.maxCooldownTime(), settings.quotaCooldownTime(),
				settings.maxFallbacks(), settings.defaultFallbacks(), settings.retryPolicy());
		Map<String, Group> groups = new LinkedHashMap<>();
		for (RuntimeGroup group : runtime.values()) {
			groups.put(group.name, describe(group));
		}
		this.groups = Collections.unmodifiableMap(groups);
	}

	private static Group describe(RuntimeGroup group) {
		GroupConfig config = group.config;
		List<Deployment> deployments = new ArrayList<>();
		for (RuntimeDeployment deployment : group.deployments) {
			DeploymentConfig settings = deployment.config;
			ProviderEndpoint endpoint = deployment.endpoint;
			deployments.add(new Deployment(group.name, deployment.id, endpoint.provider(), endpoint.model(),
					endpoint.baseUrl().toString(), endpoint.maskedApiKey(), List.copyOf(endpoint.headers().keySet()),
					settings.timeout(), deployment.streamTimeout(null, null), settings.cooldownTime(),
					settings.weight(), settings.rpm(), settings.tpm(), deployment,
					deployment.provider.supportsEmbeddings()));
		}
		return new Group(group.name, config.routingStrategy(), config.numRetries(), config.retryCounts().effective(),
				config.fallbacks(), config.contextWindowFallbacks(), config.contentPolicyFallbacks(),
				config.totalTimeout(), deployments);
	}

	@Override
	public Settings settings() {
		return this.settings;
	}

	@Override
	public Map<String, Group> groups() {
		return this.groups;
	}

	@Override
	public StateStoreStatus stateStore() {
		return this.store.status();
	}

	@Override
	public Instant now() {
		return this.clock.instant();
	}

	@Override
	public boolean clearCooldown(String group, String deployment) {
		RuntimeGroup runtimeGroup = this.runtime.get(group);
		if (runtimeGroup == null) {
			return false;
		}
		for (RuntimeDeployment candidate : runtimeGroup.deployments) {
			if (candidate.id.equals(deployment)) {
				candidate.state.clearCooldown();
				return true;
			}
		}
		return false;
	}

}
