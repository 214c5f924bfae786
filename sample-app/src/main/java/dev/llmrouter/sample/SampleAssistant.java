package dev.llmrouter.sample;

import dev.llmrouter.ChatResponse;
import dev.llmrouter.client.LlmClient;
import dev.llmrouter.client.SystemMessage;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The sample's declarative client: every call goes to the {@code fast} model group, with
 * its retries, cooldowns and fallbacks. Found and injected without any configuration.
 *
 * @author llm-router
 */
@LlmClient("fast")
@SystemMessage("You are a concise assistant.")
public interface SampleAssistant {

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
