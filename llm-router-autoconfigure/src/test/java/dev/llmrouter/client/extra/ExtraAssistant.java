package dev.llmrouter.client.extra;

import dev.llmrouter.client.LlmClient;

@LlmClient("gpt-4")
public interface ExtraAssistant {

	String ask(String question);

}
