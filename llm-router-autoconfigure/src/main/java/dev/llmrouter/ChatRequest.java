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
 * An immutable chat completion request addressed to a model group.
 * <p>
 * Settings left unset fall back to the group's, then to the global {@code llm.router.*}
 * properties. Build one with {@link #builder()}, or use {@link #of(String, String)} for a
 * single user message.
 *
 * @author llm-router
 */
public final class ChatRequest {

	private static final Set<String> ROUTER_FIELDS = Set.of("model", "messages", "stream");

	private final String model;

	private final List<ChatMessage> messages;

	private final @Nullable Double temperature;

	private final @Nullable Integer maxTokens;

	private final @Nullable Double topP;

	private final @Nullable List<String> stop;

	private final @Nullable Long seed;

	private final @Nullable Integer n;

	private final @Nullable String user;

	private final List<ToolDefinition> tools;

	private final @Nullable ToolChoice toolChoice;

	private final @Nullable Boolean parallelToolCalls;

	private final @Nullable ResponseFormat responseFormat;

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
		for (String name : builder.params.keySet()) {
			if (ROUTER_FIELDS.contains(name)) {
				throw new IllegalArgumentException("'" + name
						+ "' belongs to the router and cannot be set with param(..): use the builder's model(..), message(..) or the router's stream(..)");
			}
		}
		Map<String, Object> params = builder.params;
		this.temperature = typed(builder.temperature, "temperature", params);
		this.maxTokens = typed(builder.maxTokens, "max_tokens", params);
		this.topP = typed(builder.topP, "top_p", params);
		this.stop = typed((builder.stop != null) ? List.copyOf(builder.stop) : null, "stop", params);
		this.seed = typed(builder.seed, "seed", params);
		if (builder.n != null && builder.n < 1) {
			throw new IllegalArgumentException("n must be at least 1, was " + builder.n);
		}
		this.n = typed(builder.n, "n", params);
		this.user = typed(builder.user, "user", params);
		List<ToolDefinition> tools = typed(List.copyOf(builder.tools), "tools", params);
		this.tools = (tools != null) ? tools : List.of();
		this.toolChoice = typed(builder.toolChoice, "tool_choice", params);
		this.parallelToolCalls = typed(builder.parallelToolCalls, "parallel_tool_calls", params);
		this.responseFormat = typed(builder.responseFormat, "response_format", params);
		this.numRetries = requireNonNegative(builder.numRetries, "numRetries");
		this.timeout = requirePositive(builder.timeout, "timeout");
		this.streamTimeout = requirePositive(builder.streamTimeout, "streamTimeout");
		this.totalTimeout = requirePositive(builder.totalTimeout, "totalTimeout");
		this.fallbacks = (builder.fallbacks != null) ? List.copyOf(builder.fallbacks) : null;
		this.params = builder.params.isEmpty() ? Collections.emptyMap()
				: Collections.unmodifiableMap(new LinkedHashMap<>(builder.params));
	}

	/**
	 * A typed setting, unless a {@code param} of the same wire name replaces it (so the
	 * body never holds a key twice).
	 */
	private static <T> @Nullable T typed(@Nullable T value, String wireName, Map<String, Object> params) {
		return params.containsKey(wireName) ? null : value;
	}

	private static @Nullable Integer requireNonNegative(@Nullable Integer value, String name) {
		if (value != null && value < 0) {
			throw new IllegalArgumentException(name + " must not be negative, was " + value);
		}
		return value;
	}

	static @Nullable Duration requirePositive(@Nullable Duration value, String name) {
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
		builder.topP = this.topP;
		builder.stop = this.stop;
		builder.seed = this.seed;
		builder.n = this.n;
		builder.user = this.user;
		builder.tools.addAll(this.tools);
		builder.toolChoice = this.toolChoice;
		builder.parallelToolCalls = this.parallelToolCalls;
		builder.responseFormat = this.responseFormat;
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
	 * Nucleus sampling: the probability mass of the tokens considered.
	 * @return {@code top_p}, or {@code null} for the provider's default
	 */
	public @Nullable Double topP() {
		return this.topP;
	}

	/**
	 * Sequences at which the model stops generating.
	 * @return the stop sequences, or {@code null} for none
	 */
	public @Nullable List<String> stop() {
		return this.stop;
	}

	/**
	 * The seed for providers that sample deterministically.
	 * @return the seed, or {@code null}
	 */
	public @Nullable Long seed() {
		return this.seed;
	}

	/**
	 * How many choices to generate.
	 * @return {@code n}, or {@code null} for one
	 */
	public @Nullable Integer n() {
		return this.n;
	}

	/**
	 * An id of the end user, for the provider's abuse monitoring.
	 * @return the user id, or {@code null}
	 */
	public @Nullable String user() {
		return this.user;
	}

	/**
	 * The tools the model may call.
	 * @return the tools, empty for none
	 */
	public List<ToolDefinition> tools() {
		return this.tools;
	}

	/**
	 * Whether and which tool the model must call.
	 * @return the choice, or {@code null} for the provider's default
	 */
	public @Nullable ToolChoice toolChoice() {
		return this.toolChoice;
	}

	/**
	 * Whether the model may ask for several tool calls at once.
	 * @return {@code parallel_tool_calls}, or {@code null} for the provider's default
	 */
	public @Nullable Boolean parallelToolCalls() {
		return this.parallelToolCalls;
	}

	/**
	 * The form the answer must take.
	 * @return the format, or {@code null} for free text
	 */
	public @Nullable ResponseFormat responseFormat() {
		return this.responseFormat;
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
	 * Extra provider parameters, sent as they are (for example {@code logit_bias}). A
	 * parameter named like a typed setting's wire field ({@code temperature},
	 * {@code max_tokens}, {@code tools}, ...) replaces it; one named
	 * {@code stream_options} replaces the router's default. A {@link RawJson} value is
	 * sent as the JSON text it holds.
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

		private @Nullable Double topP;

		private @Nullable List<String> stop;

		private @Nullable Long seed;

		private @Nullable Integer n;

		private @Nullable String user;

		private final List<ToolDefinition> tools = new ArrayList<>();

		private @Nullable ToolChoice toolChoice;

		private @Nullable Boolean parallelToolCalls;

		private @Nullable ResponseFormat responseFormat;

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
		 * Set nucleus sampling's {@code top_p}.
		 * @param topP the probability mass
		 * @return this builder
		 */
		public Builder topP(@Nullable Double topP) {
			this.topP = topP;
			return this;
		}

		/**
		 * Set the stop sequences.
		 * @param stop the sequences
		 * @return this builder
		 */
		public Builder stop(@Nullable List<String> stop) {
			this.stop = stop;
			return this;
		}

		/**
		 * Set the sampling seed.
		 * @param seed the seed
		 * @return this builder
		 */
		public Builder seed(@Nullable Long seed) {
			this.seed = seed;
			return this;
		}

		/**
		 * Set how many choices to generate.
		 * @param n the number of choices, at least 1
		 * @return this builder
		 */
		public Builder n(@Nullable Integer n) {
			this.n = n;
			return this;
		}

		/**
		 * Set the end user's id.
		 * @param user the id
		 * @return this builder
		 */
		public Builder user(@Nullable String user) {
			this.user = user;
			return this;
		}

		/**
		 * Set the tools the model may call, replacing any added before.
		 * @param tools the tools
		 * @return this builder
		 */
		public Builder tools(List<ToolDefinition> tools) {
			this.tools.clear();
			tools.forEach(this::tool);
			return this;
		}

		/**
		 * Add a tool the model may call.
		 * @param tool the tool
		 * @return this builder
		 */
		public Builder tool(ToolDefinition tool) {
			this.tools.add(Objects.requireNonNull(tool, "tool must not be null"));
			return this;
		}

		/**
		 * Set whether and which tool the model must call.
		 * @param toolChoice the choice
		 * @return this builder
		 */
		public Builder toolChoice(@Nullable ToolChoice toolChoice) {
			this.toolChoice = toolChoice;
			return this;
		}

		/**
		 * Set whether the model may ask for several tool calls at once.
		 * @param parallelToolCalls the setting
		 * @return this builder
		 */
		public Builder parallelToolCalls(@Nullable Boolean parallelToolCalls) {
			this.parallelToolCalls = parallelToolCalls;
			return this;
		}

		/**
		 * Set the form the answer must take.
		 * @param responseFormat the format
		 * @return this builder
		 */
		public Builder responseFormat(@Nullable ResponseFormat responseFormat) {
			this.responseFormat = responseFormat;
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
		 * Add an extra provider parameter, serialised as JSON ({@code String}s as JSON
		 * strings). A parameter named like a typed setting's wire field (such as
		 * {@code temperature} or {@code tools}) replaces that setting; one named
		 * {@code stream_options} replaces the router's default.
		 * @param name the parameter name, such as {@code logit_bias}
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
		 * @param json the value as JSON, such as {@code {"type":"enabled"}}
		 * @return this builder
		 */
		public Builder rawParam(String name, String json) {
			return param(name, new RawJson(json));
		}

		/**
		 * Build the request.
		 * @return the request
		 * @throws IllegalArgumentException if there is no message, or a parameter names
		 * {@code model}, {@code messages} or {@code stream}
		 */
		public ChatRequest build() {
			return new ChatRequest(this);
		}

	}

}
