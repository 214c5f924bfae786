package dev.llmrouter;

import java.util.Arrays;
import java.util.Objects;

/**
 * The embedding of one input.
 *
 * @param index the position of the input in the request
 * @param vector the embedding vector, exactly as the provider computed it
 */
public record Embedding(int index, float[] vector) {

	public Embedding {
		Objects.requireNonNull(vector, "vector must not be null");
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof Embedding that && this.index == that.index && Arrays.equals(this.vector, that.vector);
	}

	@Override
	public int hashCode() {
		return 31 * this.index + Arrays.hashCode(this.vector);
	}

	@Override
	public String toString() {
		return "Embedding[index=" + this.index + ", dimensions=" + this.vector.length + "]";
	}

}
