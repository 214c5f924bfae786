package dev.llmrouter.routing.internal;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

import dev.llmrouter.LlmRouter;
import dev.llmrouter.provider.openai.OpenAiProvider;
import dev.llmrouter.RetryPolicy;
import dev.llmrouter.RoutingStrategy;
import org.jspecify.annotations.Nullable;

/**
 * What the builder collected for groups and deployments, as given: checked by
 * {@link SettingsValidator} and resolved by {@link SettingsResolver} when the router is
 * built.
 *
 * @author llm-router
 */
final class Specs {

	private Specs() {
	}

	static final class Group implements LlmRouter.GroupSpec {

		final String name;

		final Map<String, Deployment> deployments = new LinkedHashMap<>();

		@Nullable Integer numRetries;

		RetryPolicy retryPolicy = RetryPolicy.UNSET;

		List<String> fallbacks = List.of();

		List<String> contextWindowFallbacks = List.of();

		List<String> contentPolicyFallbacks = List.of();

		@Nullable RoutingStrategy routingStrategy;

		@Nullable Duration timeout;

		@Nullable Duration streamTimeout;

		@Nullable Duration totalTimeout;

		Group(String name) {
			this.name = Objects.requireNonNull(name, "name must not be null");
		}

		@Override
		public Group deployment(String id, Consumer<LlmRouter.DeploymentSpec> deployment) {
			Deployment spec = new Deployment(id);
			deployment.accept(spec);
			this.deployments.put(id, spec);
			return this;
		}

		@Override
		public Group numRetries(@Nullable Integer numRetries) {
			this.numRetries = numRetries;
			return this;
		}

		@Override
		public Group retryPolicy(RetryPolicy retryPolicy) {
			this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy must not be null");
			return this;
		}

		@Override
		public Group fallbacks(String... fallbacks) {
			this.fallbacks = List.of(fallbacks);
			return this;
		}

		@Override
		public Group contextWindowFallbacks(String... fallbacks) {
			this.contextWindowFallbacks = List.of(fallbacks);
			return this;
		}

		@Override
		public Group contentPolicyFallbacks(String... fallbacks) {
			this.contentPolicyFallbacks = List.of(fallbacks);
			return this;
		}

		@Override
		public Group routingStrategy(@Nullable RoutingStrategy routingStrategy) {
			this.routingStrategy = routingStrategy;
			return this;
		}

		@Override
		public Group timeout(@Nullable Duration timeout) {
			this.timeout = timeout;
			return this;
		}

		@Override
		public Group streamTimeout(@Nullable Duration streamTimeout) {
			this.streamTimeout = streamTimeout;
			return this;
		}

		@Override
		public Group totalTimeout(@Nullable Duration totalTimeout) {
			this.totalTimeout = totalTimeout;
			return this;
		}

	}

	static final class Deployment implements LlmRouter.DeploymentSpec {

		final String id;

		String provider = OpenAiProvider.OPENAI;

		@Nullable String model;

		@Nullable String baseUrl;

		@Nullable String apiKey;

		final Map<String, String> headers = new LinkedHashMap<>();

		@Nullable Integer weight;

		@Nullable Integer rpm;

		@Nullable Integer tpm;

		@Nullable Duration timeout;

		@Nullable Duration streamTimeout;

		@Nullable Duration cooldownTime;

		boolean streamUsage = true;

		@Nullable Integer maxTokens;

		@Nullable String azureDeployment;

		@Nullable String apiVersion;

		Deployment(String id) {
			this.id = Objects.requireNonNull(id, "id must not be null");
		}

		@Override
		public Deployment provider(String provider) {
			this.provider = Objects.requireNonNull(provider, "provider must not be null");
			return this;
		}

		@Override
		public Deployment model(String model) {
			this.model = model;
			return this;
		}

		@Override
		public Deployment baseUrl(String baseUrl) {
			this.baseUrl = baseUrl;
			return this;
		}

		@Override
		public Deployment apiKey(@Nullable String apiKey) {
			this.apiKey = apiKey;
			return this;
		}

		@Override
		public Deployment header(String name, String value) {
			this.headers.put(name, value);
			return this;
		}

		@Override
		public Deployment headers(Map<String, String> headers) {
			this.headers.putAll(headers);
			return this;
		}

		@Override
		public Deployment weight(@Nullable Integer weight) {
			this.weight = weight;
			return this;
		}

		@Override
		public Deployment rpm(@Nullable Integer rpm) {
			this.rpm = rpm;
			return this;
		}

		@Override
		public Deployment tpm(@Nullable Integer tpm) {
			this.tpm = tpm;
			return this;
		}

		@Override
		public Deployment timeout(@Nullable Duration timeout) {
			this.timeout = timeout;
			return this;
		}

		@Override
		public Deployment streamTimeout(@Nullable Duration streamTimeout) {
			this.streamTimeout = streamTimeout;
			return this;
		}

		@Override
		public Deployment cooldownTime(@Nullable Duration cooldownTime) {
			this.cooldownTime = cooldownTime;
			return this;
		}

		@Override
		public Deployment streamUsage(boolean streamUsage) {
			this.streamUsage = streamUsage;
			return this;
		}

		@Override
		public Deployment maxTokens(@Nullable Integer maxTokens) {
			this.maxTokens = maxTokens;
			return this;
		}

		@Override
		public Deployment azureDeployment(@Nullable String azureDeployment) {
			this.azureDeployment = azureDeployment;
			return this;
		}

		@Override
		public Deployment apiVersion(@Nullable String apiVersion) {
			this.apiVersion = apiVersion;
			return this;
		}

	}

}
