package dev.llmrouter.autoconfigure;

import java.time.Duration;

import dev.llmrouter.LlmRouter;
import dev.llmrouter.client.StructuredOutputSettings;
import dev.llmrouter.Backoff;
import dev.llmrouter.RetryPolicy;
import dev.llmrouter.routing.InvalidRouterConfigurationException;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * Applies the bound {@link LlmRouterProperties} to an {@link LlmRouter.Builder}, once, at
 * start-up. Problems only the property form can have (a negative count, a multiplier
 * below 1) fail here with the property's name; the router checks the rest when it is
 * built.
 *
 * @author llm-router
 */
final class RouterSettingsMapper {

	private static final String PREFIX = "llm.router.";

	private RouterSettingsMapper() {
	}

	static void apply(LlmRouterProperties properties, RetryPolicy globalPolicy, LlmRouter.Builder builder) {
		LlmRouterProperties.Backoff backoff = properties.getBackoff();
		nonNegative(properties.getRetryAfter(), "retry-after");
		nonNegative(backoff.getInitialInterval(), "backoff.initial-interval");
		nonNegative(backoff.getMaxInterval(), "backoff.max-interval");
		nonNegative(backoff.getMaxRetryAfter(), "backoff.max-retry-after");
		if (!(backoff.getMultiplier() >= 1.0) || Double.isInfinite(backoff.getMultiplier())) {
			throw new InvalidRouterConfigurationException(PREFIX + "backoff.multiplier",
					"must be at least 1.0, was " + backoff.getMultiplier(), "Set it to 1.0 (constant) or more.");
		}
		builder.numRetries(properties.getNumRetries())
			.backoff(new Backoff(backoff.getInitialInterval(), backoff.getMultiplier(), backoff.getMaxInterval(),
					backoff.getMaxRetryAfter(), properties.getRetryAfter()))
			.timeout(properties.getTimeout())
			.streamTimeout(properties.getStreamTimeout())
			.totalTimeout(properties.getTotalTimeout())
			.routingStrategy(properties.getRoutingStrategy())
			.allowedFails(properties.getAllowedFails())
			.cooldownTime(properties.getCooldownTime())
			.maxCooldownTime(properties.getMaxCooldownTime())
			.quotaCooldownTime(properties.getQuotaCooldownTime())
			.maxFallbacks(properties.getMaxFallbacks())
			.defaultFallbacks(properties.getDefaultFallbacks())
			.retryPolicy(globalPolicy);
		properties.getGroups().forEach((name, group) -> builder.group(name, (spec) -> group(name, group, spec)));
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

	private static void group(String name, LlmRouterProperties.Group group, LlmRouter.GroupSpec spec) {
		String path = "groups." + name + ".";
		spec.numRetries(count(group.getNumRetries(), path + "num-retries"))
			.retryPolicy(retryPolicy(group.getRetryPolicy(), path + "retry-policy."))
			.fallbacks(group.getFallbacks().toArray(String[]::new))
			.contextWindowFallbacks(group.getContextWindowFallbacks().toArray(String[]::new))
			.contentPolicyFallbacks(group.getContentPolicyFallbacks().toArray(String[]::new))
			.routingStrategy(group.getRoutingStrategy())
			.timeout(group.getTimeout())
			.streamTimeout(group.getStreamTimeout())
			.totalTimeout(group.getTotalTimeout());
		group.getDeployments().forEach((id, deployment) -> spec.deployment(id, (d) -> deployment(deployment, d)));
	}

	private static void deployment(LlmRouterProperties.Deployment deployment, LlmRouter.DeploymentSpec spec) {
		spec.provider(deployment.getProvider())
			.apiKey(deployment.getApiKey())
			.headers(deployment.getHeaders())
			.weight(deployment.getWeight())
			.rpm(deployment.getRpm())
			.tpm(deployment.getTpm())
			.timeout(deployment.getTimeout())
			.streamTimeout(deployment.getStreamTimeout())
			.cooldownTime(deployment.getCooldownTime())
			.streamUsage(deployment.isStreamUsage())
			.maxTokens(deployment.getMaxTokens())
			.azureDeployment(deployment.getAzureDeployment())
			.apiVersion(deployment.getApiVersion());
		if (deployment.getModel() != null) {
			spec.model(deployment.getModel());
		}
		if (deployment.getBaseUrl() != null) {
			spec.baseUrl(deployment.getBaseUrl());
		}
	}

	static StructuredOutputSettings structuredOutput(LlmRouterProperties.StructuredOutput properties,
			JsonMapper jsonMapper) {
		if (properties.getRetries() < 0) {
			throw new InvalidRouterConfigurationException(PREFIX + "structured-output.retries",
					"must not be negative, was " + properties.getRetries(), "Set it to 0 (never ask again) or more.");
		}
		return new StructuredOutputSettings(jsonMapper, properties.getRetries());
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
