package dev.llmrouter.client.bad.group;

import dev.llmrouter.client.LlmClient;

@LlmClient("gpt-5")
public interface UnknownGroup {

	String ask(String question);

}
