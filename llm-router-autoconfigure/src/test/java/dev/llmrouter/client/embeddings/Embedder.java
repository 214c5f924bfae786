package dev.llmrouter.client.embeddings;

import java.util.List;

import dev.llmrouter.EmbeddingResponse;
import dev.llmrouter.client.LlmCall;
import dev.llmrouter.client.LlmClient;
import dev.llmrouter.client.SystemMessage;
import reactor.core.publisher.Mono;

@LlmClient("embed")
@SystemMessage("An interface-level system message is for chat methods; embedding methods ignore it.")
public interface Embedder {

	float[] embed(String text);

	List<float[]> embedAll(List<String> texts);

	Mono<float[]> embedAsync(String text);

	Mono<List<float[]>> embedAllAsync(List<String> texts);

	EmbeddingResponse embedWithMetadata(List<String> texts);

	@LlmCall(numRetries = 0)
	float[] embedOnce(String text);

	@LlmCall(numRetries = 0, timeout = "3s")
	Mono<float[]> embedQuickly(String text);

	@LlmCall(model = "embed-backup")
	float[] embedOnBackup(String text);

}
