package dev.llmrouter.provider;

import dev.llmrouter.ChatChunk;
import dev.llmrouter.ChatRequest;
import dev.llmrouter.ChatResponse;
import dev.llmrouter.EmbeddingRequest;
import dev.llmrouter.EmbeddingResponse;
import dev.llmrouter.error.BadRequestException;
import dev.llmrouter.error.ErrorType;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Makes one attempt against one deployment: the provider SPI. Retries, timeouts,
 * cooldowns and fallbacks are the router's; an adapter translates one attempt and reports
 * how it failed.
 * <p>
 * An adapter is known by its {@link #id()}: deployments name it as their
 * {@code provider}. In a Spring application every {@code LlmProvider} bean is an adapter;
 * one whose id is a built-in one ({@code openai}, {@code azure-openai}) replaces the
 * built-in adapter.
 * <p>
 * An attempt fails with a {@link ProviderErrorException} when the provider answered an
 * error, with an {@link dev.llmrouter.error.LlmException} when the adapter knows the
 * classification (a malformed body, say), or with whatever the transport raised
 * (connection refused, reset): the router classifies what is not yet an
 * {@code LlmException}.
 *
 * @author llm-router
 */
public interface LlmProvider {

	/**
	 * The id deployments name this adapter by, such as {@code openai}.
	 * @return the id
	 */
	String id();

	/**
	 * Make a non-streaming attempt. The response's metadata is filled in by the router.
	 * @param endpoint the deployment to call
	 * @param request the request
	 * @return the response
	 */
	Mono<ChatResponse> chat(ProviderEndpoint endpoint, ChatRequest request);

	/**
	 * Make a streaming attempt.
	 * @param endpoint the deployment to call
	 * @param request the request
	 * @return the chunks in order, completing after the provider's end marker
	 */
	Flux<ChatChunk> stream(ProviderEndpoint endpoint, ChatRequest request);

	/**
	 * Make an embedding attempt. The response's metadata is filled in by the router.
	 * Adapters of providers that have no embeddings keep the default, which fails the
	 * attempt with a {@link dev.llmrouter.error.BadRequestException}.
	 * @param endpoint the deployment to call
	 * @param request the request
	 * @return the embeddings, in input order
	 */
	default Mono<EmbeddingResponse> embed(ProviderEndpoint endpoint, EmbeddingRequest request) {
		return Mono.error(() -> new BadRequestException(
				"Provider '" + id() + "' of deployment '" + endpoint.deploymentId() + "' does not serve embeddings", 0,
				null, null));
	}

	/**
	 * Whether this adapter serves embeddings, so that a group of its deployments can be
	 * an embedding group.
	 * @return {@code false} unless the adapter overrides {@link #embed}
	 */
	default boolean supportsEmbeddings() {
		return false;
	}

	/**
	 * Classify an error answer of this provider, before the router's shared rules (by
	 * HTTP status, then the body's {@code type}, {@code code} and {@code message}) do.
	 * @param error the error the provider answered
	 * @return the type, or {@code null} to leave it to the shared rules (the default)
	 */
	default @Nullable ErrorType classify(ProviderError error) {
		return null;
	}

}
