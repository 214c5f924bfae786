package dev.llmrouter;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * An immutable embedding request addressed to a model group whose deployments serve an
 * embedding model.
 * <p>
 * Settings left unset fall back to the group's, then to the global {@code llm.router.*}
 * properties, exactly as for chat calls.
 *
 * @author llm-router
 */
public final class EmbeddingRequest {

	private static final Set<String> ROUTER_FIELDS = Set.of("model", "input", "encoding_format");

	private final String model;

	private final List<String> inputs;

	private final @Nullable Integer dimensions;

	private final @Nullable Integer numRetries;

	private final @Nullable Duration timeout;

	private final @Nullable Duration totalTimeout;

	private final @Nullable List<String> fallbacks;

	private final Map<String, Object> params;

	private EmbeddingRequest(Builder builder) {
		this.model = Objects.requireNonNull(builder.model, "model must not be null");
		if (builder.inputs.isEmpty()) {
			throw new IllegalArgumentException("An EmbeddingRequest needs at least one input");
		}
		this.inputs = List.copyOf(builder.inputs);
		if (builder.dimensions != null && builder.dimensions <= 0) {
			throw new IllegalArgumentException("dimensions must be positive, was " + builder.dimensions);
		}
		this.dimensions = builder.dimensions;
		if (builder.numRetries != null && builder.numRetries < 0) {
			throw new IllegalArgumentException("numRetries must not be negative, was " + builder.numRetries);
		}
		this.numRetries = builder.numRetries;
		this.timeout = ChatRequest.requirePositive(builder.timeout, "timeout");
		this.totalTimeout = ChatRequest.requirePositive(builder.totalTimeout, "totalTimeout");
		this.fallbacks = (builder.fallbacks != null) ? List.copyOf(builder.fallbacks) : null;
		for (String name : builder.params.keySet()) {
			if (ROUTER_FIELDS.contains(name)) {
				throw new IllegalArgumentException(
						"'" + name + "' belongs to the router and cannot be set with param(..): use the builder's "
								+ ("input".equals(name) ? "input(..)/inputs(..)" : "model(..)") + " instead");
			}
		}
		this.params = builder.params.isEmpty() ? Collections.emptyMap()
				: Collections.unmodifiableMap(new LinkedHashMap<>(builder.params));
	}

	/**
	 * A request for the embeddings of some inputs.
	 * @param model the model group
	 * @param inputs the texts to embed
	 * @return the request
	 */
	public static EmbeddingRequest of(String model, List<String> inputs) {
		return builder().model(model).inputs(inputs).build();
	}

	/**
	 * A request for the embedding of one input.
	 * @param model the model group
	 * @param input the text to embed
	 * @return the request
	 */
	public static EmbeddingRequest of(String model, String input) {
		return builder().model(model).input(input).build();
	}

	/**
	 * A new builder.
	 * @return the builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * A builder initialised with this request's settings.
	 * @return the builder
	 */
	public Builder toBuilder() {
		Builder builder = new Builder();
		builder.model = this.model;
		builder.inputs.addAll(this.inputs);
		builder.dimensions = this.dimensions;
		builder.numRetries = this.numRetries;
		builder.timeout = this.timeout;
		builder.totalTimeout = this.totalTimeout;
		builder.fallbacks = this.fallbacks;
		builder.params.putAll(this.params);
		return builder;
	}

	/**
	 * The model group the request is addressed to.
	 * @return the group name
	 */
	public String model() {
		return this.model;
	}

	/**
	 * The texts to embed.
	 * @return the inputs, in order
	 */
	public List<String> inputs() {
		return this.inputs;
	}

	/**
	 * The number of dimensions the vectors should have, for models that can shorten them.
	 * @return the dimensions, or {@code null} for the model's own
	 */
	public @Nullable Integer dimensions() {
		return this.dimensions;
	}

	/**
	 * Retries for this call, overriding the group's and the retry policy's counts.
	 * @return the retry count, or {@code null} for the configured one
	 */
	public @Nullable Integer numRetries() {
		return this.numRetries;
	}

	/**
	 * Timeout of each attempt.
	 * @return the timeout, or {@code null} for the configured one
	 */
	public @Nullable Duration timeout() {
		return this.timeout;
	}

	/**
	 * Timeout of the whole call, all attempts, waits and fallbacks included.
	 * @return the timeout, or {@code null} for the configured one
	 */
	public @Nullable Duration totalTimeout() {
		return this.totalTimeout;
	}

	/**
	 * Fallback groups for this call, replacing the group's configured fallbacks.
	 * @return the fallback groups, or {@code null} for the configured ones
	 */
	public @Nullable List<String> fallbacks() {
		return this.fallbacks;
	}

	/**
	 * Extra provider parameters, such as {@code user}; a {@link RawJson} value is sent as
	 * it is.
	 * @return the parameters, never {@code null}
	 */
	public Map<String, Object> params() {
		return this.params;
	}

	@Override
	public String toString() {
		return "EmbeddingRequest[model=" + this.model + ", inputs=" + this.inputs.size() + "]";
	}

	/**
	 * Builds an {@link EmbeddingRequest}.
	 */
	public static final class Builder {

		private @Nullable String model;

		private final List<String> inputs = new ArrayList<>();

		private @Nullable Integer dimensions;

		private @Nullable Integer numRetries;

		private @Nullable Duration timeout;

		private @Nullable Duration totalTimeout;

		private @Nullable List<String> fallbacks;

		private final Map<String, Object> params = new LinkedHashMap<>();

		private Builder() {
		}

		/**
		 * Set the model group.
		 * @param model the group name
		 * @return this builder
		 */
		public Builder model(String model) {
			this.model = model;
			return this;
		}

		/**
		 * Append an input.
		 * @param input the text to embed
		 * @return this builder
		 */
		public Builder input(String input) {
			this.inputs.add(Objects.requireNonNull(input, "input must not be null"));
			return this;
		}

		/**
		 * Append inputs.
		 * @param inputs the texts to embed
		 * @return this builder
		 */
		public Builder inputs(List<String> inputs) {
			inputs.forEach(this::input);
			return this;
		}

		/**
		 * Set the number of dimensions of the vectors.
		 * @param dimensions the dimensions
		 * @return this builder
		 */
		public Builder dimensions(@Nullable Integer dimensions) {
			this.dimensions = dimensions;
			return this;
		}

		/**
		 * Set the retries for this call (not counting the first attempt).
		 * @param numRetries the retry count
		 * @return this builder
		 */
		public Builder numRetries(@Nullable Integer numRetries) {
			this.numRetries = numRetries;
			return this;
		}

		/**
		 * Set the timeout of each attempt.
		 * @param timeout the timeout
		 * @return this builder
		 */
		public Builder timeout(@Nullable Duration timeout) {
			this.timeout = timeout;
			return this;
		}

		/**
		 * Set the timeout of the whole call.
		 * @param totalTimeout the timeout
		 * @return this builder
		 */
		public Builder totalTimeout(@Nullable Duration totalTimeout) {
			this.totalTimeout = totalTimeout;
			return this;
		}

		/**
		 * Set the fallback groups for this call, replacing the configured ones.
		 * @param fallbacks the fallback groups, in order
		 * @return this builder
		 */
		public Builder fallbacks(@Nullable List<String> fallbacks) {
			this.fallbacks = fallbacks;
			return this;
		}

		/**
		 * Add an extra provider parameter, serialised as JSON ({@code String}s as JSON
		 * strings).
		 * @param name the parameter name, such as {@code user}
		 * @param value the value
		 * @return this builder
		 */
		public Builder param(String name, Object value) {
			this.params.put(Objects.requireNonNull(name, "name must not be null"), value);
			return this;
		}

		/**
		 * Add an extra provider parameter given as JSON text, sent as it is.
		 * @param name the parameter name
		 * @param json the value as JSON
		 * @return this builder
		 */
		public Builder rawParam(String name, String json) {
			return param(name, new RawJson(json));
		}

		/**
		 * Build the request.
		 * @return the request
		 * @throws IllegalArgumentException if there is no input, or a parameter names a
		 * field that belongs to the router
		 */
		public EmbeddingRequest build() {
			return new EmbeddingRequest(this);
		}

	}

}
