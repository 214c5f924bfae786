package dev.llmrouter.client.bad.twostrings;

import dev.llmrouter.client.LlmClient;

@LlmClient("gpt-4")
public interface TwoStrings {

	String translate(String text, String language);

}
