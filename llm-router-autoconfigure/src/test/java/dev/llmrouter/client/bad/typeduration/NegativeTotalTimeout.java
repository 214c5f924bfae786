package dev.llmrouter.client.bad.typeduration;

import dev.llmrouter.client.LlmClient;

@LlmClient(value = "gpt-4", totalTimeout = "-5s")
public interface NegativeTotalTimeout {

	String ask(String question);

}
