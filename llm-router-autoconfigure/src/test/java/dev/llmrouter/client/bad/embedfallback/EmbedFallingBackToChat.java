package dev.llmrouter.client.bad.embedfallback;

import dev.llmrouter.client.LlmClient;

@LlmClient(value = "embed", fallbacks = "chat")
public interface EmbedFallingBackToChat {

	float[] embed(String text);

}
