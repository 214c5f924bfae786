package dev.llmrouter.client.overrides;

import dev.llmrouter.ChatResponse;
import dev.llmrouter.client.LlmCall;
import dev.llmrouter.client.LlmClient;

@LlmClient(value = "gpt-4", numRetries = 0, fallbacks = "backup")
public interface FallingBackAssistant {

	ChatResponse ask(String question);

	@LlmCall(numRetries = 1)
	ChatResponse askWithOneRetry(String question);

}
