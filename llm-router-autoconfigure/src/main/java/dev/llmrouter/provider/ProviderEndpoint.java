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

	private final String provider;

	private final String model;

	private final URI baseUrl;

	private final @Nullable String apiKey;

	private final Map<String, String> headers;

	private final boolean streamUsage;

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
		this.streamUsage = streamUsage;
		this.deploymentId = Objects.requireNonNull(deploymentId, "deploymentId must not be null");
		this.provider = Objects.requireNonNull(provider, "provider must not be null");
		this.model = Objects.requireNonNull(model, "model must not be null");
		this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl must not be null");
		this.apiKey = apiKey;
		this.headers = Map.copyOf(headers);
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
				+ this.headers.keySet() + ", streamUsage=" + this.streamUsage + "]";
	}

	private record Resolved(String path, URI uri) {

	}

}
