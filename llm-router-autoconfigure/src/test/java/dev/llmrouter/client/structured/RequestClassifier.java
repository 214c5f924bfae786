package dev.llmrouter.client.structured;

import dev.llmrouter.ChatRequest;
import dev.llmrouter.client.LlmClient;

@LlmClient
public interface RequestClassifier {

	Verdict classify(ChatRequest request);

}
