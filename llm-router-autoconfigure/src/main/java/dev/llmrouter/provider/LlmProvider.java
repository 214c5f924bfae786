package dev.llmrouter.provider;

import dev.llmrouter.ChatChunk;
import dev.llmrouter.ChatRequest;
import dev.llmrouter.ChatResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Makes one attempt against one deployment. Implementations translate the request to the
 * provider's wire format and every failure to an {@link dev.llmrouter.error.LlmException}
 * through {@link dev.llmrouter.error.FailureClassifier}; retries, timeouts, cooldowns and
 * fallbacks are the router's business.
 *
 * @author llm-router
 */
public interface LlmProvider {

	/**
	 * Make a non-streaming attempt. The response's metadata is filled in by the router.
	 * @param endpoint the deployment to call
	 * @param request the request
	 * @return the response, or an {@link dev.llmrouter.error.LlmException}
	 */
	Mono<ChatResponse> chat(ProviderEndpoint endpoint, ChatRequest request);

	/**
	 * Make a streaming attempt.
	 * @param endpoint the deployment to call
	 * @param request the request
	 * @return the chunks in order, completing after the provider's end marker, or an
	 * {@link dev.llmrouter.error.LlmException}
	 */
	Flux<ChatChunk> stream(ProviderEndpoint endpoint, ChatRequest request);

}
