package dev.llmrouter.test;

import org.jspecify.annotations.Nullable;

/**
 * The provider endpoints {@link MockLlmServer} answers, recognised by how a request's
 * path ends so that any base path serves them: {@code /v1/chat/completions},
 * {@code /sim/fast-a/v1/chat/completions}, an Azure deployment's
 * {@code /openai/deployments/gpt-4o/chat/completions} and {@code /openai/v1/embeddings}
 * alike, and Anthropic's {@code /v1/messages}.
 */
public enum Endpoint {

	/** OpenAI chat completions, JSON or server-sent events. */
	CHAT("/chat/completions"),

	/** OpenAI embeddings. */
	EMBEDDINGS("/embeddings"),

	/**
	 * Anthropic's Messages API, JSON or server-sent events (see
	 * {@link AnthropicReplies}).
	 */
	MESSAGES("/v1/messages");

	private final String suffix;

	Endpoint(String suffix) {
		this.suffix = suffix;
	}

	/**
	 * The end of the paths this endpoint serves.
	 * @return the path suffix, such as {@code /chat/completions}
	 */
	public String suffix() {
		return this.suffix;
	}

	/**
	 * The endpoint a request path addresses.
	 * @param path the request path, without its query
	 * @return the endpoint, or {@code null} when the server does not serve that path
	 */
	public static @Nullable Endpoint of(String path) {
		for (Endpoint endpoint : values()) {
			if (path.endsWith(endpoint.suffix)) {
				return endpoint;
			}
		}
		return null;
	}

}
