package dev.llmrouter.actuate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.llmrouter.LlmRouter;
import dev.llmrouter.RetryPolicy;
import dev.llmrouter.RouterView;
import dev.llmrouter.StateStoreStatus;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

/**
 * The {@code llmrouter} Actuator endpoint: model groups with their effective retry
 * policy, fallbacks and deployments, and each deployment's live state, as the router's
 * {@link RouterView} shows them, and which groups serve embedding calls. API keys are
 * masked to their last four characters.
 * <ul>
 * <li>{@code GET /actuator/llmrouter}: every group.
 * <li>{@code GET /actuator/llmrouter/{group}}: one group.
 * <li>{@code DELETE /actuator/llmrouter/{group}/{deployment}}: end that deployment's
 * cooldown now; answers with its state.
 * </ul>
 * A router that offers no view is reported as such ({@code unavailable} says why), with
 * no groups.
 *
 * @author llm-router
 */
@Endpoint(id = "llmrouter")
public class LlmRouterEndpoint {

	private final LlmRouter router;

	/**
	 * Create the endpoint.
	 * @param router the router to describe
	 */
	public LlmRouterEndpoint(LlmRouter router) {
		this.router = router;
	}

	/**
	 * Describe every group.
	 * @return the router
	 */
	@ReadOperation
	public RouterDescriptor router() {
		RouterView view = this.router.view().orElse(null);
		if (view == null) {
			return new RouterDescriptor(this.router.getClass().getName(), noView(this.router), null, Map.of());
		}
		Map<String, GroupDescriptor> groups = new LinkedHashMap<>();
		view.groups().forEach((name, group) -> groups.put(name, describe(group)));
		StateStoreStatus store = view.stateStore();
		return new RouterDescriptor(this.router.getClass().getName(), null,
				new StateStoreDescriptor(store.kind(), store.available(), store.details()), groups);
	}

	/**
	 * Describe one group.
	 * @param group the group name
	 * @return the group, or {@code null} (404) if there is none
	 */
	@ReadOperation
	public @Nullable GroupDescriptor group(@Selector String group) {
		RouterView.Group found = this.router.view().map((view) -> view.group(group)).orElse(null);
		return (found != null) ? describe(found) : null;
	}

	/**
	 * End the cooldown of a deployment.
	 * @param group the group name
	 * @param deployment the deployment id
	 * @return the deployment's state afterwards, or {@code null} (404) if there is none
	 */
	@DeleteOperation
	public @Nullable DeploymentDescriptor clearCooldown(@Selector String group, @Selector String deployment) {
		RouterView view = this.router.view().orElse(null);
		RouterView.Group found = (view != null) ? view.group(group) : null;
		if (view == null || found == null || !view.clearCooldown(group, deployment)) {
			return null;
		}
		for (RouterView.Deployment candidate : found.deployments()) {
			if (candidate.id().equals(deployment)) {
				return describe(candidate);
			}
		}
		return null;
	}

	/**
	 * Why a router has nothing to show.
	 */
	static String noView(LlmRouter router) {
		return "The LlmRouter bean (" + router.getClass().getName()
				+ ") offers no RouterView: return one from its view() method (a router that wraps another can"
				+ " return the view of the one it wraps)";
	}

	private static GroupDescriptor describe(RouterView.Group group) {
		Map<String, DeploymentDescriptor> deployments = new LinkedHashMap<>();
		for (RouterView.Deployment deployment : group.deployments()) {
			deployments.put(deployment.id(), describe(deployment));
		}
		return new GroupDescriptor(kebab(group.routingStrategy().name()), group.numRetries(),
				retryPolicy(group.retryPolicy()), group.fallbacks(), group.contextWindowFallbacks(),
				group.contentPolicyFallbacks(), group.available(), group.embeddings(), deployments);
	}

	private static Map<String, Integer> retryPolicy(RetryPolicy policy) {
		Map<String, Integer> counts = new LinkedHashMap<>();
		counts.put("TIMEOUT", policy.timeoutErrorRetries());
		counts.put("RATE_LIMIT", policy.rateLimitErrorRetries());
		counts.put("INTERNAL_SERVER", policy.internalServerErrorRetries());
		counts.put("BAD_REQUEST", policy.badRequestErrorRetries());
		counts.put("AUTHENTICATION", policy.authenticationErrorRetries());
		counts.put("CONTENT_POLICY_VIOLATION", policy.contentPolicyViolationErrorRetries());
		counts.put("UNSUPPORTED_PARAMS", policy.unsupportedParamsRetries());
		return counts;
	}

	private static DeploymentDescriptor describe(RouterView.Deployment deployment) {
		RouterView.DeploymentStatus status = deployment.status();
		return new DeploymentDescriptor(deployment.provider(), deployment.model(), deployment.baseUrl(),
				deployment.maskedApiKey(), status.inFlight(), status.successes(), status.retries(), status.failures(),
				status.coolingDown(), (status.cooldownUntil() != null) ? status.cooldownUntil().toString() : null,
				status.cooldownRemaining().toMillis(), deployment.embeddings());
	}

	private static String kebab(String constant) {
		return constant.toLowerCase(Locale.ROOT).replace('_', '-');
	}

	/**
	 * The router: its groups by name.
	 *
	 * @param router the router's class
	 * @param unavailable why the router could not be described, or {@code null} when it
	 * was
	 * @param stateStore where deployment state is kept, or {@code null} when the router
	 * could not be described
	 * @param groups the groups
	 */
	public record RouterDescriptor(String router, @Nullable String unavailable,
			@Nullable StateStoreDescriptor stateStore, Map<String, GroupDescriptor> groups) {

	}

	/**
	 * Where deployment state is kept.
	 *
	 * @param kind {@code memory}, or {@code redis} with {@code llm-router-redis}
	 * @param available whether the store reaches its backend; when it does not, the
	 * instance goes on with its local state
	 * @param details more about the store, such as its key prefix
	 */
	public record StateStoreDescriptor(String kind, boolean available, Map<String, Object> details) {

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
	 * @param embeddings whether the group serves embedding calls (every deployment's
	 * adapter does)
	 * @param deployments the deployments by id
	 */
	public record GroupDescriptor(String routingStrategy, int numRetries, Map<String, Integer> retryPolicy,
			List<String> fallbacks, List<String> contextWindowFallbacks, List<String> contentPolicyFallbacks,
			boolean available, boolean embeddings, Map<String, DeploymentDescriptor> deployments) {

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
	 * @param retries retries made after attempts on it since start-up
	 * @param failures failed attempts since start-up by error type
	 * @param coolingDown whether it is cooling down now
	 * @param cooldownUntil the end of its latest cooldown (ISO-8601), or {@code null} if
	 * it never cooled down
	 * @param cooldownRemainingMs milliseconds left of the cooldown, {@code 0} if none
	 * @param embeddings whether its adapter serves embedding calls
	 */
	public record DeploymentDescriptor(String provider, String model, String baseUrl, @Nullable String apiKey,
			int inFlight, long successes, long retries, Map<String, Long> failures, boolean coolingDown,
			@Nullable String cooldownUntil, long cooldownRemainingMs, boolean embeddings) {

	}

}
