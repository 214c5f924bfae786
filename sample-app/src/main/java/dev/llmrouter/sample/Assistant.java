package dev.llmrouter.sample;

import dev.llmrouter.ChatResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * What the sample's endpoints ask of a language model. {@code SampleAssistant} (an
 * {@code @LlmClient} interface) and {@link RouterAssistant} (the same calls made on
 * {@link dev.llmrouter.LlmRouter} directly) both implement it.
 *
 * @author llm-router
 */
public interface Assistant {

	/**
	 * Ask a question; the response's metadata tells which group and deployment answered
	 * and every attempt on the way.
	 * @param question the user message
	 * @return the response, lazily
	 */
	Mono<ChatResponse> ask(String question);

	/**
	 * Ask a question and receive the answer as it is generated.
	 * @param question the user message
	 * @return the content deltas
	 */
	Flux<String> askStreaming(String question);

}
