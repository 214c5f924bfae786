package dev.llmrouter.provider.openai;

import static dev.llmrouter.provider.openai.PlainValues.describe;
import static dev.llmrouter.provider.openai.PlainValues.text;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
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
import org.springframework.core.io.buffer.DataBuffer;

import tools.jackson.core.Base64Variant;
import tools.jackson.core.Base64Variants;
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

	/** Standard base64, with or without its {@code =} padding. */
	private static final Base64Variant BASE64_VARIANT = Base64Variants.MIME_NO_LINEFEEDS
		.withReadPadding(Base64Variant.PaddingReadBehaviour.PADDING_ALLOWED);

	private final JsonMapper json = JsonMapper.builder().build();

	private final OpenAiCodec codec;

	/** The length of the last vector read, the first guess for the next. */
	private volatile int lastDimensions = 256;

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
	 * Read a 2xx answer straight from the buffer it arrived in: no copy of the body, and
	 * base64 vectors decoded from the parser's input into their {@code float[]}, without
	 * the text or the bytes of the vector in between.
	 * @param body the body, read from its read position
	 * @param inputs how many inputs the request had
	 * @param source who answered, for messages
	 * @param apiKey the key, redacted from any error text
	 * @return the response, its metadata empty
	 */
	EmbeddingResponse readResponse(DataBuffer body, int inputs, String source, @Nullable String apiKey) {
		if (body.readableByteCount() == 0) {
			throw FailureClassifier.malformed(source, "empty body", null);
		}
		int start = body.readPosition();
		try (JsonParser parser = this.json.createParser(body.asInputStream())) {
			JsonToken first = parser.nextToken();
			if (first != JsonToken.START_OBJECT) {
				throw new WireFormatException("expected a JSON object, found " + describe(first));
			}
			EmbeddingResponse response = read(parser, inputs);
			if (response == null) {
				body.readPosition(start);
				byte[] bytes = new byte[body.readableByteCount()];
				body.read(bytes);
				throw new ProviderErrorException(this.codec.readError(0, Map.of(), bytes, apiKey));
			}
			return response;
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

	/** The response, or {@code null} for an answer that holds an {@code error}. */
	private @Nullable EmbeddingResponse read(JsonParser parser, int inputs) {
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
			return null;
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

	private float[][] data(JsonParser parser, JsonToken value, int inputs) {
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

	private void item(JsonParser parser, float[][] vectors, int position) {
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

	private float[] vector(JsonParser parser, JsonToken value) {
		if (value == JsonToken.VALUE_STRING) {
			return decode(parser);
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

	/**
	 * The vector of a base64 string, decoded by the parser from its input straight into
	 * floats, sized at first by the last vector read (embeddings of one model share a
	 * length).
	 */
	private float[] decode(JsonParser parser) {
		Floats floats = new Floats(this.lastDimensions);
		int bytes;
		try {
			bytes = parser.readBinaryValue(BASE64_VARIANT, floats);
		}
		catch (JacksonException | IllegalArgumentException ex) {
			throw new WireFormatException("'embedding' is not base64");
		}
		if (bytes == 0 || bytes % Float.BYTES != 0) {
			throw new WireFormatException("'embedding' holds " + bytes + " bytes, not a whole number of float32s");
		}
		float[] vector = floats.vector();
		this.lastDimensions = vector.length;
		return vector;
	}

	/**
	 * The decoded bytes of a base64 vector as little-endian float32 values, in an array
	 * that grows as needed.
	 */
	private static final class Floats extends OutputStream {

		private static final VarHandle LITTLE_ENDIAN_INT = MethodHandles.byteArrayViewVarHandle(int[].class,
				ByteOrder.LITTLE_ENDIAN);

		private float[] values;

		private int length;

		/** The bytes of an unfinished float, low byte first. */
		private int partial;

		private int pending;

		Floats(int expected) {
			this.values = new float[Math.max(expected, 16)];
		}

		@Override
		public void write(int b) {
			this.partial |= (b & 0xff) << (8 * this.pending);
			if (++this.pending == Float.BYTES) {
				add(Float.intBitsToFloat(this.partial));
				this.partial = 0;
				this.pending = 0;
			}
		}

		@Override
		public void write(byte[] b, int off, int len) {
			int index = off;
			int end = off + len;
			while (this.pending != 0 && index < end) {
				write(b[index++]);
			}
			int whole = (end - index) / Float.BYTES;
			if (whole > 0) {
				ensure(this.length + whole);
				for (int i = 0; i < whole; i++) {
					this.values[this.length++] = Float.intBitsToFloat((int) LITTLE_ENDIAN_INT.get(b, index));
					index += Float.BYTES;
				}
			}
			while (index < end) {
				write(b[index++]);
			}
		}

		private void add(float value) {
			ensure(this.length + 1);
			this.values[this.length++] = value;
		}

		private void ensure(int capacity) {
			if (capacity > this.values.length) {
				this.values = Arrays.copyOf(this.values, Math.max(capacity, this.values.length * 2));
			}
		}

		float[] vector() {
			return (this.length == this.values.length) ? this.values : Arrays.copyOf(this.values, this.length);
		}

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
