package dev.llmrouter.provider.openai;

import java.io.ByteArrayOutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.llmrouter.ChatMessage;
import dev.llmrouter.ChatRequest;
import dev.llmrouter.ChatResponse;
import dev.llmrouter.error.internal.FailureClassifier;
import dev.llmrouter.provider.ProviderError;
import dev.llmrouter.provider.ProviderErrorException;
import dev.llmrouter.provider.ProviderEndpoint;
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
				throw new WireFormatException("expected a JSON object, found " + PlainValues.describe(first));
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

}
