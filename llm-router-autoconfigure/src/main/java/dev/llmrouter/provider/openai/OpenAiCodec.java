package dev.llmrouter.provider.openai;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.llmrouter.ChatMessage;
import dev.llmrouter.ChatRequest;
import dev.llmrouter.ChatResponse;
import dev.llmrouter.Usage;
import dev.llmrouter.error.internal.FailureClassifier;
import dev.llmrouter.provider.ProviderError;
import dev.llmrouter.provider.ProviderErrorException;
import dev.llmrouter.provider.ProviderEndpoint;
import dev.llmrouter.provider.openai.WireModel.Completion;
import dev.llmrouter.provider.openai.WireModel.WireChoice;
import dev.llmrouter.provider.openai.WireModel.WireError;
import dev.llmrouter.provider.openai.WireModel.WireMessage;
import dev.llmrouter.provider.openai.WireModel.WireUsage;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes OpenAI chat completion requests and reads responses, chunks and error bodies.
 *
 * @author llm-router
 */
final class OpenAiCodec {

	private static final String CONTENT_FILTER = "content_filter";

	private static final String STREAM_OPTIONS = "stream_options";

	private static final String PROMPT_FILTER_RESULTS = "prompt_filter_results";

	private final JsonMapper json = JsonMapper.builder()
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
		.build();

	private final ErrorBodyReader errorBodies = new ErrorBodyReader(this.json);

	byte[] writeRequest(ProviderEndpoint endpoint, ChatRequest request, boolean stream) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(256);
		try (JsonGenerator generator = this.json.createGenerator(out)) {
			generator.writeStartObject();
			generator.writeStringProperty("model", endpoint.model());
			generator.writeName("messages");
			generator.writeStartArray();
			for (ChatMessage message : request.messages()) {
				RequestWriter.message(generator, message);
			}
			generator.writeEndArray();
			RequestWriter.options(generator, request);
			for (Map.Entry<String, Object> param : request.params().entrySet()) {
				if (stream || !STREAM_OPTIONS.equals(param.getKey())) {
					RequestWriter.param(generator, param.getKey(), param.getValue());
				}
			}
			if (stream) {
				generator.writeBooleanProperty("stream", true);
				if (endpoint.streamUsage() && !request.params().containsKey("stream_options")) {
					generator.writeName("stream_options");
					generator.writeStartObject();
					generator.writeBooleanProperty("include_usage", true);
					generator.writeEndObject();
				}
			}
			generator.writeEndObject();
		}
		return out.toByteArray();
	}

	/**
	 * Read a non-streaming answer. A choice stopped with
	 * {@code finish_reason: content_filter} fails the attempt as a content-policy
	 * violation carrying the choice's fields and the answer's
	 * {@code prompt_filter_results}.
	 */
	ChatResponse readResponse(byte[] body, String source, @Nullable String apiKey) {
		CompletionReader.Completion completion = readCompletion(body, source);
		if (completion.error() != null) {
			throw new ProviderErrorException(
					ErrorBodyReader.fromErrorField(0, Map.of(), completion.error(), completion.fields(), apiKey));
		}
		List<CompletionReader.ReadChoice> choices = completion.choices();
		if (choices == null || choices.isEmpty()) {
			throw FailureClassifier.malformed(source, "no choices in the response", null);
		}
		for (CompletionReader.ReadChoice choice : choices) {
			if (CONTENT_FILTER.equals(choice.finishReason())) {
				Map<String, Object> fields = new LinkedHashMap<>(choice.fields());
				if (completion.fields().containsKey(PROMPT_FILTER_RESULTS)) {
					fields.putIfAbsent(PROMPT_FILTER_RESULTS, completion.fields().get(PROMPT_FILTER_RESULTS));
				}
				throw FailureClassifier.contentFiltered(source).withProviderFields(fields);
			}
		}
		return completion.toResponse();
	}

	private CompletionReader.Completion readCompletion(byte[] body, String source) {
		if (body.length == 0) {
			throw FailureClassifier.malformed(source, "empty body", null);
		}
		try (JsonParser parser = this.json.createParser(body)) {
			JsonToken first = parser.nextToken();
			if (first == JsonToken.VALUE_NULL) {
				throw FailureClassifier.malformed(source, "the body is JSON null", null);
			}
			if (first != JsonToken.START_OBJECT) {
				throw new WireFormatException("expected a JSON object, found " + describe(first));
			}
			return CompletionReader.read(parser);
		}
		catch (JacksonException ex) {
			throw FailureClassifier.malformed(source, "the body is not a chat completion ("
					+ ex.getOriginalMessage().lines().findFirst().orElse("unreadable") + ")", ex);
		}
		catch (WireFormatException ex) {
			throw FailureClassifier.malformed(source, "the body is not a chat completion (" + ex.getMessage() + ")",
					null);
		}
	}

	ProviderError readError(int status, Map<String, String> headers, byte[] body, @Nullable String apiKey) {
		return this.errorBodies.read(status, headers, body, apiKey);
	}

	private Completion read(byte[] body, String source) {
		return read(body, 0, body.length, source);
	}

	private Completion read(byte[] body, int offset, int length, String source) {
		if (length == 0) {
			throw FailureClassifier.malformed(source, "empty body", null);
		}
		try (JsonParser parser = this.json.createParser(body, offset, length)) {
			JsonToken first = parser.nextToken();
			if (first == JsonToken.VALUE_NULL) {
				throw FailureClassifier.malformed(source, "the body is JSON null", null);
			}
			if (first != JsonToken.START_OBJECT) {
				throw new WireException("expected a JSON object, found " + describe(first));
			}
			return WireReader.completion(parser);
		}
		catch (JacksonException ex) {
			throw FailureClassifier.malformed(source, "the body is not a chat completion ("
					+ ex.getOriginalMessage().lines().findFirst().orElse("unreadable") + ")", ex);
		}
		catch (WireException ex) {
			throw FailureClassifier.malformed(source, "the body is not a chat completion (" + ex.getMessage() + ")",
					null);
		}
	}

	private static String describe(@Nullable JsonToken token) {
		return (token != null) ? token.name() : "the end of the input";
	}

	private static ProviderError providerError(int status, Map<String, String> headers, WireError error,
			@Nullable String apiKey) {
		String code = (error.code() != null) ? String.valueOf(error.code()) : null;
		return new ProviderError(status, redact(error.type(), apiKey), redact(code, apiKey),
				redact(error.message(), apiKey), headers);
	}

	static @Nullable String redact(@Nullable String text, @Nullable String apiKey) {
		if (text == null || apiKey == null || apiKey.isEmpty()) {
			return text;
		}
		return text.replace(apiKey, ProviderEndpoint.mask(apiKey));
	}

	private static @Nullable Usage usage(@Nullable WireUsage usage) {
		return (usage != null) ? new Usage(usage.promptTokens(), usage.completionTokens(), usage.totalTokens()) : null;
	}

	/**
	 * Reads completions and chunks with the streaming parser, field by field: a chunk
	 * arrives per token, and Jackson's data binding of records (creator buffering,
	 * unknown properties copied aside) costs several times the parse itself. Unknown
	 * fields are skipped; scalars are read as text or numbers leniently, as data binding
	 * would.
	 */
	private static final class WireReader {

		private WireReader() {
		}

		static Completion completion(JsonParser parser) {
			String model = null;
			List<WireChoice> choices = null;
			WireUsage usage = null;
			WireError error = null;
			while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
				String name = parser.currentName();
				JsonToken value = parser.nextToken();
				switch (name) {
					case "model" -> model = text(parser, value, name);
					case "choices" -> choices = choices(parser, value);
					case "usage" -> usage = (value == JsonToken.START_OBJECT) ? usage(parser) : absent(value, name);
					case "error" -> error = error(parser, value);
					default -> parser.skipChildren();
				}
			}
			return new Completion(model, choices, usage, error);
		}

		private static @Nullable List<WireChoice> choices(JsonParser parser, JsonToken value) {
			if (value != JsonToken.START_ARRAY) {
				return absent(value, "choices");
			}
			List<WireChoice> choices = new ArrayList<>(1);
			JsonToken element;
			while ((element = parser.nextToken()) != JsonToken.END_ARRAY) {
				if (element != JsonToken.START_OBJECT) {
					throw new WireException("expected a choice object, found " + describe(element));
				}
				choices.add(choice(parser));
			}
			return choices;
		}

		private static WireChoice choice(JsonParser parser) {
			int index = 0;
			WireMessage message = null;
			WireMessage delta = null;
			String finishReason = null;
			while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
				String name = parser.currentName();
				JsonToken value = parser.nextToken();
				switch (name) {
					case "index" -> index = (int) number(parser, value, name);
					case "message" -> message = message(parser, value, name);
					case "delta" -> delta = message(parser, value, name);
					case "finish_reason" -> finishReason = text(parser, value, name);
					default -> parser.skipChildren();
				}
			}
			return new WireChoice(index, message, delta, finishReason);
		}

		private static @Nullable WireMessage message(JsonParser parser, JsonToken value, String field) {
			if (value != JsonToken.START_OBJECT) {
				return absent(value, field);
			}
			String role = null;
			String content = null;
			while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
				String name = parser.currentName();
				JsonToken token = parser.nextToken();
				switch (name) {
					case "role" -> role = text(parser, token, name);
					case "content" -> content = text(parser, token, name);
					default -> parser.skipChildren();
				}
			}
			return new WireMessage(role, content);
		}

		private static WireUsage usage(JsonParser parser) {
			long prompt = 0;
			long completion = 0;
			long total = 0;
			while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
				String name = parser.currentName();
				JsonToken value = parser.nextToken();
				switch (name) {
					case "prompt_tokens" -> prompt = number(parser, value, name);
					case "completion_tokens" -> completion = number(parser, value, name);
					case "total_tokens" -> total = number(parser, value, name);
					default -> parser.skipChildren();
				}
			}
			return new WireUsage(prompt, completion, total);
		}

		private static @Nullable WireError error(JsonParser parser, JsonToken value) {
			if (value == JsonToken.VALUE_NULL) {
				return null;
			}
			if (value.isScalarValue()) {
				// some servers send the error as a bare message
				return new WireError(parser.getValueAsString(), null, null);
			}
			if (value != JsonToken.START_OBJECT) {
				throw new WireException("expected an error object, found " + describe(value));
			}
			String message = null;
			String type = null;
			Object code = null;
			while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
				String name = parser.currentName();
				JsonToken token = parser.nextToken();
				switch (name) {
					case "message" -> message = text(parser, token, name);
					case "type" -> type = text(parser, token, name);
					case "code" -> code = (token == JsonToken.VALUE_NUMBER_INT) ? parser.getNumberValue()
							: text(parser, token, name);
					default -> parser.skipChildren();
				}
			}
			return new WireError(message, type, code);
		}

		private static @Nullable String text(JsonParser parser, JsonToken value, String field) {
			if (value == JsonToken.VALUE_NULL) {
				return null;
			}
			if (!value.isScalarValue()) {
				throw new WireException("expected text for '" + field + "', found " + describe(value));
			}
			return parser.getValueAsString();
		}

		private static long number(JsonParser parser, JsonToken value, String field) {
			if (value == JsonToken.VALUE_NULL) {
				return 0;
			}
			if (!value.isScalarValue()) {
				throw new WireException("expected a number for '" + field + "', found " + describe(value));
			}
			return parser.getValueAsLong(0);
		}

		private static <T> @Nullable T absent(JsonToken value, String field) {
			if (value != JsonToken.VALUE_NULL) {
				throw new WireException("unexpected " + describe(value) + " for '" + field + "'");
			}
			return null;
		}

	}

	/**
	 * A body that is JSON but not shaped like a chat completion.
	 */
	private static final class WireException extends RuntimeException {

		WireException(String message) {
			super(message, null, false, false);
		}

	}

}
