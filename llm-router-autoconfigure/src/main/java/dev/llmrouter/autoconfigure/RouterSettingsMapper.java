package dev.llmrouter.autoconfigure;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.llmrouter.provider.ProviderEndpoint;
import dev.llmrouter.retry.Backoff;
import dev.llmrouter.retry.RetryPolicy;
import dev.llmrouter.routing.DeploymentSettings;
import dev.llmrouter.routing.GroupSettings;
import dev.llmrouter.routing.InvalidRouterConfigurationException;
import dev.llmrouter.routing.RouterSettings;
import org.jspecify.annotations.Nullable;

/**
 * Maps the bound {@link LlmRouterProperties} onto {@link RouterSettings}, once, at
 * start-up. Problems only the property form can have (a missing model, a base-url that is
 * not a URL, a negative count) fail here with the property's name; the router checks the
 * rest.
 *
 * @author llm-router
 */
final class RouterSettingsMapper {

	private static final String PREFIX = "llm.router.";

	private RouterSettingsMapper() {
	}

	static RouterSettings map(LlmRouterProperties properties, RetryPolicy globalPolicy) {
		LlmRouterProperties.Backoff backoff = properties.getBackoff();
		nonNegative(properties.getRetryAfter(), "retry-after");
		nonNegative(backoff.getInitialInterval(), "backoff.initial-interval");
		nonNegative(backoff.getMaxInterval(), "backoff.max-interval");
		nonNegative(backoff.getMaxRetryAfter(), "backoff.max-retry-after");
		if (!(backoff.getMultiplier() >= 1.0) || Double.isInfinite(backoff.getMultiplier())) {
			throw new InvalidRouterConfigurationException(PREFIX + "backoff.multiplier",
					"must be at least 1.0, was " + backoff.getMultiplier(), "Set it to 1.0 (constant) or more.");
		}
		Map<String, GroupSettings> groups = new LinkedHashMap<>();
		properties.getGroups().forEach((name, group) -> groups.put(name, group(name, group)));
		return new RouterSettings(properties.getNumRetries(),
				new Backoff(backoff.getInitialInterval(), backoff.getMultiplier(), backoff.getMaxInterval(),
						backoff.getMaxRetryAfter(), properties.getRetryAfter()),
				properties.getTimeout(), properties.getStreamTimeout(), properties.getTotalTimeout(),
				properties.getRoutingStrategy(), properties.getAllowedFails(), properties.getCooldownTime(),
				properties.getMaxFallbacks(), properties.getDefaultFallbacks(), globalPolicy, groups);
	}

	static RetryPolicy retryPolicy(LlmRouterProperties.RetryPolicy properties, String path) {
		return new RetryPolicy(count(properties.getTimeoutErrorRetries(), path + "timeout-error-retries"),
				count(properties.getRateLimitErrorRetries(), path + "rate-limit-error-retries"),
				count(properties.getInternalServerErrorRetries(), path + "internal-server-error-retries"),
				count(properties.getBadRequestErrorRetries(), path + "bad-request-error-retries"),
				count(properties.getAuthenticationErrorRetries(), path + "authentication-error-retries"),
				count(properties.getContentPolicyViolationErrorRetries(),
						path + "content-policy-violation-error-retries"),
				count(properties.getUnsupportedParamsRetries(), path + "unsupported-params-retries"));
	}

	private static GroupSettings group(String name, LlmRouterProperties.Group group) {
		String path = "groups." + name + ".";
		GroupSettings.Builder builder = GroupSettings.builder(name)
			.numRetries(count(group.getNumRetries(), path + "num-retries"))
			.retryPolicy(retryPolicy(group.getRetryPolicy(), path + "retry-policy."))
			.fallbacks(group.getFallbacks().toArray(String[]::new))
			.contextWindowFallbacks(group.getContextWindowFallbacks().toArray(String[]::new))
			.contentPolicyFallbacks(group.getContentPolicyFallbacks().toArray(String[]::new))
			.routingStrategy(group.getRoutingStrategy())
			.timeout(group.getTimeout())
			.streamTimeout(group.getStreamTimeout())
			.totalTimeout(group.getTotalTimeout());
		group.getDeployments().forEach((id, deployment) -> builder.deployment(deployment(id, deployment, path)));
		return builder.build();
	}

	private static DeploymentSettings deployment(String id, LlmRouterProperties.Deployment deployment,
			String groupPath) {
		String path = groupPath + "deployments." + id + ".";
		String model = deployment.getModel();
		if (model == null || model.isBlank()) {
			throw new InvalidRouterConfigurationException(PREFIX + path + "model", "no model is set",
					"Set the provider's model name, such as gpt-4o.");
		}
		URI baseUrl = baseUrl(deployment.getBaseUrl(), path + "base-url");
		ProviderEndpoint endpoint = new ProviderEndpoint(id, deployment.getProvider(), model, baseUrl,
				deployment.getApiKey(), deployment.getHeaders());
		return new DeploymentSettings(endpoint, deployment.getWeight(), deployment.getRpm(), deployment.getTpm(),
				deployment.getTimeout(), deployment.getStreamTimeout(), deployment.getCooldownTime());
	}

	private static URI baseUrl(@Nullable String value, String property) {
		String fix = "Set it to the API's base URL, such as https://api.openai.com/v1.";
		if (value == null || value.isBlank()) {
			throw new InvalidRouterConfigurationException(PREFIX + property, "no base-url is set", fix);
		}
		try {
			URI uri = new URI(value.trim());
			if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
					|| uri.getHost() == null) {
				throw new InvalidRouterConfigurationException(PREFIX + property,
						"'" + value + "' is not an absolute http(s) URL", fix);
			}
			return uri;
		}
		catch (URISyntaxException ex) {
			throw new InvalidRouterConfigurationException(PREFIX + property,
					"'" + value + "' is not a valid URL (" + ex.getReason() + ")", fix);
		}
	}

	private static @Nullable Integer count(@Nullable Integer value, String property) {
		if (value != null && value < 0) {
			throw new InvalidRouterConfigurationException(PREFIX + property, "must not be negative, was " + value,
					"Set it to 0 (no retries) or more.");
		}
		return value;
	}

	private static void nonNegative(Duration value, String property) {
		if (value.isNegative()) {
			throw new InvalidRouterConfigurationException(PREFIX + property, "must not be negative, was " + value,
					"Set a duration of 0s or more.");
		}
	}

}
