package dev.llmrouter.actuate;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import dev.llmrouter.LlmRouter;
import dev.llmrouter.error.ErrorType;
import dev.llmrouter.provider.ProviderEndpoint;
import dev.llmrouter.retry.GroupRetry;
import dev.llmrouter.routing.DefaultLlmRouter;
import dev.llmrouter.routing.DeploymentSettings;
import dev.llmrouter.routing.DeploymentState;
import dev.llmrouter.routing.GroupSettings;
import dev.llmrouter.routing.RoutingStrategy;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

/**
 * The {@code llmrouter} Actuator endpoint: model groups with their effective retry
 * policy, fallbacks and deployments, and each deployment's live state. API keys are
 * masked to their last four characters.
 * <ul>
 * <li>{@code GET /actuator/llmrouter}: every group.
 * <li>{@code GET /actuator/llmrouter/{group}}: one group.
 * <li>{@code DELETE /actuator/llmrouter/{group}/{deployment}}: end that deployment's
 * cooldown now; answers with its state.
 * </ul>
 * A router that is not a {@link DefaultLlmRouter} shows no groups.
 *
 * @author llm-router
 */
@Endpoint(id = "llmrouter")
public class LlmRouterEndpoint {

	private static final List<ErrorType> POLICY_TYPES = List.of(ErrorType.TIMEOUT, ErrorType.RATE_LIMIT,
			ErrorType.INTERNAL_SERVER, ErrorType.BAD_REQUEST, ErrorType.AUTHENTICATION,
			ErrorType.CONTENT_POLICY_VIOLATION, ErrorType.UNSUPPORTED_PARAMS);

	private final @Nullable DefaultLlmRouter router;

	/**
	 * Create the endpoint.
	 * @param router the router to describe
	 */
	public LlmRouterEndpoint(LlmRouter router) {
		this.router = (router instanceof DefaultLlmRouter defaultRouter) ? defaultRouter : null;
	}

	/**
	 * Describe every group.
	 * @return the groups by name
	 */
	@ReadOperation
	public RouterDescriptor router() {
		Map<String, GroupDescriptor> groups = new LinkedHashMap<>();
		if (this.router != null) {
			for (GroupSettings group : this.router.settings().groups().values()) {
				groups.put(group.name(), describe(this.router, group));
			}
		}
		return new RouterDescriptor(groups);
	}

	/**
	 * Describe one group.
	 * @param group the group name
	 * @return the group, or {@code null} (404) if there is none
	 */
	@ReadOperation
	public @Nullable GroupDescriptor group(@Selector String group) {
		GroupSettings settings = (this.router != null) ? this.router.settings().groups().get(group) : null;
		return (settings != null) ? describe(this.router, settings) : null;
	}

	/**
	 * End the cooldown of a deployment.
	 * @param group the group name
	 * @param deployment the deployment id
	 * @return the deployment's state afterwards, or {@code null} (404) if there is none
	 */
	@DeleteOperation
	public @Nullable DeploymentDescriptor clearCooldown(@Selector String group, @Selector String deployment) {
		GroupSettings settings = (this.router != null) ? this.router.settings().groups().get(group) : null;
		if (settings == null) {
			return null;
		}
		for (DeploymentSettings candidate : settings.deployments()) {
			DeploymentState state = this.router.state(group, candidate.id());
			if (candidate.id().equals(deployment) && state != null) {
				state.clearCooldown();
				return describe(candidate, state, this.router.currentTimeMillis());
			}
		}
		return null;
	}

	private static GroupDescriptor describe(DefaultLlmRouter router, GroupSettings group) {
		long now = router.currentTimeMillis();
		Map<String, DeploymentDescriptor> deployments = new LinkedHashMap<>();
		boolean available = false;
		for (DeploymentSettings deployment : group.deployments()) {
			DeploymentState state = router.state(group.name(), deployment.id());
			if (state != null) {
				DeploymentDescriptor descriptor = describe(deployment, state, now);
				available |= !descriptor.coolingDown();
				deployments.put(deployment.id(), descriptor);
			}
		}
		RoutingStrategy strategy = (group.routingStrategy() != null) ? group.routingStrategy()
				: router.settings().routingStrategy();
		int numRetries = (group.numRetries() != null) ? group.numRetries() : router.settings().numRetries();
		Map<String, Integer> retryPolicy = new LinkedHashMap<>();
		GroupRetry retry = router.retry(group.name());
		if (retry != null) {
			for (ErrorType type : POLICY_TYPES) {
				retryPolicy.put(type.name(), retry.retriesFor(type, null));
			}
		}
		return new GroupDescriptor(kebab(strategy.name()), numRetries, retryPolicy, group.fallbacks(),
				group.contextWindowFallbacks(), group.contentPolicyFallbacks(), available, deployments);
	}

	private static DeploymentDescriptor describe(DeploymentSettings deployment, DeploymentState state, long now) {
		ProviderEndpoint endpoint = deployment.endpoint();
		Map<String, Long> failures = new TreeMap<>();
		state.failures().forEach((type, count) -> failures.put(type.name(), count));
		long cooldownUntil = state.cooldownUntil();
		boolean coolingDown = cooldownUntil > now;
		return new DeploymentDescriptor(kebab(endpoint.type().name()), endpoint.model(), endpoint.baseUrl().toString(),
				endpoint.maskedApiKey(), state.inFlight(), state.successes(), state.retries(), failures, coolingDown,
				(cooldownUntil > 0) ? Instant.ofEpochMilli(cooldownUntil).toString() : null,
				coolingDown ? cooldownUntil - now : 0);
	}

	private static String kebab(String constant) {
		return constant.toLowerCase(Locale.ROOT).replace('_', '-');
	}

	/**
	 * The router: its groups by name.
	 *
	 * @param groups the groups
	 */
	public record RouterDescriptor(Map<String, GroupDescriptor> groups) {

	}

	/**
	 * A model group.
	 *
	 * @param routingStrategy how a deployment is picked, such as {@code simple-shuffle}
	 * @param numRetries the group's retry count (not counting the first attempt)
	 * @param retryPolicy the effective retry count per error type
	 * @param fallbacks groups tried when this one fails
	 * @param contextWindowFallbacks groups tried when the context window is exceeded
	 * @param contentPolicyFallbacks groups tried when a content filter rejects a call
	 * @param available whether at least one deployment is not cooling down
	 * @param deployments the deployments by id
	 */
	public record GroupDescriptor(String routingStrategy, int numRetries, Map<String, Integer> retryPolicy,
			List<String> fallbacks, List<String> contextWindowFallbacks, List<String> contentPolicyFallbacks,
			boolean available, Map<String, DeploymentDescriptor> deployments) {

	}

	/**
	 * A deployment and its live state.
	 *
	 * @param provider the provider, such as {@code openai}
	 * @param model the provider's model name
	 * @param baseUrl the API base URL
	 * @param apiKey the API key masked to its last four characters, or {@code null}
	 * @param inFlight calls in flight now
	 * @param successes successful attempts since start-up
	 * @param retries retries scheduled after attempts on it since start-up
	 * @param failures failed attempts since start-up by error type
	 * @param coolingDown whether it is cooling down now
	 * @param cooldownUntil the end of its latest cooldown (ISO-8601), or {@code null} if
	 * it never cooled down
	 * @param cooldownRemainingMs milliseconds left of the cooldown, {@code 0} if none
	 */
	public record DeploymentDescriptor(String provider, String model, String baseUrl, @Nullable String apiKey,
			int inFlight, long successes, long retries, Map<String, Long> failures, boolean coolingDown,
			@Nullable String cooldownUntil, long cooldownRemainingMs) {

	}

}
