package dev.llmrouter;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The answer to an {@link EmbeddingRequest}.
 *
 * @param embeddings one embedding per input, in input order
 * @param usage token usage, if the provider reported it (completion tokens are 0)
 * @param model the model name the provider reported
 * @param metadata what happened during the call
 * @param providerFields the answer's top-level fields the types here do not name (such as
 * {@code object}), as plain Java values
 */
public record EmbeddingResponse(List<Embedding> embeddings, @Nullable Usage usage, @Nullable String model,
		CallMetadata metadata, Map<String, Object> providerFields) {

	public EmbeddingResponse {
		embeddings = List.copyOf(embeddings);
		providerFields = ProviderFields.copyOf(providerFields);
	}

	/**
	 * A response without provider fields.
	 * @param embeddings one embedding per input, in input order
	 * @param usage token usage, if the provider reported it
	 * @param model the model name the provider reported
	 * @param metadata what happened during the call
	 */
	public EmbeddingResponse(List<Embedding> embeddings, @Nullable Usage usage, @Nullable String model,
			CallMetadata metadata) {
		this(embeddings, usage, model, metadata, Map.of());
	}

	/**
	 * The vector of the first input.
	 * @return the vector
	 * @throws IllegalStateException if the response holds no embedding
	 */
	public float[] vector() {
		if (this.embeddings.isEmpty()) {
			throw new IllegalStateException("The response holds no embedding");
		}
		return this.embeddings.get(0).vector();
	}

	/**
	 * A copy of this response with other metadata.
	 * @param metadata the metadata
	 * @return the copy
	 */
	public EmbeddingResponse withMetadata(CallMetadata metadata) {
		return new EmbeddingResponse(this.embeddings, this.usage, this.model, metadata, this.providerFields);
	}

}
