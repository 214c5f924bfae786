package dev.llmrouter.provider;

import java.net.URI;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * Where and how to call one deployment: what a provider adapter needs to make a request.
 * {@link #toString()} never shows the API key.
 *
 * @author llm-router
 */
public final class ProviderEndpoint {

	private final String deploymentId;

	private final @Nullable String group;

	private final String provider;

	private final String model;

	private final URI baseUrl;

	private final @Nullable String apiKey;

	private final Map<String, String> headers;

	private final boolean streamUsage;

	private final @Nullable Integer maxTokens;

	private final @Nullable String azureDeployment;

	private final @Nullable String apiVersion;

	private volatile @Nullable Resolved resolved;

	/**
	 * Create a new endpoint.
	 * @param deploymentId the deployment id, used in messages
	 * @param provider the id of the adapter that calls it, such as {@code openai}
	 * @param model the provider's model name sent in the request
	 * @param baseUrl the API base URL, such as {@code https://api.openai.com/v1}
	 * @param apiKey the API key, or {@code null} for servers that need none
	 * @param headers extra request headers
	 */
	public ProviderEndpoint(String deploymentId, String provider, String model, URI baseUrl, @Nullable String apiKey,
			Map<String, String> headers) {
		this(deploymentId, provider, model, baseUrl, apiKey, headers, true);
	}

	/**
	 * Create a new endpoint.
	 * @param deploymentId the deployment id, used in messages
	 * @param provider the id of the adapter that calls it, such as {@code openai}
	 * @param model the provider's model name sent in the request
	 * @param baseUrl the API base URL, such as {@code https://api.openai.com/v1}
	 * @param apiKey the API key, or {@code null} for servers that need none
	 * @param headers extra request headers
	 * @param streamUsage whether a stream asks the provider to report token usage
	 * ({@code stream_options.include_usage} in OpenAI's format)
	 */
	public ProviderEndpoint(String deploymentId, String provider, String model, URI baseUrl, @Nullable String apiKey,
			Map<String, String> headers, boolean streamUsage) {
		this(builder(deploymentId, provider, model, baseUrl).apiKey(apiKey).headers(headers).streamUsage(streamUsage));
	}

	private ProviderEndpoint(Builder builder) {
		this.deploymentId = Objects.requireNonNull(builder.deploymentId, "deploymentId must not be null");
		this.group = builder.group;
		this.provider = Objects.requireNonNull(builder.provider, "provider must not be null");
		this.model = Objects.requireNonNull(builder.model, "model must not be null");
		this.baseUrl = Objects.requireNonNull(builder.baseUrl, "baseUrl must not be null");
		this.apiKey = builder.apiKey;
		this.headers = Map.copyOf(builder.headers);
		this.streamUsage = builder.streamUsage;
		this.maxTokens = builder.maxTokens;
		this.azureDeployment = builder.azureDeployment;
		this.apiVersion = builder.apiVersion;
	}

	/**
	 * Start an endpoint with its provider-specific settings.
	 * @param deploymentId the deployment id, used in messages
	 * @param provider the id of the adapter that calls it, such as {@code openai}
	 * @param model the provider's model name sent in the request
	 * @param baseUrl the API base URL, such as {@code https://api.openai.com/v1}
	 * @return a builder
	 */
	public static Builder builder(String deploymentId, String provider, String model, URI baseUrl) {
		return new Builder(deploymentId, provider, model, baseUrl);
	}

	/**
	 * The deployment id.
	 * @return the id
	 */
	public String deploymentId() {
		return this.deploymentId;
	}

	/**
	 * The id of the adapter that calls it.
	 * @return the provider id, such as {@code openai}
	 */
	public String provider() {
		return this.provider;
	}

	/**
	 * The provider's model name.
	 * @return the model
	 */
	public String model() {
		return this.model;
	}

	/**
	 * The API base URL.
	 * @return the base URL
	 */
	public URI baseUrl() {
		return this.baseUrl;
	}

	/**
	 * The API key.
	 * @return the key, or {@code null}
	 */
	public @Nullable String apiKey() {
		return this.apiKey;
	}

	/**
	 * Extra request headers.
	 * @return the headers
	 */
	public Map<String, String> headers() {
		return this.headers;
	}

	/**
	 * Whether a stream asks the provider to report token usage at its end
	 * ({@code stream_options: {"include_usage": true}} in OpenAI's format). Some
	 * OpenAI-compatible servers reject that option; the deployment's
	 * {@code stream-usage: false} turns it off. Adapters whose wire format has no such
	 * switch ignore it.
	 * @return {@code true} to ask for usage (the default)
	 */
	public boolean streamUsage() {
		return this.streamUsage;
	}

	/**
	 * The {@code max_tokens} to send when a request sets none.
	 * @return the deployment's {@code max-tokens}, or {@code null} when not set
	 */
	public @Nullable Integer maxTokens() {
		return this.maxTokens;
	}

	/**
	 * The model group the deployment belongs to.
	 * @return the group name, or {@code null} when the endpoint was made outside a router
	 */
	public @Nullable String group() {
		return this.group;
	}

	/**
	 * The Azure OpenAI deployment name of the classic deployments path.
	 * @return the deployment's {@code azure-deployment}, or {@code null} for the v1 API
	 */
	public @Nullable String azureDeployment() {
		return this.azureDeployment;
	}

	/**
	 * The Azure OpenAI {@code api-version} of the classic deployments path.
	 * @return the deployment's {@code api-version}, or {@code null} when not set
	 */
	public @Nullable String apiVersion() {
		return this.apiVersion;
	}

	/**
	 * The base URL with a path appended, computed once per endpoint and path.
	 * @param path the path, starting with {@code /}
	 * @return the URI
	 */
	public URI resolve(String path) {
		Resolved resolved = this.resolved;
		if (resolved == null || !resolved.path.equals(path)) {
			String base = this.baseUrl.toString();
			base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
			resolved = new Resolved(path, URI.create(base + path));
			this.resolved = resolved;
		}
		return resolved.uri;
	}

	/**
	 * The API key masked to its last four characters, as shown in the endpoint and logs.
	 * @return the masked key, or {@code null} if there is no key
	 */
	public @Nullable String maskedApiKey() {
		return mask(this.apiKey);
	}

	/**
	 * Mask a secret to its last four characters ({@code ****} only, for secrets of eight
	 * characters or fewer).
	 * @param secret the secret
	 * @return the masked value, or {@code null} for {@code null}
	 */
	public static @Nullable String mask(@Nullable String secret) {
		if (secret == null) {
			return null;
		}
		return (secret.length() <= 8) ? "****" : "****" + secret.substring(secret.length() - 4);
	}

	@Override
	public String toString() {
		return "ProviderEndpoint[deploymentId=" + this.deploymentId + ", provider=" + this.provider + ", model="
				+ this.model + ", baseUrl=" + this.baseUrl + ", apiKey=" + maskedApiKey() + ", headers="
				+ this.headers.keySet() + ", streamUsage=" + this.streamUsage
				+ ((this.maxTokens != null) ? ", maxTokens=" + this.maxTokens : "")
				+ ((this.azureDeployment != null) ? ", azureDeployment=" + this.azureDeployment : "")
				+ ((this.apiVersion != null) ? ", apiVersion=" + this.apiVersion : "") + "]";
	}

	/**
	 * Builds a {@link ProviderEndpoint}.
	 */
	public static final class Builder {

		private final String deploymentId;

		private final String provider;

		private final String model;

		private final URI baseUrl;

		private @Nullable String group;

		private @Nullable String apiKey;

		private Map<String, String> headers = Map.of();

		private boolean streamUsage = true;

		private @Nullable Integer maxTokens;

		private @Nullable String azureDeployment;

		private @Nullable String apiVersion;

		private Builder(String deploymentId, String provider, String model, URI baseUrl) {
			this.deploymentId = deploymentId;
			this.provider = provider;
			this.model = model;
			this.baseUrl = baseUrl;
		}

		/**
		 * The model group the deployment belongs to.
		 * @param group the group name
		 * @return this builder
		 */
		public Builder group(@Nullable String group) {
			this.group = group;
			return this;
		}

		/**
		 * The API key.
		 * @param apiKey the key, or {@code null} for servers that need none
		 * @return this builder
		 */
		public Builder apiKey(@Nullable String apiKey) {
			this.apiKey = apiKey;
			return this;
		}

		/**
		 * Extra request headers.
		 * @param headers the headers
		 * @return this builder
		 */
		public Builder headers(Map<String, String> headers) {
			this.headers = Objects.requireNonNull(headers, "headers must not be null");
			return this;
		}

		/**
		 * Whether a stream asks the provider to report token usage
		 * ({@code stream_options.include_usage} in OpenAI's format).
		 * @param streamUsage {@code false} to not ask
		 * @return this builder
		 */
		public Builder streamUsage(boolean streamUsage) {
			this.streamUsage = streamUsage;
			return this;
		}

		/**
		 * The {@code max_tokens} sent when a request sets none (Anthropic requires one).
		 * @param maxTokens the default, or {@code null} for the adapter's
		 * @return this builder
		 */
		public Builder maxTokens(@Nullable Integer maxTokens) {
			this.maxTokens = maxTokens;
			return this;
		}

		/**
		 * The Azure OpenAI deployment name of the classic
		 * {@code /openai/deployments/{name}} path.
		 * @param azureDeployment the name, or {@code null} for the v1 API
		 * @return this builder
		 */
		public Builder azureDeployment(@Nullable String azureDeployment) {
			this.azureDeployment = azureDeployment;
			return this;
		}

		/**
		 * The Azure OpenAI {@code api-version} of the classic path.
		 * @param apiVersion the version, or {@code null} for the adapter's default
		 * @return this builder
		 */
		public Builder apiVersion(@Nullable String apiVersion) {
			this.apiVersion = apiVersion;
			return this;
		}

		/**
		 * Build the endpoint.
		 * @return the endpoint
		 */
		public ProviderEndpoint build() {
			return new ProviderEndpoint(this);
		}

	}

	private record Resolved(String path, URI uri) {

	}

}
