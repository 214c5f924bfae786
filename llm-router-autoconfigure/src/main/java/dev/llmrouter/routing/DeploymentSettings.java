package dev.llmrouter.routing;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import dev.llmrouter.provider.ProviderEndpoint;
import dev.llmrouter.provider.ProviderType;
import org.jspecify.annotations.Nullable;

/**
 * One deployment of a model group: the endpoint to call plus its routing limits and
 * timeouts. {@link #toString()} never shows the API key.
 *
 * @param endpoint where and how to call it
 * @param weight relative share for {@code simple-shuffle}, or {@code null}
 * @param rpm requests per minute it allows, or {@code null}
 * @param tpm tokens per minute it allows, or {@code null}
 * @param timeout attempt timeout for this deployment, or {@code null} to inherit
 * @param streamTimeout stream first-chunk and idle timeout, or {@code null} to inherit
 * @param cooldownTime cooldown when no {@code Retry-After} is given, or {@code null} to
 * inherit
 * @author llm-router
 */
public record DeploymentSettings(ProviderEndpoint endpoint, @Nullable Integer weight, @Nullable Integer rpm,
		@Nullable Integer tpm, @Nullable Duration timeout, @Nullable Duration streamTimeout,
		@Nullable Duration cooldownTime) {

	public DeploymentSettings {
		Objects.requireNonNull(endpoint, "endpoint must not be null");
	}

	/**
	 * The deployment id.
	 * @return the id
	 */
	public String id() {
		return this.endpoint.deploymentId();
	}

	/**
	 * A builder for a deployment.
	 * @param id the deployment id, used in metrics, logs and the endpoint
	 * @return the builder
	 */
	public static Builder builder(String id) {
		return new Builder(id);
	}

	/**
	 * Builds {@link DeploymentSettings}.
	 */
	public static final class Builder {

		private final String id;

		private ProviderType provider = ProviderType.OPENAI;

		private @Nullable String model;

		private @Nullable URI baseUrl;

		private @Nullable String apiKey;

		private final Map<String, String> headers = new LinkedHashMap<>();

		private @Nullable Integer weight;

		private @Nullable Integer rpm;

		private @Nullable Integer tpm;

		private @Nullable Duration timeout;

		private @Nullable Duration streamTimeout;

		private @Nullable Duration cooldownTime;

		private Builder(String id) {
			this.id = id;
		}

		/**
		 * The wire protocol (default {@code OPENAI}).
		 * @param provider the provider type
		 * @return this builder
		 */
		public Builder provider(ProviderType provider) {
			this.provider = provider;
			return this;
		}

		/**
		 * The provider's model name.
		 * @param model the model
		 * @return this builder
		 */
		public Builder model(String model) {
			this.model = model;
			return this;
		}

		/**
		 * The API base URL, such as {@code https://api.openai.com/v1}.
		 * @param baseUrl the URL
		 * @return this builder
		 */
		public Builder baseUrl(String baseUrl) {
			this.baseUrl = URI.create(baseUrl);
			return this;
		}

		/**
		 * The API key.
		 * @param apiKey the key
		 * @return this builder
		 */
		public Builder apiKey(@Nullable String apiKey) {
			this.apiKey = apiKey;
			return this;
		}

		/**
		 * An extra request header.
		 * @param name the header name
		 * @param value the value
		 * @return this builder
		 */
		public Builder header(String name, String value) {
			this.headers.put(name, value);
			return this;
		}

		/**
		 * Relative share for {@code simple-shuffle}.
		 * @param weight the weight
		 * @return this builder
		 */
		public Builder weight(@Nullable Integer weight) {
			this.weight = weight;
			return this;
		}

		/**
		 * Requests per minute the deployment allows.
		 * @param rpm the limit
		 * @return this builder
		 */
		public Builder rpm(@Nullable Integer rpm) {
			this.rpm = rpm;
			return this;
		}

		/**
		 * Tokens per minute the deployment allows.
		 * @param tpm the limit
		 * @return this builder
		 */
		public Builder tpm(@Nullable Integer tpm) {
			this.tpm = tpm;
			return this;
		}

		/**
		 * Attempt timeout for this deployment.
		 * @param timeout the timeout
		 * @return this builder
		 */
		public Builder timeout(@Nullable Duration timeout) {
			this.timeout = timeout;
			return this;
		}

		/**
		 * Stream first-chunk and idle timeout for this deployment.
		 * @param streamTimeout the timeout
		 * @return this builder
		 */
		public Builder streamTimeout(@Nullable Duration streamTimeout) {
			this.streamTimeout = streamTimeout;
			return this;
		}

		/**
		 * Cooldown for this deployment when the failure gives no {@code Retry-After}.
		 * @param cooldownTime the cooldown
		 * @return this builder
		 */
		public Builder cooldownTime(@Nullable Duration cooldownTime) {
			this.cooldownTime = cooldownTime;
			return this;
		}

		/**
		 * Build the settings.
		 * @return the settings
		 */
		public DeploymentSettings build() {
			Objects.requireNonNull(this.model, () -> "model of deployment '" + this.id + "' must be set");
			Objects.requireNonNull(this.baseUrl, () -> "base-url of deployment '" + this.id + "' must be set");
			return new DeploymentSettings(
					new ProviderEndpoint(this.id, this.provider, this.model, this.baseUrl, this.apiKey, this.headers),
					this.weight, this.rpm, this.tpm, this.timeout, this.streamTimeout, this.cooldownTime);
		}

	}

}
