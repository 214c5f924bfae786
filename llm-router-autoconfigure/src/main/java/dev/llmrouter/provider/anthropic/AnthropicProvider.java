package dev.llmrouter.provider.anthropic;

import dev.llmrouter.ChatChunk;
import dev.llmrouter.ChatRequest;
import dev.llmrouter.ChatResponse;
import dev.llmrouter.provider.LlmCredentialsProvider;
import dev.llmrouter.provider.LlmProvider;
import dev.llmrouter.provider.ProviderEndpoint;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

import org.springframework.web.reactive.function.client.WebClient;

/**
 * Calls Anthropic's Messages API: {@code POST {base-url}/v1/messages}.
 *
 * @author llm-router
 */
public final class AnthropicProvider implements LlmProvider {

	/** The id of the adapter for Anthropic. */
	public static final String ANTHROPIC = "anthropic";

	/** The base URL of a deployment that sets none. */
	public static final String DEFAULT_BASE_URL = "https://api.anthropic.com";

	/**
	 * The {@code max_tokens} sent when neither the request nor the deployment sets one.
	 */
	public static final int DEFAULT_MAX_TOKENS = 4096;

	private final WebClient webClient;

	private final Scheduler timer;

	private final @Nullable LlmCredentialsProvider credentials;

	private AnthropicProvider(WebClient webClient, Scheduler timer, @Nullable LlmCredentialsProvider credentials) {
		this.webClient = webClient;
		this.timer = timer;
		this.credentials = credentials;
	}

	/**
	 * The adapter for Anthropic ({@value #ANTHROPIC}).
	 * @param webClient the client (its connection pool is shared by every deployment)
	 * @param timer the router's timer
	 * @param credentials bearer tokens for the deployments it serves, or {@code null} for
	 * API keys only
	 * @return the adapter
	 */
	public static AnthropicProvider anthropic(WebClient webClient, Scheduler timer,
			@Nullable LlmCredentialsProvider credentials) {
		return new AnthropicProvider(webClient, timer, credentials);
	}

	@Override
	public String id() {
		return ANTHROPIC;
	}

	@Override
	public Mono<ChatResponse> chat(ProviderEndpoint endpoint, ChatRequest request) {
		return Mono.error(() -> new UnsupportedOperationException("TODO(anthropic helper)"));
	}

	@Override
	public Flux<ChatChunk> stream(ProviderEndpoint endpoint, ChatRequest request) {
		return Flux.error(() -> new UnsupportedOperationException("TODO(anthropic helper)"));
	}

}
