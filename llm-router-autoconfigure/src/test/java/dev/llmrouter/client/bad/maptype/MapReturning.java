package dev.llmrouter.client.bad.maptype;

import java.util.Map;

import dev.llmrouter.client.LlmClient;

@LlmClient("gpt-4")
public interface MapReturning {

	Map<String, String> extract(String text);

}
