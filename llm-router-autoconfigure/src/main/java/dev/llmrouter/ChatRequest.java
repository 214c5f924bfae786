package dev.llmrouter;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * An immutable chat completion request addressed to a model group.
 * <p>
 * Settings left unset fall back to the group's, then to the global {@code llm.router.*}
 * properties. Build one with {@link #builder()}, or use {@link #of(String, String)} for a
 * single user message.
 *
 * @author llm-router
 */
public final class ChatRequest {

	private final String model;

	private final List<ChatMessage> messages;

	private final @Nullable Double temperature;

	private final @Nullable Integer maxTokens;

	private final @Nullable Integer numRetries;

	private final @Nullable Duration timeout;

	private final @Nullable Duration streamTimeout;

	private final @Nullable Duration totalTimeout;

	private final @Nullable List<String> fallbacks;

	private final Map<String, Object> params;

	private ChatRequest(Builder builder) {
		this.model = Objects.requireNonNull(builder.model, "model must not be null");
		if (builder.messages.isEmpty()) {
			throw new IllegalArgumentException("A ChatRequest needs at least one message");
		}
		this.messages = List.copyOf(builder.messages);
		this.temperature = builder.temperature;
		this.maxTokens = builder.maxTokens;
		this.numRetries = requireNonNegative(builder.numRetries, "numRetries");
		this.timeout = requirePositive(builder.timeout, "timeout");
		this.streamTimeout = requirePositive(builder.streamTimeout, "streamTimeout");
		this.totalTimeout = requirePositive(builder.totalTimeout, "totalTimeout");
		this.fallbacks = (builder.fallbacks != null) ? List.copyOf(builder.fallbacks) : null;
		this.params = builder.params.isEmpty() ? Collections.emptyMap()
				: Collections.unmodifiableMap(new LinkedHashMap<>(builder.params));
	}

	private static @Nullable Integer requireNonNegative(@Nullable Integer value, String name) {
		if (value != null && value < 0) {
			throw new IllegalArgumentException(name + " must not be negative, was " + value);
		}
		return value;
	}

	private static @Nullable Duration requirePositive(@Nullable Duration value, String name) {
		if (value != null && (value.isNegative() || value.isZero())) {
			throw new IllegalArgumentException(name + " must be positive, was " + value);
		}
		return value;
	}

	/**
	 * A request with one user message.
	 * @param model the model group
	 * @param userMessage the user's text
	 * @return the request
	 */
	public static ChatRequest of(String model, String userMessage) {
		return builder().model(model).message(ChatMessage.user(userMessage)).build();
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
		builder.messages.addAll(this.messages);
		builder.temperature = this.temperature;
		builder.maxTokens = this.maxTokens;
		builder.numRetries = this.numRetries;
		builder.timeout = this.timeout;
		builder.streamTimeout = this.streamTimeout;
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
	 * The conversation.
	 * @return the messages, in order
	 */
	public List<ChatMessage> messages() {
		return this.messages;
	}

	/**
	 * The sampling temperature.
	 * @return the temperature, or {@code null} for the provider's default
	 */
	public @Nullable Double temperature() {
		return this.temperature;
	}

	/**
	 * The completion token limit.
	 * @return the limit, or {@code null} for the provider's default
	 */
	public @Nullable Integer maxTokens() {
		return this.maxTokens;
	}

	/**
	 * Retries for this call, overriding the group's and the retry policy's counts.
	 * {@code 0} disables retries; the number does not include the first attempt.
	 * @return the retry count, or {@code null} for the configured one
	 */
	public @Nullable Integer numRetries() {
		return this.numRetries;
	}

	/**
	 * Timeout of each non-streaming attempt.
	 * @return the timeout, or {@code null} for the configured one
	 */
	public @Nullable Duration timeout() {
		return this.timeout;
	}

	/**
	 * Timeout of a streaming attempt's first chunk and of each gap between chunks.
	 * @return the timeout, or {@code null} for the configured one
	 */
	public @Nullable Duration streamTimeout() {
		return this.streamTimeout;
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
	 * Extra provider parameters, sent as they are (for example {@code top_p}).
	 * @return the parameters, never {@code null}
	 */
	public Map<String, Object> params() {
		return this.params;
	}

	@Override
	public String toString() {
		return "ChatRequest[model=" + this.model + ", messages=" + this.messages.size() + "]";
	}

	/**
	 * Builds a {@link ChatRequest}.
	 */
	public static final class Builder {

		private @Nullable String model;

		private final List<ChatMessage> messages = new ArrayList<>();

		private @Nullable Double temperature;

		private @Nullable Integer maxTokens;

		private @Nullable Integer numRetries;

		private @Nullable Duration timeout;

		private @Nullable Duration streamTimeout;

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
		 * Append a message.
		 * @param message the message
		 * @return this builder
		 */
		public Builder message(ChatMessage message) {
			this.messages.add(Objects.requireNonNull(message, "message must not be null"));
			return this;
		}

		/**
		 * Append messages.
		 * @param messages the messages
		 * @return this builder
		 */
		public Builder messages(List<ChatMessage> messages) {
			messages.forEach(this::message);
			return this;
		}

		/**
		 * Set the sampling temperature.
		 * @param temperature the temperature
		 * @return this builder
		 */
		public Builder temperature(@Nullable Double temperature) {
			this.temperature = temperature;
			return this;
		}

		/**
		 * Set the completion token limit.
		 * @param maxTokens the limit
		 * @return this builder
		 */
		public Builder maxTokens(@Nullable Integer maxTokens) {
			this.maxTokens = maxTokens;
			return this;
		}

		/**
		 * Set the retries for this call (not counting the first attempt); {@code 0}
		 * disables retries.
		 * @param numRetries the retry count
		 * @return this builder
		 */
		public Builder numRetries(@Nullable Integer numRetries) {
			this.numRetries = numRetries;
			return this;
		}

		/**
		 * Set the timeout of each non-streaming attempt.
		 * @param timeout the timeout
		 * @return this builder
		 */
		public Builder timeout(@Nullable Duration timeout) {
			this.timeout = timeout;
			return this;
		}

		/**
		 * Set the timeout of a streaming attempt's first chunk and of each gap between
		 * chunks.
		 * @param streamTimeout the timeout
		 * @return this builder
		 */
		public Builder streamTimeout(@Nullable Duration streamTimeout) {
			this.streamTimeout = streamTimeout;
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
		 * Add an extra provider parameter, sent as it is.
		 * @param name the parameter name, such as {@code top_p}
		 * @param value the value
		 * @return this builder
		 */
		public Builder param(String name, Object value) {
			this.params.put(name, value);
			return this;
		}

		/**
		 * Build the request.
		 * @return the request
		 */
		public ChatRequest build() {
			return new ChatRequest(this);
		}

	}

}
