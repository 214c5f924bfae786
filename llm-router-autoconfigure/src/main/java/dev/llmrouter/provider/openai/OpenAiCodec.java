package dev.llmrouter.provider.openai;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.llmrouter.CallMetadata;
import dev.llmrouter.ChatChunk;
import dev.llmrouter.ChatMessage;
import dev.llmrouter.ChatRequest;
import dev.llmrouter.ChatResponse;
import dev.llmrouter.Choice;
import dev.llmrouter.Usage;
import dev.llmrouter.error.FailureClassifier;
import dev.llmrouter.error.ProviderError;
import dev.llmrouter.provider.ProviderEndpoint;
import dev.llmrouter.provider.openai.WireModel.Completion;
import dev.llmrouter.provider.openai.WireModel.ErrorBody;
import dev.llmrouter.provider.openai.WireModel.WireChoice;
import dev.llmrouter.provider.openai.WireModel.WireError;
import dev.llmrouter.provider.openai.WireModel.WireMessage;
import dev.llmrouter.provider.openai.WireModel.WireUsage;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes OpenAI chat completion requests and reads responses, chunks and error bodies.
 *
 * @author llm-router
 */
final class OpenAiCodec {

	private static final String CONTENT_FILTER = "content_filter";

	private final JsonMapper json = JsonMapper.builder()
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
		.build();

	byte[] writeRequest(ProviderEndpoint endpoint, ChatRequest request, boolean stream) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(256);
		try (JsonGenerator generator = this.json.createGenerator(out)) {
			generator.writeStartObject();
			generator.writeStringProperty("model", endpoint.model());
			generator.writeName("messages");
			generator.writeStartArray();
			for (ChatMessage message : request.messages()) {
				generator.writeStartObject();
				generator.writeStringProperty("role", message.role());
				generator.writeStringProperty("content", message.content());
				generator.writeEndObject();
			}
			generator.writeEndArray();
			if (request.temperature() != null) {
				generator.writeNumberProperty("temperature", request.temperature());
			}
			if (request.maxTokens() != null) {
				generator.writeNumberProperty("max_tokens", request.maxTokens());
			}
			for (Map.Entry<String, Object> param : request.params().entrySet()) {
				generator.writePOJOProperty(param.getKey(), param.getValue());
			}
			if (stream) {
				generator.writeBooleanProperty("stream", true);
				generator.writeName("stream_options");
				generator.writeStartObject();
				generator.writeBooleanProperty("include_usage", true);
				generator.writeEndObject();
			}
			generator.writeEndObject();
		}
		return out.toByteArray();
	}

	ChatResponse readResponse(byte[] body, String source, @Nullable String apiKey) {
		Completion completion = read(body, source);
		if (completion.error() != null) {
			throw FailureClassifier.classify(500, providerError(completion.error(), apiKey), null, source);
		}
		if (completion.choices() == null || completion.choices().isEmpty()) {
			throw FailureClassifier.malformed(source, "no choices in the response", null);
		}
		List<Choice> choices = new ArrayList<>(completion.choices().size());
		for (WireChoice choice : completion.choices()) {
			if (CONTENT_FILTER.equals(choice.finishReason())) {
				throw FailureClassifier.contentFiltered(source);
			}
			WireMessage message = choice.message();
			String content = (message != null && message.content() != null) ? message.content() : "";
			choices.add(new Choice(choice.index(), ChatMessage.assistant(content), choice.finishReason()));
		}
		return new ChatResponse(choices, usage(completion.usage()), completion.model(), CallMetadata.empty(""));
	}

	/**
	 * Read one SSE data payload.
	 * @return the chunk, or {@code null} for an event that carries nothing for the caller
	 */
	@Nullable ChatChunk readChunk(byte[] data, int offset, int length, String source, @Nullable String apiKey) {
		Completion completion = read(data, offset, length, source);
		if (completion.error() != null) {
			throw FailureClassifier.classify(500, providerError(completion.error(), apiKey), null, source);
		}
		Usage usage = usage(completion.usage());
		List<WireChoice> choices = completion.choices();
		if (choices == null || choices.isEmpty()) {
			return (usage != null) ? new ChatChunk("", null, usage) : null;
		}
		WireChoice choice = choices.get(0);
		if (CONTENT_FILTER.equals(choice.finishReason())) {
			throw FailureClassifier.contentFiltered(source);
		}
		String content = (choice.delta() != null && choice.delta().content() != null) ? choice.delta().content() : "";
		return new ChatChunk(content, choice.finishReason(), usage);
	}

	ProviderError readError(byte[] body, @Nullable String apiKey) {
		if (body.length == 0) {
			return ProviderError.NONE;
		}
		try {
			ErrorBody error = this.json.readValue(body, ErrorBody.class);
			if (error != null && error.error() != null) {
				return providerError(error.error(), apiKey);
			}
		}
		catch (JacksonException ex) {
			// not JSON: fall through to the raw text
		}
		String text = redact(new String(body, java.nio.charset.StandardCharsets.UTF_8), apiKey).strip();
		return new ProviderError(null, null, (text.length() > 300) ? text.substring(0, 300) : text);
	}

	private Completion read(byte[] body, String source) {
		return read(body, 0, body.length, source);
	}

	private Completion read(byte[] body, int offset, int length, String source) {
		if (length == 0) {
			throw FailureClassifier.malformed(source, "empty body", null);
		}
		try {
			Completion completion = this.json.readValue(body, offset, length, Completion.class);
			if (completion == null) {
				throw FailureClassifier.malformed(source, "the body is JSON null", null);
			}
			return completion;
		}
		catch (JacksonException ex) {
			throw FailureClassifier.malformed(source, "the body is not a chat completion ("
					+ ex.getOriginalMessage().lines().findFirst().orElse("unreadable") + ")", ex);
		}
	}

	private static ProviderError providerError(WireError error, @Nullable String apiKey) {
		String code = (error.code() != null) ? String.valueOf(error.code()) : null;
		return new ProviderError(redact(code, apiKey), redact(error.type(), apiKey), redact(error.message(), apiKey));
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

}
