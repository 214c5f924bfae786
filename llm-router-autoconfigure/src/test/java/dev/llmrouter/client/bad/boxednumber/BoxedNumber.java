package dev.llmrouter.client.bad.boxednumber;

import dev.llmrouter.client.LlmClient;

@LlmClient("gpt-4")
public interface BoxedNumber {

	Integer count(String text);

}
