package dev.llmrouter.sample.standin;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.llmrouter.LlmRouter;
import dev.llmrouter.error.ErrorType;
import dev.llmrouter.retry.GroupRetry;
import dev.llmrouter.routing.DefaultLlmRouter;
import dev.llmrouter.routing.DeploymentSettings;
import dev.llmrouter.routing.DeploymentState;
import dev.llmrouter.routing.GroupSettings;
import dev.llmrouter.routing.RouterSettings;
import io.github.resilience4j.retry.RetryRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.stereotype.Component;

/**
 * TEMPORARY stand-in for the starter's {@code llmrouter} Actuator endpoint, producing the
 * agreed JSON shape from {@link DefaultLlmRouter}. It switches itself off when
 * {@code dev.llmrouter.actuate.LlmRouterEndpoint} exists; delete it then.
 *
 * @author llm-router
 */
@Component
@ConditionalOnMissingClass("dev.llmrouter.actuate.LlmRouterEndpoint")
@Endpoint(id = "llmrouter")
public class LlmRouterEndpointStandIn {

	private static final List<ErrorType> POLICY_TYPES = List.of(ErrorType.TIMEOUT, ErrorType.RATE_LIMIT,
			ErrorType.INTERNAL_SERVER, ErrorType.BAD_REQUEST, ErrorType.AUTHENTICATION,
			ErrorType.CONTENT_POLICY_VIOLATION, ErrorType.UNSUPPORTED_PARAMS);

	private final LlmRouter router;

	LlmRouterEndpointStandIn(LlmRouter router) {
		this.router = router;
	}

	@ReadOperation
	public Map<String, Object> groups() {
		Map<String, Object> groups = new LinkedHashMap<>();
		if (this.router instanceof DefaultLlmRouter router) {
			for (GroupSettings group : router.settings().groups().values()) {
				groups.put(group.name(), describe(router, group));
			}
		}
		return Map.of("groups", groups);
	}

	@ReadOperation
	public @Nullable Map<String, Object> group(@Selector String group) {
		if (this.router instanceof DefaultLlmRouter router) {
			GroupSettings settings = router.settings().groups().get(group);
			return (settings != null) ? describe(router, settings) : null;
		}
		return null;
	}

	@DeleteOperation
	public void clearCooldown(@Selector String group, @Selector String deployment) {
		if (this.router instanceof DefaultLlmRouter router) {
			DeploymentState state = router.state(group, deployment);
			if (state != null) {
				state.clearCooldown();
			}
		}
	}

	private Map<String, Object> describe(DefaultLlmRouter router, GroupSettings group) {
		RouterSettings settings = router.settings();
		GroupRetry retry = new GroupRetry(group.name(), group.retryPolicy().orElse(settings.retryPolicy()),
				group.numRetries(), settings.numRetries(), settings.backoff(), Math::random,
				RetryRegistry.ofDefaults());
		Map<String, Object> retryPolicy = new LinkedHashMap<>();
		POLICY_TYPES.forEach((type) -> retryPolicy.put(type.name(), retry.retriesFor(type, null)));
		long now = router.currentTimeMillis();
		Map<String, Object> deployments = new LinkedHashMap<>();
		boolean available = false;
		for (DeploymentSettings deployment : group.deployments()) {
			DeploymentState state = router.state(group.name(), deployment.id());
			if (state == null) {
				continue;
			}
			boolean coolingDown = state.cooldownUntil() > now;
			available |= !coolingDown;
			deployments.put(deployment.id(), describe(deployment, state, coolingDown, now));
		}
		Map<String, Object> description = new LinkedHashMap<>();
		description.put("routingStrategy",
				kebab((group.routingStrategy() != null) ? group.routingStrategy() : settings.routingStrategy()));
		description.put("numRetries", (group.numRetries() != null) ? group.numRetries() : settings.numRetries());
		description.put("retryPolicy", retryPolicy);
		description.put("fallbacks", group.fallbacks());
		description.put("contextWindowFallbacks", group.contextWindowFallbacks());
		description.put("contentPolicyFallbacks", group.contentPolicyFallbacks());
		description.put("available", available);
		description.put("deployments", deployments);
		return description;
	}

	private Map<String, Object> describe(DeploymentSettings deployment, DeploymentState state, boolean coolingDown,
			long now) {
		Map<String, Long> failures = new LinkedHashMap<>();
		state.failures().forEach((type, count) -> failures.put(type.name(), count));
		Map<String, Object> description = new LinkedHashMap<>();
		description.put("provider", kebab(deployment.endpoint().type()));
		description.put("model", deployment.endpoint().model());
		description.put("baseUrl", deployment.endpoint().baseUrl().toString());
		description.put("apiKey", deployment.endpoint().maskedApiKey());
		description.put("inFlight", state.inFlight());
		description.put("successes", state.successes());
		description.put("retries", state.retries());
		description.put("failures", failures);
		description.put("coolingDown", coolingDown);
		description.put("cooldownUntil",
				(state.cooldownUntil() > 0) ? Instant.ofEpochMilli(state.cooldownUntil()).toString() : null);
		description.put("cooldownRemainingMs", coolingDown ? state.cooldownUntil() - now : 0);
		return description;
	}

	private static String kebab(Enum<?> value) {
		return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

}
