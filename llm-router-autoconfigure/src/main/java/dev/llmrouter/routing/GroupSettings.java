package dev.llmrouter.routing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

import dev.llmrouter.retry.RetryPolicy;
import org.jspecify.annotations.Nullable;

/**
 * A model group: the deployments that serve one logical model, with settings that
 * override the router's for calls to this group. Unset ({@code null}) settings inherit
 * the router's.
 *
 * @param name the group name requests address
 * @param deployments the deployments, at least one
 * @param numRetries retries (not counting the first attempt), or {@code null} to inherit
 * @param retryPolicy per-error-type counts, overriding the router's policy field by field
 * @param fallbacks groups to try, in order, when this one fails
 * @param contextWindowFallbacks groups to try at once when the context window is exceeded
 * @param contentPolicyFallbacks groups to try when a content filter rejects the call
 * @param routingStrategy how a deployment is picked, or {@code null} to inherit
 * @param timeout attempt timeout, or {@code null} to inherit
 * @param streamTimeout stream first-chunk and idle timeout, or {@code null} to inherit
 * @param totalTimeout timeout of a whole call to this group, or {@code null} to inherit
 * @author llm-router
 */
public record GroupSettings(String name, List<DeploymentSettings> deployments, @Nullable Integer numRetries,
		RetryPolicy retryPolicy, List<String> fallbacks, List<String> contextWindowFallbacks,
		List<String> contentPolicyFallbacks, @Nullable RoutingStrategy routingStrategy, @Nullable Duration timeout,
		@Nullable Duration streamTimeout, @Nullable Duration totalTimeout) {

	public GroupSettings {
		Objects.requireNonNull(name, "name must not be null");
		deployments = List.copyOf(deployments);
		Objects.requireNonNull(retryPolicy, "retryPolicy must not be null");
		fallbacks = List.copyOf(fallbacks);
		contextWindowFallbacks = List.copyOf(contextWindowFallbacks);
		contentPolicyFallbacks = List.copyOf(contentPolicyFallbacks);
	}

	/**
	 * A builder for a group.
	 * @param name the group name
	 * @return the builder
	 */
	public static Builder builder(String name) {
		return new Builder(name);
	}

	/**
	 * Builds {@link GroupSettings}.
	 */
	public static final class Builder {

		private final String name;

		private final List<DeploymentSettings> deployments = new ArrayList<>();

		private @Nullable Integer numRetries;

		private RetryPolicy retryPolicy = RetryPolicy.UNSET;

		private List<String> fallbacks = List.of();

		private List<String> contextWindowFallbacks = List.of();

		private List<String> contentPolicyFallbacks = List.of();

		private @Nullable RoutingStrategy routingStrategy;

		private @Nullable Duration timeout;

		private @Nullable Duration streamTimeout;

		private @Nullable Duration totalTimeout;

		private Builder(String name) {
			this.name = name;
		}

		/**
		 * Add a deployment.
		 * @param deployment the deployment
		 * @return this builder
		 */
		public Builder deployment(DeploymentSettings deployment) {
			this.deployments.add(deployment);
			return this;
		}

		/**
		 * Add a deployment configured by a callback.
		 * @param id the deployment id
		 * @param customizer configures the deployment
		 * @return this builder
		 */
		public Builder deployment(String id, Consumer<DeploymentSettings.Builder> customizer) {
			DeploymentSettings.Builder builder = DeploymentSettings.builder(id);
			customizer.accept(builder);
			return deployment(builder.build());
		}

		/**
		 * Retries (not counting the first attempt) for this group.
		 * @param numRetries the count
		 * @return this builder
		 */
		public Builder numRetries(@Nullable Integer numRetries) {
			this.numRetries = numRetries;
			return this;
		}

		/**
		 * Per-error-type retry counts, overriding the router's policy field by field.
		 * @param retryPolicy the policy
		 * @return this builder
		 */
		public Builder retryPolicy(RetryPolicy retryPolicy) {
			this.retryPolicy = retryPolicy;
			return this;
		}

		/**
		 * Groups to try, in order, when this one fails.
		 * @param fallbacks the group names
		 * @return this builder
		 */
		public Builder fallbacks(String... fallbacks) {
			this.fallbacks = List.of(fallbacks);
			return this;
		}

		/**
		 * Groups to try at once when the context window is exceeded.
		 * @param fallbacks the group names
		 * @return this builder
		 */
		public Builder contextWindowFallbacks(String... fallbacks) {
			this.contextWindowFallbacks = List.of(fallbacks);
			return this;
		}

		/**
		 * Groups to try when a content filter rejects the call.
		 * @param fallbacks the group names
		 * @return this builder
		 */
		public Builder contentPolicyFallbacks(String... fallbacks) {
			this.contentPolicyFallbacks = List.of(fallbacks);
			return this;
		}

		/**
		 * How a deployment is picked.
		 * @param routingStrategy the strategy
		 * @return this builder
		 */
		public Builder routingStrategy(@Nullable RoutingStrategy routingStrategy) {
			this.routingStrategy = routingStrategy;
			return this;
		}

		/**
		 * Attempt timeout.
		 * @param timeout the timeout
		 * @return this builder
		 */
		public Builder timeout(@Nullable Duration timeout) {
			this.timeout = timeout;
			return this;
		}

		/**
		 * Stream first-chunk and idle timeout.
		 * @param streamTimeout the timeout
		 * @return this builder
		 */
		public Builder streamTimeout(@Nullable Duration streamTimeout) {
			this.streamTimeout = streamTimeout;
			return this;
		}

		/**
		 * Timeout of a whole call to this group.
		 * @param totalTimeout the timeout
		 * @return this builder
		 */
		public Builder totalTimeout(@Nullable Duration totalTimeout) {
			this.totalTimeout = totalTimeout;
			return this;
		}

		/**
		 * Build the settings.
		 * @return the settings
		 */
		public GroupSettings build() {
			return new GroupSettings(this.name, this.deployments, this.numRetries, this.retryPolicy, this.fallbacks,
					this.contextWindowFallbacks, this.contentPolicyFallbacks, this.routingStrategy, this.timeout,
					this.streamTimeout, this.totalTimeout);
		}

	}

}
