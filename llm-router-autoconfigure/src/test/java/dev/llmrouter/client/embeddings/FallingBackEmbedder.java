package dev.llmrouter.client.embeddings;

import dev.llmrouter.EmbeddingResponse;
import dev.llmrouter.client.LlmClient;

@LlmClient(value = "embed", numRetries = 0, fallbacks = "embed-backup")
public interface FallingBackEmbedder {

	EmbeddingResponse embed(String text);

}
