package dev.llmrouter.test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.Function;

import dev.llmrouter.test.MockLlmServer.Reply;

/**
 * Embedding answers in OpenAI's wire shape ({@code {"object":"list","data":[{"object":
 * "embedding","index":0,"embedding":..}],"model":..,"usage":{"prompt_tokens":..,
 * "total_tokens":..}}}, as OpenAI's API reference documents it; vLLM adds {@code id} and
 * {@code created}), built here until the fixture has embedding builders.
 */
public final class EmbeddingWire {

	private EmbeddingWire() {
	}

	/** A 200 answer with the vectors base64-encoded, in index order. */
	public static Reply base64(float[]... vectors) {
		return Reply.json(200, body(EmbeddingWire::encode, vectors), Map.of());
	}

	/** A 200 answer with the vectors as float arrays, in index order. */
	public static Reply floats(float[]... vectors) {
		return Reply.json(200, body(EmbeddingWire::floatArray, vectors), Map.of());
	}

	/** The body of an answer, each vector written by {@code embedding}. */
	public static String body(Function<float[], String> embedding, float[]... vectors) {
		StringJoiner data = new StringJoiner(",");
		for (int i = 0; i < vectors.length; i++) {
			data.add(item(i, embedding.apply(vectors[i])));
		}
		return envelope(data.toString());
	}

	/** A body around the given items of {@code data}. */
	public static String envelope(String data) {
		return "{\"object\":\"list\",\"data\":[" + data + "],\"model\":\"text-embedding-3-small\","
				+ "\"usage\":{\"prompt_tokens\":8,\"total_tokens\":8}}";
	}

	/** One item of {@code data}. */
	public static String item(int index, String embedding) {
		return "{\"object\":\"embedding\",\"index\":" + index + ",\"embedding\":" + embedding + "}";
	}

	/** A vector as a base64 JSON string of little-endian float32s. */
	public static String encode(float[] vector) {
		ByteBuffer bytes = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
		for (float value : vector) {
			bytes.putFloat(value);
		}
		return "\"" + Base64.getEncoder().encodeToString(bytes.array()) + "\"";
	}

	/**
	 * A vector as a JSON array, each value written as the double it widens to, as a
	 * Python server holding float32s writes them ({@code 0.0023064255} becomes
	 * {@code 0.0023064255...}).
	 */
	public static String floatArray(float[] vector) {
		StringJoiner array = new StringJoiner(",", "[", "]");
		for (float value : vector) {
			array.add(Double.toString(value));
		}
		return array.toString();
	}

	/** A vector as a JSON array of the shortest decimal text of each float32. */
	public static String shortFloatArray(float[] vector) {
		StringJoiner array = new StringJoiner(",", "[", "]");
		for (float value : vector) {
			array.add(Float.toString(value));
		}
		return array.toString();
	}

}
