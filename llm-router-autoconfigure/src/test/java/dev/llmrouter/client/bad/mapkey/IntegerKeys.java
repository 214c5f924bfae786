package dev.llmrouter.client.bad.mapkey;

import java.util.Map;

import dev.llmrouter.client.LlmClient;

@LlmClient("gpt-4")
public interface IntegerKeys {

	Scores score(String text);

	record Scores(String label, Map<Integer, String> byRank) {

	}

}
