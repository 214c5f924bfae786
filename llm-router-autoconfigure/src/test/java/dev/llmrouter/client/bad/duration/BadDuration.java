package dev.llmrouter.client.bad.duration;

import dev.llmrouter.client.LlmCall;
import dev.llmrouter.client.LlmClient;

@LlmClient("gpt-4")
public interface BadDuration {

	@LlmCall(timeout = "soon")
	String ask(String question);

}
