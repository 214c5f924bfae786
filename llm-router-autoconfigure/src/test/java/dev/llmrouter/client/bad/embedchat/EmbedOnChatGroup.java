package dev.llmrouter.client.bad.embedchat;

import dev.llmrouter.client.LlmClient;

@LlmClient("chat")
public interface EmbedOnChatGroup {

	float[] embed(String text);

}
