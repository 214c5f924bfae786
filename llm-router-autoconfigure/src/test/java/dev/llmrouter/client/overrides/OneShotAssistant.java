package dev.llmrouter.client.overrides;

import dev.llmrouter.ChatResponse;
import dev.llmrouter.client.LlmCall;
import dev.llmrouter.client.LlmClient;
import reactor.core.publisher.Mono;

@LlmClient("gpt-4")
public interface OneShotAssistant {

	Mono<ChatResponse> ask(String question);

	@LlmCall(numRetries = 0)
	String askOnce(String question);

	@LlmCall(numRetries = 0, timeout = "3s")
	Mono<String> askQuickly(String question);

	@LlmCall(totalTimeout = "PT5S")
	Mono<String> askWithin(String question);

}
