package dev.llmrouter.test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import dev.llmrouter.test.MockLlmServer.RecordedRequest;

/**
 * An embeddings answer in OpenAI's shape ({@code {"object":"list","data":[{"object":
 * "embedding","index","embedding"}],"model","usage":{"prompt_tokens","total_tokens"}}},
 * from platform.openai.com/docs/api-reference/embeddings/object), written in the encoding
 * the request asks for: {@code "encoding_format": "base64"} gets each vector as base64 of
 * its little-endian float32 values, as OpenAI sends it; otherwise float arrays.
 */
public final class Embeddings {

	private static final int DEFAULT_DIMENSIONS = 8;

	private final @Nullable List<float[]> vectors;

	private String model = "mock-embedding";

	private boolean reversed;

	private @Nullable Integer promptTokens;

	private Embeddings(@Nullable List<float[]> vectors) {
		this.vectors = vectors;
	}

	/**
	 * These vectors, for inputs 0, 1, … whatever the request holds.
	 * @param vectors the vectors
	 * @return the embeddings
	 */
	public static Embeddings of(float[]... vectors) {
		return new Embeddings(List.of(vectors));
	}

	/**
	 * One vector per input of the request, derived from the input's text (so the same
	 * text always gets the same vector), of the request's {@code dimensions} or 8.
	 * @return the embeddings
	 */
	public static Embeddings fromInputs() {
		return new Embeddings(null);
	}

	/**
	 * The vector {@link #fromInputs()} gives a text.
	 * @param text the input
	 * @param dimensions the vector's length
	 * @return the vector
	 */
	public static float[] vectorOf(String text, int dimensions) {
		SplittableRandom random = new SplittableRandom(text.hashCode());
		float[] vector = new float[dimensions];
		for (int i = 0; i < dimensions; i++) {
			vector[i] = (float) (random.nextDouble() * 2 - 1);
		}
		return vector;
	}

	/**
	 * Set the model the provider reports.
	 * @param model the model
	 * @return these embeddings
	 */
	public Embeddings model(String model) {
		this.model = model;
		return this;
	}

	/**
	 * List the data in reverse order of {@code index}, as a server answering out of order
	 * may: the {@code index} fields still name each vector's input.
	 * @return these embeddings
	 */
	public Embeddings reversed() {
		this.reversed = true;
		return this;
	}

	/**
	 * Set the usage (by default the inputs' characters over four).
	 * @param promptTokens the prompt tokens
	 * @return these embeddings
	 */
	public Embeddings usage(int promptTokens) {
		this.promptTokens = promptTokens;
		return this;
	}

	/**
	 * The answer to a request as its JSON body.
	 * @param request the embeddings request
	 * @return the JSON
	 */
	public String toJson(RecordedRequest request) {
		JsonNode body = request.body().isEmpty() ? WireJson.object() : request.json();
		List<String> inputs = inputs(body.path("input"));
		List<float[]> vectors = this.vectors;
		if (vectors == null) {
			int dimensions = body.path("dimensions").asInt(DEFAULT_DIMENSIONS);
			vectors = new ArrayList<>(inputs.size());
			for (String input : inputs) {
				vectors.add(vectorOf(input, dimensions));
			}
		}
		boolean base64 = "base64".equals(body.path("encoding_format").asString(""));
		ObjectNode root = WireJson.object().put("object", "list");
		ArrayNode data = root.putArray("data");
		for (int n = 0; n < vectors.size(); n++) {
			int index = this.reversed ? vectors.size() - 1 - n : n;
			ObjectNode item = data.addObject().put("object", "embedding").put("index", index);
			if (base64) {
				item.put("embedding", base64(vectors.get(index)));
			}
			else {
				ArrayNode values = item.putArray("embedding");
				for (float value : vectors.get(index)) {
					values.add(value);
				}
			}
		}
		root.put("model", this.model);
		int chars = inputs.stream().mapToInt(String::length).sum();
		int tokens = (this.promptTokens != null) ? this.promptTokens : Math.max(1, (chars + 3) / 4);
		root.putObject("usage").put("prompt_tokens", tokens).put("total_tokens", tokens);
		return WireJson.write(root);
	}

	/**
	 * A vector as OpenAI's base64 encoding: little-endian float32 values.
	 * @param vector the vector
	 * @return the base64 text
	 */
	public static String base64(float[] vector) {
		ByteBuffer buffer = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
		for (float value : vector) {
			buffer.putFloat(value);
		}
		return Base64.getEncoder().encodeToString(buffer.array());
	}

	private static List<String> inputs(JsonNode input) {
		List<String> inputs = new ArrayList<>();
		if (input.isArray()) {
			input.forEach((item) -> inputs.add(item.isString() ? item.asString() : item.toString()));
		}
		else if (!input.isMissingNode() && !input.isNull()) {
			inputs.add(input.asString());
		}
		return inputs;
	}

}
