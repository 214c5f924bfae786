package dev.llmrouter.client.app;

import dev.llmrouter.client.LlmClient;
import dev.llmrouter.client.UserMessage;

@LlmClient("gpt-4")
public interface Summarizer {

	@UserMessage("Summarise: {text}")
	String summarise(String text);

}
