package dev.llmrouter.client.bad.chatrequest;

import dev.llmrouter.ChatRequest;
import dev.llmrouter.ChatResponse;
import dev.llmrouter.client.LlmClient;

@LlmClient("gpt-4")
public interface RequestAndString {

	ChatResponse chat(ChatRequest request, String extra);

}
