package dev.llmrouter.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.llmrouter.RoutingStrategy;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of the LLM router: global retry, backoff, timeout, routing, cooldown and
 * fallback settings, and the model groups with their deployments.
 *
 * @author llm-router
 */
@ConfigurationProperties("llm.router")
public class LlmRouterProperties {

	/**
	 * Whether to auto-configure the LLM router.
	 */
	private boolean enabled = true;

	/**
	 * Retries per model group, not counting the first attempt (2 means up to 3 attempts;
	 * 0 disables retries). Overridden by a group's num-retries, a retry-policy field or a
	 * request.
	 */
	private int numRetries = 2;

	/**
	 * Minimum wait before any retry.
	 */
	private Duration retryAfter = Duration.ZERO;

	/**
	 * Exponential backoff with full jitter between retries on the same deployment.
	 */
	private final Backoff backoff = new Backoff();

	/**
	 * Timeout of each non-streaming attempt.
	 */
	private Duration timeout = Duration.ofMinutes(10);

	/**
	 * Timeout of a streaming attempt's first chunk and of each gap between chunks.
	 * Defaults to the timeout.
	 */
	private @Nullable Duration streamTimeout;

	/**
	 * Timeout of a whole call: all attempts, waits and fallbacks. None by default.
	 */
	private @Nullable Duration totalTimeout;

	/**
	 * How a group picks a deployment: simple-shuffle (weighted random), round-robin,
	 * least-busy, latency-based or usage-based.
	 */
	private RoutingStrategy routingStrategy = RoutingStrategy.SIMPLE_SHUFFLE;

	/**
	 * Failures within a minute after which a deployment cools down.
	 */
	private int allowedFails = 3;

	/**
	 * How long a deployment cools down when the failure gives no Retry-After.
	 */
	private Duration cooldownTime = Duration.ofSeconds(5);

	/**
	 * Longest any cooldown lasts, whatever a provider's Retry-After says.
	 */
	private Duration maxCooldownTime = Duration.ofHours(1);

	/**
	 * How long a deployment whose quota or credit is spent (insufficient_quota,
	 * billing_error, HTTP 402) stays out of rotation; not capped by max-cooldown-time, 0
	 * turns it off.
	 */
	private Duration quotaCooldownTime = Duration.ofHours(1);

	/**
	 * How many fallback groups one call may move to.
	 */
	private int maxFallbacks = 5;

	/**
	 * Fallback groups for groups that list none.
	 */
	private List<String> defaultFallbacks = new ArrayList<>();

	/**
	 * Global retry counts per error type. Unset fields keep the type's default.
	 */
	private final RetryPolicy retryPolicy = new RetryPolicy();

	/**
	 * Model groups by name. Requests address a group by its name.
	 */
	private Map<String, Group> groups = new LinkedHashMap<>();

	/**
	 * Structured output of @LlmClient methods that return a record, a POJO, a list or set
	 * of them, or an enum.
	 */
	private final StructuredOutput structuredOutput = new StructuredOutput();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public int getNumRetries() {
		return this.numRetries;
	}

	public void setNumRetries(int numRetries) {
		this.numRetries = numRetries;
	}

	public Duration getRetryAfter() {
		return this.retryAfter;
	}

	public void setRetryAfter(Duration retryAfter) {
		this.retryAfter = retryAfter;
	}

	public Backoff getBackoff() {
		return this.backoff;
	}

	public Duration getTimeout() {
		return this.timeout;
	}

	public void setTimeout(Duration timeout) {
		this.timeout = timeout;
	}

	public @Nullable Duration getStreamTimeout() {
		return this.streamTimeout;
	}

	public void setStreamTimeout(@Nullable Duration streamTimeout) {
		this.streamTimeout = streamTimeout;
	}

	public @Nullable Duration getTotalTimeout() {
		return this.totalTimeout;
	}

	public void setTotalTimeout(@Nullable Duration totalTimeout) {
		this.totalTimeout = totalTimeout;
	}

	public RoutingStrategy getRoutingStrategy() {
		return this.routingStrategy;
	}

	public void setRoutingStrategy(RoutingStrategy routingStrategy) {
		this.routingStrategy = routingStrategy;
	}

	public int getAllowedFails() {
		return this.allowedFails;
	}

	public void setAllowedFails(int allowedFails) {
		this.allowedFails = allowedFails;
	}

	public Duration getCooldownTime() {
		return this.cooldownTime;
	}

	public void setCooldownTime(Duration cooldownTime) {
		this.cooldownTime = cooldownTime;
	}

	public Duration getMaxCooldownTime() {
		return this.maxCooldownTime;
	}

	public void setMaxCooldownTime(Duration maxCooldownTime) {
		this.maxCooldownTime = maxCooldownTime;
	}

	public Duration getQuotaCooldownTime() {
		return this.quotaCooldownTime;
	}

	public void setQuotaCooldownTime(Duration quotaCooldownTime) {
		this.quotaCooldownTime = quotaCooldownTime;
	}

	public int getMaxFallbacks() {
		return this.maxFallbacks;
	}

	public void setMaxFallbacks(int maxFallbacks) {
		this.maxFallbacks = maxFallbacks;
	}

	public List<String> getDefaultFallbacks() {
		return this.defaultFallbacks;
	}

	public void setDefaultFallbacks(List<String> defaultFallbacks) {
		this.defaultFallbacks = defaultFallbacks;
	}

	public RetryPolicy getRetryPolicy() {
		return this.retryPolicy;
	}

	public Map<String, Group> getGroups() {
		return this.groups;
	}

	public void setGroups(Map<String, Group> groups) {
		this.groups = groups;
	}

	public StructuredOutput getStructuredOutput() {
		return this.structuredOutput;
	}

	/**
	 * Structured output of {@code @LlmClient} methods: what happens when an answer does
	 * not parse into the method's return type.
	 */
	public static class StructuredOutput {

		/**
		 * How many times an @LlmClient method asks again when the answer does not parse
		 * into its return type, not counting the first call (0 never asks again). Each
		 * new call carries the previous answer and the parse error.
		 */
		private int retries;

		public int getRetries() {
			return this.retries;
		}

		public void setRetries(int retries) {
			this.retries = retries;
		}

	}

	/**
	 * Backoff between retries on the same deployment: before retry k the router waits a
	 * random time in [0, min(initial-interval × multiplier^(k-1), max-interval)], at
	 * least retry-after and at least the provider's Retry-After.
	 */
	public static class Backoff {

		/**
		 * Upper bound of the random wait before the first retry.
		 */
		private Duration initialInterval = Duration.ofSeconds(2);

		/**
		 * Growth of the upper bound per retry.
		 */
		private double multiplier = 2.0;

		/**
		 * Largest upper bound of the random wait.
		 */
		private Duration maxInterval = Duration.ofSeconds(60);

		/**
		 * Longest provider Retry-After the router waits for; above it the group stops
		 * retrying and the error carries the Retry-After.
		 */
		private Duration maxRetryAfter = Duration.ofSeconds(60);

		public Duration getInitialInterval() {
			return this.initialInterval;
		}

		public void setInitialInterval(Duration initialInterval) {
			this.initialInterval = initialInterval;
		}

		public double getMultiplier() {
			return this.multiplier;
		}

		public void setMultiplier(double multiplier) {
			this.multiplier = multiplier;
		}

		public Duration getMaxInterval() {
			return this.maxInterval;
		}

		public void setMaxInterval(Duration maxInterval) {
			this.maxInterval = maxInterval;
		}

		public Duration getMaxRetryAfter() {
			return this.maxRetryAfter;
		}

		public void setMaxRetryAfter(Duration maxRetryAfter) {
			this.maxRetryAfter = maxRetryAfter;
		}

	}

	/**
	 * Retry counts per error type, not counting the first attempt. 0 disables retries for
	 * the type; a positive value enables them, even for types not retried by default.
	 */
	public static class RetryPolicy {

		/**
		 * Retries after an attempt, first-chunk or idle timeout, or HTTP 408.
		 */
		private @Nullable Integer timeoutErrorRetries;

		/**
		 * Retries after HTTP 429, or when every deployment is cooling down.
		 */
		private @Nullable Integer rateLimitErrorRetries;

		/**
		 * Retries after HTTP 5xx or 409, a connection failure, or a malformed response.
		 */
		private @Nullable Integer internalServerErrorRetries;

		/**
		 * Retries after HTTP 400 or 422 (not retried by default).
		 */
		private @Nullable Integer badRequestErrorRetries;

		/**
		 * Retries after HTTP 401 or 403 (not retried by default).
		 */
		private @Nullable Integer authenticationErrorRetries;

		/**
		 * Retries after a content filter rejection (not retried by default).
		 */
		private @Nullable Integer contentPolicyViolationErrorRetries;

		/**
		 * Retries after an unsupported parameter or value rejection (not retried by
		 * default).
		 */
		private @Nullable Integer unsupportedParamsRetries;

		public @Nullable Integer getTimeoutErrorRetries() {
			return this.timeoutErrorRetries;
		}

		public void setTimeoutErrorRetries(@Nullable Integer timeoutErrorRetries) {
			this.timeoutErrorRetries = timeoutErrorRetries;
		}

		public @Nullable Integer getRateLimitErrorRetries() {
			return this.rateLimitErrorRetries;
		}

		public void setRateLimitErrorRetries(@Nullable Integer rateLimitErrorRetries) {
			this.rateLimitErrorRetries = rateLimitErrorRetries;
		}

		public @Nullable Integer getInternalServerErrorRetries() {
			return this.internalServerErrorRetries;
		}

		public void setInternalServerErrorRetries(@Nullable Integer internalServerErrorRetries) {
			this.internalServerErrorRetries = internalServerErrorRetries;
		}

		public @Nullable Integer getBadRequestErrorRetries() {
			return this.badRequestErrorRetries;
		}

		public void setBadRequestErrorRetries(@Nullable Integer badRequestErrorRetries) {
			this.badRequestErrorRetries = badRequestErrorRetries;
		}

		public @Nullable Integer getAuthenticationErrorRetries() {
			return this.authenticationErrorRetries;
		}

		public void setAuthenticationErrorRetries(@Nullable Integer authenticationErrorRetries) {
			this.authenticationErrorRetries = authenticationErrorRetries;
		}

		public @Nullable Integer getContentPolicyViolationErrorRetries() {
			return this.contentPolicyViolationErrorRetries;
		}

		public void setContentPolicyViolationErrorRetries(@Nullable Integer contentPolicyViolationErrorRetries) {
			this.contentPolicyViolationErrorRetries = contentPolicyViolationErrorRetries;
		}

		public @Nullable Integer getUnsupportedParamsRetries() {
			return this.unsupportedParamsRetries;
		}

		public void setUnsupportedParamsRetries(@Nullable Integer unsupportedParamsRetries) {
			this.unsupportedParamsRetries = unsupportedParamsRetries;
		}

	}

	/**
	 * A model group: deployments serving one logical model, and settings that override
	 * the global ones for calls to it.
	 */
	public static class Group {

		/**
		 * Retries for this group, not counting the first attempt.
		 */
		private @Nullable Integer numRetries;

		/**
		 * Retry counts per error type for this group; overrides the global retry-policy
		 * field by field.
		 */
		private final RetryPolicy retryPolicy = new RetryPolicy();

		/**
		 * Groups to try, in order, when this group fails.
		 */
		private List<String> fallbacks = new ArrayList<>();

		/**
		 * Groups to try at once, without retries, when the prompt exceeds the context
		 * window.
		 */
		private List<String> contextWindowFallbacks = new ArrayList<>();

		/**
		 * Groups to try when a content filter rejects the call.
		 */
		private List<String> contentPolicyFallbacks = new ArrayList<>();

		/**
		 * How this group picks a deployment. Defaults to the global routing-strategy.
		 */
		private @Nullable RoutingStrategy routingStrategy;

		/**
		 * Timeout of each non-streaming attempt to this group.
		 */
		private @Nullable Duration timeout;

		/**
		 * Timeout of a streaming attempt's first chunk and of each gap between chunks.
		 */
		private @Nullable Duration streamTimeout;

		/**
		 * Timeout of a whole call that starts in this group.
		 */
		private @Nullable Duration totalTimeout;

		/**
		 * Deployments by id. The id appears in metrics, logs and the actuator endpoint.
		 */
		private Map<String, Deployment> deployments = new LinkedHashMap<>();

		public @Nullable Integer getNumRetries() {
			return this.numRetries;
		}

		public void setNumRetries(@Nullable Integer numRetries) {
			this.numRetries = numRetries;
		}

		public RetryPolicy getRetryPolicy() {
			return this.retryPolicy;
		}

		public List<String> getFallbacks() {
			return this.fallbacks;
		}

		public void setFallbacks(List<String> fallbacks) {
			this.fallbacks = fallbacks;
		}

		public List<String> getContextWindowFallbacks() {
			return this.contextWindowFallbacks;
		}

		public void setContextWindowFallbacks(List<String> contextWindowFallbacks) {
			this.contextWindowFallbacks = contextWindowFallbacks;
		}

		public List<String> getContentPolicyFallbacks() {
			return this.contentPolicyFallbacks;
		}

		public void setContentPolicyFallbacks(List<String> contentPolicyFallbacks) {
			this.contentPolicyFallbacks = contentPolicyFallbacks;
		}

		public @Nullable RoutingStrategy getRoutingStrategy() {
			return this.routingStrategy;
		}

		public void setRoutingStrategy(@Nullable RoutingStrategy routingStrategy) {
			this.routingStrategy = routingStrategy;
		}

		public @Nullable Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(@Nullable Duration timeout) {
			this.timeout = timeout;
		}

		public @Nullable Duration getStreamTimeout() {
			return this.streamTimeout;
		}

		public void setStreamTimeout(@Nullable Duration streamTimeout) {
			this.streamTimeout = streamTimeout;
		}

		public @Nullable Duration getTotalTimeout() {
			return this.totalTimeout;
		}

		public void setTotalTimeout(@Nullable Duration totalTimeout) {
			this.totalTimeout = totalTimeout;
		}

		public Map<String, Deployment> getDeployments() {
			return this.deployments;
		}

		public void setDeployments(Map<String, Deployment> deployments) {
			this.deployments = deployments;
		}

	}

	/**
	 * One deployment of a model group.
	 */
	public static class Deployment {

		/**
		 * Id of the provider adapter that makes its attempts: openai (any
		 * OpenAI-compatible server), azure-openai, anthropic, or the id() of an
		 * LlmProvider bean.
		 */
		private String provider = "openai";

		/**
		 * Provider's model name sent in the request, such as gpt-4o.
		 */
		private @Nullable String model;

		/**
		 * API base URL, such as https://api.openai.com/v1 (for anthropic, default
		 * https://api.anthropic.com; for azure-openai, the resource URL, such as
		 * https://my-resource.openai.azure.com). Must not carry a query string.
		 */
		private @Nullable String baseUrl;

		/**
		 * API key. Never logged or shown unmasked.
		 */
		private @Nullable String apiKey;

		/**
		 * Extra request headers, such as OpenAI-Organization.
		 */
		private Map<String, String> headers = new LinkedHashMap<>();

		/**
		 * Relative share of calls for simple-shuffle routing.
		 */
		private @Nullable Integer weight;

		/**
		 * Requests per minute the deployment allows (usage-based routing never exceeds
		 * it).
		 */
		private @Nullable Integer rpm;

		/**
		 * Tokens per minute the deployment allows (usage-based routing stays under it).
		 */
		private @Nullable Integer tpm;

		/**
		 * Timeout of each non-streaming attempt on this deployment.
		 */
		private @Nullable Duration timeout;

		/**
		 * Timeout of a streaming attempt's first chunk and of each gap between chunks on
		 * this deployment.
		 */
		private @Nullable Duration streamTimeout;

		/**
		 * How long this deployment cools down when the failure gives no Retry-After.
		 */
		private @Nullable Duration cooldownTime;

		/**
		 * Whether a stream asks this deployment to report token usage at its end
		 * (stream_options.include_usage). Turn off for OpenAI-compatible servers that
		 * reject the option; a request's stream_options param replaces it either way.
		 */
		private boolean streamUsage = true;

		/**
		 * The max_tokens sent when a request sets none. anthropic only: the Messages API
		 * requires max_tokens, and the adapter sends 4096 when this is not set.
		 */
		private @Nullable Integer maxTokens;

		/**
		 * Azure OpenAI deployment name: calls go to the classic
		 * {base-url}/openai/deployments/{azure-deployment}/... path with api-version.
		 * azure-openai only; without it, the v1 API under {base-url}/openai/v1 with model
		 * as the deployment name.
		 */
		private @Nullable String azureDeployment;

		/**
		 * Azure OpenAI api-version of the classic deployments path (the adapter's default
		 * is 2024-10-21). azure-openai with azure-deployment only.
		 */
		private @Nullable String apiVersion;

		public @Nullable Integer getMaxTokens() {
			return this.maxTokens;
		}

		public void setMaxTokens(@Nullable Integer maxTokens) {
			this.maxTokens = maxTokens;
		}

		public @Nullable String getAzureDeployment() {
			return this.azureDeployment;
		}

		public void setAzureDeployment(@Nullable String azureDeployment) {
			this.azureDeployment = azureDeployment;
		}

		public @Nullable String getApiVersion() {
			return this.apiVersion;
		}

		public void setApiVersion(@Nullable String apiVersion) {
			this.apiVersion = apiVersion;
		}

		public String getProvider() {
			return this.provider;
		}

		public void setProvider(String provider) {
			this.provider = provider;
		}

		public @Nullable String getModel() {
			return this.model;
		}

		public void setModel(@Nullable String model) {
			this.model = model;
		}

		public @Nullable String getBaseUrl() {
			return this.baseUrl;
		}

		public void setBaseUrl(@Nullable String baseUrl) {
			this.baseUrl = baseUrl;
		}

		public @Nullable String getApiKey() {
			return this.apiKey;
		}

		public void setApiKey(@Nullable String apiKey) {
			this.apiKey = apiKey;
		}

		public Map<String, String> getHeaders() {
			return this.headers;
		}

		public void setHeaders(Map<String, String> headers) {
			this.headers = headers;
		}

		public @Nullable Integer getWeight() {
			return this.weight;
		}

		public void setWeight(@Nullable Integer weight) {
			this.weight = weight;
		}

		public @Nullable Integer getRpm() {
			return this.rpm;
		}

		public void setRpm(@Nullable Integer rpm) {
			this.rpm = rpm;
		}

		public @Nullable Integer getTpm() {
			return this.tpm;
		}

		public void setTpm(@Nullable Integer tpm) {
			this.tpm = tpm;
		}

		public @Nullable Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(@Nullable Duration timeout) {
			this.timeout = timeout;
		}

		public @Nullable Duration getStreamTimeout() {
			return this.streamTimeout;
		}

		public void setStreamTimeout(@Nullable Duration streamTimeout) {
			this.streamTimeout = streamTimeout;
		}

		public @Nullable Duration getCooldownTime() {
			return this.cooldownTime;
		}

		public void setCooldownTime(@Nullable Duration cooldownTime) {
			this.cooldownTime = cooldownTime;
		}

		public boolean isStreamUsage() {
			return this.streamUsage;
		}

		public void setStreamUsage(boolean streamUsage) {
			this.streamUsage = streamUsage;
		}

		@Override
		public String toString() {
			return "Deployment[provider=" + this.provider + ", model=" + this.model + ", baseUrl=" + this.baseUrl
					+ ", apiKey=" + dev.llmrouter.provider.ProviderEndpoint.mask(this.apiKey) + "]";
		}

	}

}
