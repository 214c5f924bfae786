package dev.llmrouter.provider.openai;

import static dev.llmrouter.provider.openai.PlainValues.describe;
import static dev.llmrouter.provider.openai.PlainValues.text;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.llmrouter.CallMetadata;
import dev.llmrouter.Embedding;
import dev.llmrouter.EmbeddingRequest;
import dev.llmrouter.EmbeddingResponse;
import dev.llmrouter.RawJson;
import dev.llmrouter.Usage;
import dev.llmrouter.error.internal.FailureClassifier;
import dev.llmrouter.provider.ProviderEndpoint;
import dev.llmrouter.provider.ProviderErrorException;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes OpenAI embedding requests ({@code POST /embeddings}) and reads their answers.
 * <p>
 * The request asks for {@code encoding_format: base64}: each vector comes as the
 * little-endian bytes of its float32 values, a quarter the size of the decimal text and
 * exact by construction. A server that ignores the field and sends float arrays is read
 * too, each number parsed straight to a {@code float} from its text, so the vector is the
 * same either way. The answer must hold one vector per input, each index once, all of one
 * length; anything else fails the attempt as a malformed body.
 *
 * @author llm-router
 */
final class OpenAiEmbeddings {

	private static final String BASE64 = "base64";

	private final JsonMapper json = JsonMapper.builder().build();

	private final OpenAiCodec codec;

	/**
	 * Create the codec of embedding calls.
	 * @param codec the chat codec, whose reading of error bodies an error inside a 2xx
	 * answer goes through
	 */
	OpenAiEmbeddings(OpenAiCodec codec) {
		this.codec = codec;
	}

	/**
	 * The request body: {@code model}, {@code input}, {@code encoding_format},
	 * {@code dimensions} if set, then the request's params (a param named
	 * {@code dimensions} replaces the typed value).
	 */
	byte[] writeRequest(ProviderEndpoint endpoint, EmbeddingRequest request) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(64 + 32 * request.inputs().size());
		try (JsonGenerator generator = this.json.createGenerator(out)) {
			generator.writeStartObject();
			generator.writeStringProperty("model", endpoint.model());
			generator.writeName("input");
			generator.writeStartArray();
			for (String input : request.inputs()) {
				generator.writeString(input);
			}
			generator.writeEndArray();
			generator.writeStringProperty("encoding_format", BASE64);
			if (request.dimensions() != null && !request.params().containsKey("dimensions")) {
				generator.writeNumberProperty("dimensions", request.dimensions());
			}
			for (Map.Entry<String, Object> param : request.params().entrySet()) {
				if (param.getValue() instanceof RawJson raw) {
					generator.writeName(param.getKey());
					generator.writeRawValue(raw.json());
				}
				else {
					generator.writePOJOProperty(param.getKey(), param.getValue());
				}
			}
			generator.writeEndObject();
		}
		return out.toByteArray();
	}

	/**
	 * Read a 2xx answer.
	 * @param body the body
	 * @param inputs how many inputs the request had
	 * @param source who answered, for messages
	 * @param apiKey the key, redacted from any error text
	 * @return the response, its metadata empty
	 */
	EmbeddingResponse readResponse(byte[] body, int inputs, String source, @Nullable String apiKey) {
		if (body.length == 0) {
			throw FailureClassifier.malformed(source, "empty body", null);
		}
		try (JsonParser parser = this.json.createParser(body)) {
			JsonToken first = parser.nextToken();
			if (first != JsonToken.START_OBJECT) {
				throw new WireFormatException("expected a JSON object, found " + describe(first));
			}
			return read(parser, body, inputs, source, apiKey);
		}
		catch (JacksonException ex) {
			throw FailureClassifier.malformed(source, "the body is not an embedding list ("
					+ ex.getOriginalMessage().lines().findFirst().orElse("unreadable") + ")", ex);
		}
		catch (WireFormatException ex) {
			throw FailureClassifier.malformed(source, "the body is not an embedding list (" + ex.getMessage() + ")",
					null);
		}
	}

	private EmbeddingResponse read(JsonParser parser, byte[] body, int inputs, String source, @Nullable String apiKey) {
		float[][] vectors = null;
		String model = null;
		Usage usage = null;
		Map<String, Object> others = null;
		boolean error = false;
		while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
			String name = parser.currentName();
			JsonToken value = parser.nextToken();
			switch (name) {
				case "data" -> vectors = data(parser, value, inputs);
				case "model" -> model = text(parser, value, name);
				case "usage" -> usage = usage(parser, value);
				case "error" -> {
					error = value != JsonToken.VALUE_NULL;
					parser.skipChildren();
				}
				default -> {
					if (others == null) {
						others = new LinkedHashMap<>();
					}
					others.put(name, parser.readValueAs(Object.class));
				}
			}
		}
		if (error) {
			throw new ProviderErrorException(this.codec.readError(0, Map.of(), body, apiKey));
		}
		if (vectors == null) {
			throw new WireFormatException("no 'data' in the answer");
		}
		List<Embedding> embeddings = new ArrayList<>(inputs);
		int dimensions = -1;
		for (int index = 0; index < inputs; index++) {
			float[] vector = vectors[index];
			if (vector == null) {
				throw new WireFormatException("no embedding for input " + index);
			}
			if (dimensions >= 0 && vector.length != dimensions) {
				throw new WireFormatException("the embedding of input " + index + " has " + vector.length
						+ " dimensions, the first one " + dimensions);
			}
			dimensions = vector.length;
			embeddings.add(new Embedding(index, vector));
		}
		return new EmbeddingResponse(embeddings, usage, model, CallMetadata.empty(""),
				(others != null) ? others : Map.of());
	}

	private static float[][] data(JsonParser parser, JsonToken value, int inputs) {
		if (value != JsonToken.START_ARRAY) {
			throw new WireFormatException("expected an array for 'data', found " + describe(value));
		}
		float[][] vectors = new float[inputs][];
		int count = 0;
		JsonToken element;
		while ((element = parser.nextToken()) != JsonToken.END_ARRAY) {
			if (element != JsonToken.START_OBJECT) {
				throw new WireFormatException("expected an embedding object, found " + describe(element));
			}
			count++;
			if (count > inputs) {
				throw new WireFormatException("more embeddings than the " + inputs + " inputs");
			}
			item(parser, vectors, count - 1);
		}
		if (count != inputs) {
			throw new WireFormatException(count + " embeddings for " + inputs + " inputs");
		}
		return vectors;
	}

	private static void item(JsonParser parser, float[][] vectors, int position) {
		int index = position;
		float[] vector = null;
		while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
			String name = parser.currentName();
			JsonToken value = parser.nextToken();
			switch (name) {
				case "index" -> {
					if (value != JsonToken.VALUE_NUMBER_INT) {
						throw new WireFormatException("expected an integer for 'index', found " + describe(value));
					}
					index = parser.getIntValue();
				}
				case "embedding" -> vector = vector(parser, value);
				default -> parser.skipChildren();
			}
		}
		if (vector == null) {
			throw new WireFormatException("an item of 'data' has no 'embedding'");
		}
		if (index < 0 || index >= vectors.length) {
			throw new WireFormatException("index " + index + " is outside the " + vectors.length + " inputs");
		}
		if (vectors[index] != null) {
			throw new WireFormatException("index " + index + " appears twice");
		}
		vectors[index] = vector;
	}

	private static float[] vector(JsonParser parser, JsonToken value) {
		if (value == JsonToken.VALUE_STRING) {
			return decode(parser.getString());
		}
		if (value != JsonToken.START_ARRAY) {
			throw new WireFormatException("expected base64 text or an array for 'embedding', found " + describe(value));
		}
		float[] vector = new float[256];
		int length = 0;
		JsonToken element;
		while ((element = parser.nextToken()) != JsonToken.END_ARRAY) {
			if (element != JsonToken.VALUE_NUMBER_FLOAT && element != JsonToken.VALUE_NUMBER_INT) {
				throw new WireFormatException("expected a number in 'embedding', found " + describe(element));
			}
			if (length == vector.length) {
				vector = Arrays.copyOf(vector, length * 2);
			}
			// from the text, not through a double: exact for the shortest float32 text
			float number = Float.parseFloat(parser.getString());
			if (!Float.isFinite(number)) {
				throw new WireFormatException("a number in 'embedding' is out of the float32 range");
			}
			vector[length++] = number;
		}
		if (length == 0) {
			throw new WireFormatException("an empty 'embedding'");
		}
		return (length == vector.length) ? vector : Arrays.copyOf(vector, length);
	}

	private static float[] decode(String text) {
		byte[] bytes;
		try {
			bytes = Base64.getDecoder().decode(text);
		}
		catch (IllegalArgumentException ex) {
			throw new WireFormatException("'embedding' is not base64");
		}
		if (bytes.length == 0 || bytes.length % Float.BYTES != 0) {
			throw new WireFormatException(
					"'embedding' holds " + bytes.length + " bytes, not a whole number of float32s");
		}
		float[] vector = new float[bytes.length / Float.BYTES];
		ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(vector);
		return vector;
	}

	private static @Nullable Usage usage(JsonParser parser, JsonToken value) {
		if (value == JsonToken.VALUE_NULL) {
			return null;
		}
		if (value != JsonToken.START_OBJECT) {
			throw new WireFormatException("expected an object for 'usage', found " + describe(value));
		}
		long prompt = 0;
		long total = 0;
		while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
			String name = parser.currentName();
			JsonToken token = parser.nextToken();
			switch (name) {
				case "prompt_tokens" -> prompt = number(parser, token, name);
				case "total_tokens" -> total = number(parser, token, name);
				default -> parser.skipChildren();
			}
		}
		return new Usage(prompt, 0, (total > 0) ? total : prompt);
	}

	private static long number(JsonParser parser, JsonToken value, String field) {
		if (value == JsonToken.VALUE_NULL) {
			return 0;
		}
		if (value != JsonToken.VALUE_NUMBER_INT) {
			throw new WireFormatException("expected an integer for '" + field + "', found " + describe(value));
		}
		return parser.getLongValue();
	}

}
