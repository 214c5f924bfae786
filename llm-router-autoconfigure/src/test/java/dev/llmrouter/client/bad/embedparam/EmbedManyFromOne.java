package dev.llmrouter.client.bad.embedparam;

import java.util.List;

import dev.llmrouter.client.LlmClient;

@LlmClient("embed")
public interface EmbedManyFromOne {

	List<float[]> embedAll(String text);

}
