package dev.llmrouter.client.bad.embedtemplate;

import dev.llmrouter.client.LlmClient;
import dev.llmrouter.client.UserMessage;

@LlmClient("embed")
public interface EmbedWithTemplate {

	@UserMessage("query: {text}")
	float[] embed(String text);

}
