package dev.llmrouter.client.bad.unusedparam;

import dev.llmrouter.client.LlmClient;
import dev.llmrouter.client.Param;

@LlmClient("gpt-4")
public interface UnusedParam {

	String ask(String question, @Param("tone") String tone);

}
