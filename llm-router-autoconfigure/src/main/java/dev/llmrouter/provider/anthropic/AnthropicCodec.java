package dev.llmrouter.provider.anthropic;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.llmrouter.CallMetadata;
import dev.llmrouter.ChatMessage;
import dev.llmrouter.ChatRequest;
import dev.llmrouter.ChatResponse;
import dev.llmrouter.Choice;
import dev.llmrouter.ContentPart;
import dev.llmrouter.ToolCall;
import dev.llmrouter.Usage;
import dev.llmrouter.error.ContentPolicyViolationException;
import dev.llmrouter.error.LlmException;
import dev.llmrouter.error.internal.FailureClassifier;
import dev.llmrouter.provider.ProviderEndpoint;
import dev.llmrouter.provider.ProviderError;
import dev.llmrouter.provider.ProviderErrorException;
import dev.llmrouter.provider.internal.Secrets;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes Messages API requests and reads messages, stream events and error bodies. Bodies
 * are bound to plain Java maps and lists (nesting bounded by the parser's
 * {@code StreamReadConstraints}); what the API types do not name is kept in
 * {@code providerFields()}.
 *
 * @author llm-router
 */
final class AnthropicCodec {

	static final String TYPE = "type";

	static final String ERROR = "error";

	static final String REFUSAL = "refusal";

	static final String REASONING_CONTENT = "reasoning_content";

	/** Longest error message kept from a body. */
	private static final int MAX_TEXT = 4000;

	private static final int MAX_PLAIN_TEXT = 300;

	private final JsonMapper json = JsonMapper.builder()
		.disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
		.build();

	private final MessagesRequestWriter writer = new MessagesRequestWriter(this.json);

	byte[] writeRequest(ProviderEndpoint endpoint, ChatRequest request, boolean stream) {
		return this.writer.write(endpoint, request, stream);
	}

	/**
	 * The text of a {@code content_block_delta} event with a {@code text_delta}, read
	 * with a streaming parser and nothing else allocated: most events of a stream are
	 * these. Any other event, or one with a field this fast path does not know, answers
	 * {@code null}, and the general reader reads it, so nothing is lost.
	 * @param data the array holding the event's data
	 * @param offset where it starts
	 * @param length its length
	 * @return the text, or {@code null} to read the event in full
	 */
	@Nullable String textDelta(byte[] data, int offset, int length) {
		try (JsonParser parser = this.json.createParser(data, offset, length)) {
			if (parser.nextToken() != JsonToken.START_OBJECT) {
				return null;
			}
			boolean delta = false;
			boolean index = false;
			String text = null;
			JsonToken token;
			while ((token = parser.nextToken()) == JsonToken.PROPERTY_NAME) {
				String name = parser.currentName();
				JsonToken value = parser.nextToken();
				if (TYPE.equals(name)) {
					if (value != JsonToken.VALUE_STRING || !"content_block_delta".equals(parser.getString())) {
						return null;
					}
					delta = true;
				}
				else if ("index".equals(name) && value == JsonToken.VALUE_NUMBER_INT && parser.getIntValue() >= 0) {
					index = true;
				}
				else if ("delta".equals(name) && value == JsonToken.START_OBJECT) {
					text = textOf(parser);
					if (text == null) {
						return null;
					}
				}
				else {
					return null;
				}
			}
			boolean whole = token == JsonToken.END_OBJECT && parser.nextToken() == null;
			return (whole && delta && index) ? text : null;
		}
		catch (JacksonException ex) {
			return null;
		}
	}

	/**
	 * The text of a {@code {"type":"text_delta","text":..}} object, else {@code null}.
	 */
	private static @Nullable String textOf(JsonParser parser) {
		boolean textDelta = false;
		String text = null;
		JsonToken token;
		while ((token = parser.nextToken()) == JsonToken.PROPERTY_NAME) {
			String name = parser.currentName();
			JsonToken value = parser.nextToken();
			if (value != JsonToken.VALUE_STRING) {
				return null;
			}
			if (TYPE.equals(name)) {
				textDelta = "text_delta".equals(parser.getString());
			}
			else if ("text".equals(name)) {
				text = parser.getString();
			}
			else {
				return null;
			}
		}
		return (token == JsonToken.END_OBJECT && textDelta) ? text : null;
	}

	/**
	 * Read a JSON object.
	 * @throws WireFormat if the bytes are not one
	 */
	Map<String, Object> readObject(byte[] data, int offset, int length) {
		Object value;
		try {
			value = this.json.readValue(data, offset, length, Object.class);
		}
		catch (JacksonException ex) {
			throw new WireFormat("not JSON (" + ex.getOriginalMessage().lines().findFirst().orElse("unreadable") + ")");
		}
		if (!(value instanceof Map<?, ?> map)) {
			throw new WireFormat("expected a JSON object, found " + describe(value));
		}
		@SuppressWarnings("unchecked")
		Map<String, Object> object = (Map<String, Object>) map;
		return object;
	}

	/**
	 * Read a non-streaming answer: a {@code message}, or an {@code error} in a 200 body.
	 * A {@code stop_reason} of {@code refusal} fails the attempt as a content-policy
	 * violation.
	 */
	ChatResponse readMessage(byte[] body, String source, @Nullable String apiKey) {
		if (body.length == 0) {
			throw FailureClassifier.malformed(source, "empty body", null);
		}
		ChatResponse plain = readPlainMessage(body);
		return (plain != null) ? plain : readMessageInFull(body, source, apiKey);
	}

	/** {@link #readMessage} without the fast path for plain text answers. */
	ChatResponse readMessageInFull(byte[] body, String source, @Nullable String apiKey) {
		try {
			Map<String, Object> message = readObject(body, 0, body.length);
			if (ERROR.equals(message.get(TYPE))) {
				throw new ProviderErrorException(errorFrom(0, Map.of(), message, apiKey));
			}
			return toResponse(message, source);
		}
		catch (WireFormat ex) {
			throw FailureClassifier.malformed(source, "the body is not a message (" + ex.getMessage() + ")", null);
		}
	}

	/**
	 * The answer of a message whose content is text blocks only and that ends with a stop
	 * reason other than {@code refusal} — what most answers are — read with a streaming
	 * parser: the same response {@link #toResponse} builds, without the map of the whole
	 * body. Any other message (tool use, thinking, citations, an error, a refusal,
	 * anything unexpected) answers {@code null}, and the general reader reads it.
	 */
	@Nullable ChatResponse readPlainMessage(byte[] body) {
		try (JsonParser parser = this.json.createParser(body)) {
			if (parser.nextToken() != JsonToken.START_OBJECT) {
				return null;
			}
			Map<String, Object> fields = new LinkedHashMap<>();
			String text = null;
			String stopReason = null;
			String model = null;
			Usage usage = null;
			boolean content = false;
			JsonToken token;
			while ((token = parser.nextToken()) == JsonToken.PROPERTY_NAME) {
				String name = parser.currentName();
				JsonToken value = parser.nextToken();
				switch (name) {
					case "content" -> {
						text = plainText(parser, value);
						if (text == null) {
							return null;
						}
						content = true;
					}
					case "stop_reason" -> {
						if (value != JsonToken.VALUE_STRING || REFUSAL.equals(parser.getString())) {
							return null;
						}
						stopReason = parser.getString();
					}
					case "model" -> {
						if (value != JsonToken.VALUE_STRING) {
							return null;
						}
						model = parser.getString();
					}
					case "usage" -> {
						usage = plainUsage(parser, value, fields);
						if (usage == null) {
							return null;
						}
					}
					case TYPE -> {
						if (value != JsonToken.VALUE_STRING || !"message".equals(parser.getString())) {
							return null;
						}
						fields.put(name, "message");
					}
					default -> fields.put(name, parser.readValueAs(Object.class));
				}
			}
			if (token != JsonToken.END_OBJECT || parser.nextToken() != null || !content || stopReason == null) {
				return null;
			}
			Map<String, Object> choiceFields = new LinkedHashMap<>();
			if (StopReasons.isUnmapped(stopReason)) {
				choiceFields.put("stop_reason", stopReason);
			}
			ChatMessage assistant = new ChatMessage(ChatMessage.ASSISTANT,
					text.isEmpty() ? List.of() : List.of(ContentPart.text(text)), List.of(), null, null);
			Choice choice = new Choice(0, assistant, StopReasons.normalise(stopReason), choiceFields);
			return new ChatResponse(List.of(choice), usage, model, CallMetadata.empty(""), fields);
		}
		catch (JacksonException | WireFormat ex) {
			return null;
		}
	}

	/** The text of a content array of plain text blocks, else {@code null}. */
	private static @Nullable String plainText(JsonParser parser, JsonToken value) {
		if (value != JsonToken.START_ARRAY) {
			return null;
		}
		String first = null;
		StringBuilder more = null;
		JsonToken token;
		while ((token = parser.nextToken()) == JsonToken.START_OBJECT) {
			String text = null;
			boolean isText = false;
			while ((token = parser.nextToken()) == JsonToken.PROPERTY_NAME) {
				String name = parser.currentName();
				if (parser.nextToken() != JsonToken.VALUE_STRING) {
					return null;
				}
				if (TYPE.equals(name)) {
					isText = "text".equals(parser.getString());
				}
				else if ("text".equals(name)) {
					text = parser.getString();
				}
				else {
					return null;
				}
			}
			if (token != JsonToken.END_OBJECT || !isText || text == null) {
				return null;
			}
			if (first == null) {
				first = text;
			}
			else {
				more = (more != null) ? more : new StringBuilder(first);
				more.append(text);
			}
		}
		if (token != JsonToken.END_ARRAY) {
			return null;
		}
		return (more != null) ? more.toString() : (first != null) ? first : "";
	}

	/**
	 * The usage, its untyped details put in {@code fields} as {@link #usage} does, else
	 * {@code null}.
	 */
	private static @Nullable Usage plainUsage(JsonParser parser, JsonToken value, Map<String, Object> fields) {
		if (value != JsonToken.START_OBJECT) {
			return null;
		}
		long input = 0;
		long output = 0;
		JsonToken token;
		while ((token = parser.nextToken()) == JsonToken.PROPERTY_NAME) {
			String name = parser.currentName();
			JsonToken field = parser.nextToken();
			if ("input_tokens".equals(name) || "output_tokens".equals(name)) {
				if (field != JsonToken.VALUE_NUMBER_INT || parser.getLongValue() < 0) {
					return null;
				}
				if ("input_tokens".equals(name)) {
					input = parser.getLongValue();
				}
				else {
					output = parser.getLongValue();
				}
			}
			else {
				Object detail = parser.readValueAs(Object.class);
				if (detail != null) {
					fields.put(name, detail);
				}
			}
		}
		return (token == JsonToken.END_OBJECT) ? new Usage(input, output, input + output) : null;
	}

	private static ChatResponse toResponse(Map<String, Object> message, String source) {
		Map<String, Object> fields = new LinkedHashMap<>();
		Map<String, Object> choiceFields = new LinkedHashMap<>();
		StringBuilder text = new StringBuilder();
		StringBuilder reasoning = null;
		List<ToolCall> toolCalls = new ArrayList<>(0);
		List<Object> otherBlocks = null;
		Object content = message.get("content");
		if (!(content instanceof List<?> blocks)) {
			throw new WireFormat("expected an array for 'content', found " + describe(content));
		}
		for (Object item : blocks) {
			if (!(item instanceof Map<?, ?> block)) {
				throw new WireFormat("expected a content block object, found " + describe(item));
			}
			Object type = block.get(TYPE);
			if ("text".equals(type)
					&& block.keySet().stream().allMatch((key) -> TYPE.equals(key) || "text".equals(key))) {
				text.append(string(block.get("text"), "text"));
			}
			else if ("text".equals(type)) {
				// a text block with citations: its text is the answer's, the block is
				// kept
				text.append(string(block.get("text"), "text"));
				otherBlocks = add(otherBlocks, block);
			}
			else if ("tool_use".equals(type)) {
				toolCalls.add(toolCall(block));
			}
			else {
				if ("thinking".equals(type)) {
					String thinking = string(block.get("thinking"), "thinking");
					reasoning = (reasoning != null) ? reasoning.append(thinking) : new StringBuilder(thinking);
				}
				otherBlocks = add(otherBlocks, block);
			}
		}
		if (reasoning != null) {
			choiceFields.put(REASONING_CONTENT, reasoning.toString());
		}
		if (otherBlocks != null) {
			choiceFields.put("content", otherBlocks);
		}
		String stopReason = string(message.get("stop_reason"), "stop_reason");
		String finishReason = StopReasons.normalise(stopReason);
		if (stopReason != null && StopReasons.isUnmapped(stopReason)) {
			choiceFields.put("stop_reason", stopReason);
		}
		Usage usage = null;
		String model = null;
		for (Map.Entry<String, Object> field : message.entrySet()) {
			String name = field.getKey();
			Object value = field.getValue();
			switch (name) {
				case "content", "stop_reason" -> {
				}
				case "model" -> model = string(value, name);
				case "usage" -> usage = usage(value, fields, 0);
				default -> fields.put(name, value);
			}
		}
		ChatMessage assistant = new ChatMessage(ChatMessage.ASSISTANT,
				text.isEmpty() ? List.of() : List.of(ContentPart.text(text.toString())), toolCalls, null,
				REFUSAL.equals(stopReason) ? text.toString() : null);
		if (REFUSAL.equals(stopReason)) {
			Map<String, Object> refusalFields = new LinkedHashMap<>(fields);
			refusalFields.putAll(choiceFields);
			if (!text.isEmpty()) {
				refusalFields.put("content_text", text.toString());
			}
			throw refused(source).withProviderFields(refusalFields);
		}
		Choice choice = new Choice(0, assistant, finishReason, choiceFields);
		return new ChatResponse(List.of(choice), usage, model, CallMetadata.empty(""), fields);
	}

	static LlmException refused(String source) {
		return new ContentPolicyViolationException(
				"Message from " + source + " was declined by the model's safety measures (stop_reason: refusal)", 0,
				null, null);
	}

	private static ToolCall toolCall(Map<?, ?> block) {
		String id = string(block.get("id"), "id");
		String name = string(block.get("name"), "name");
		Object input = block.get("input");
		String arguments = (input != null) ? PlainJson.toJson(input) : "{}";
		return new ToolCall((id != null) ? id : "", (name != null) ? name : "", arguments);
	}

	/**
	 * The usage, with its untyped details ({@code cache_creation_input_tokens},
	 * {@code cache_read_input_tokens}, {@code service_tier}, …) put in {@code fields}.
	 * @param inputTokens the input tokens already known (from a stream's
	 * {@code message_start}), used when this usage names none
	 */
	static @Nullable Usage usage(@Nullable Object value, Map<String, Object> fields, long inputTokens) {
		if (value == null) {
			return null;
		}
		if (!(value instanceof Map<?, ?> usage)) {
			throw new WireFormat("expected an object for 'usage', found " + describe(value));
		}
		long input = inputTokens;
		long output = 0;
		for (Map.Entry<?, ?> entry : usage.entrySet()) {
			String name = String.valueOf(entry.getKey());
			switch (name) {
				case "input_tokens" -> input = (entry.getValue() != null) ? number(entry.getValue(), name) : input;
				case "output_tokens" -> output = number(entry.getValue(), name);
				default -> {
					if (entry.getValue() != null) {
						fields.put(name, entry.getValue());
					}
				}
			}
		}
		return new Usage(input, output, input + output);
	}

	/**
	 * Read an error body: Anthropic's {@code {"type":"error","error":{"type","message"}}}
	 * (its {@code request_id} and other fields kept), else a top-level {@code message},
	 * else the body's text, cut short. Any API key is masked.
	 */
	ProviderError readError(int status, Map<String, String> headers, byte[] body, @Nullable String apiKey) {
		if (body.length == 0) {
			return new ProviderError(status, null, null, null, headers);
		}
		try {
			return errorFrom(status, headers, readObject(body, 0, body.length), apiKey);
		}
		catch (WireFormat ex) {
			String text = String.valueOf(Secrets.redact(new String(body, StandardCharsets.UTF_8), apiKey)).strip();
			return new ProviderError(status, null, null, cut(text, MAX_PLAIN_TEXT), headers);
		}
	}

	static ProviderError errorFrom(int status, Map<String, String> headers, Map<String, Object> body,
			@Nullable String apiKey) {
		Map<String, Object> fields = new LinkedHashMap<>();
		Object error = body.get(ERROR);
		String type;
		String message;
		if (error instanceof Map<?, ?> details) {
			type = text(details.get(TYPE));
			message = text(details.get("message"));
			details.forEach((name, value) -> {
				if (!TYPE.equals(name) && !"message".equals(name)) {
					fields.put(String.valueOf(name), Secrets.redactValue(value, apiKey));
				}
			});
		}
		else {
			type = (error != null) ? null : text(body.get(TYPE));
			message = (error != null) ? text(error) : text(body.get("message"));
		}
		body.forEach((name, value) -> {
			if (!ERROR.equals(name) && !TYPE.equals(name) && !"message".equals(name)) {
				fields.putIfAbsent(name, Secrets.redactValue(value, apiKey));
			}
		});
		if (message != null) {
			message = cut(String.valueOf(Secrets.redact(message, apiKey)), MAX_TEXT);
		}
		return new ProviderError(status, Secrets.redact(type, apiKey), null, message, headers, fields);
	}

	private static @Nullable List<Object> add(@Nullable List<Object> list, Object item) {
		List<Object> result = (list != null) ? list : new ArrayList<>(1);
		result.add(item);
		return result;
	}

	static @Nullable String string(@Nullable Object value, String field) {
		if (value == null || value instanceof String) {
			return (String) value;
		}
		throw new WireFormat("expected text for '" + field + "', found " + describe(value));
	}

	static long number(@Nullable Object value, String field) {
		if (value == null) {
			return 0;
		}
		if (value instanceof Number number) {
			return number.longValue();
		}
		throw new WireFormat("expected a number for '" + field + "', found " + describe(value));
	}

	static int index(@Nullable Object value) {
		if (value instanceof Number number && number.longValue() >= 0 && number.longValue() <= Integer.MAX_VALUE) {
			return number.intValue();
		}
		throw new WireFormat("expected a content block index, found " + describe(value));
	}

	static String describe(@Nullable Object value) {
		if (value == null) {
			return "null";
		}
		if (value instanceof Map) {
			return "an object";
		}
		if (value instanceof List) {
			return "an array";
		}
		if (value instanceof String) {
			return "text";
		}
		return (value instanceof Number) ? "a number" : "a " + value.getClass().getSimpleName().toLowerCase();
	}

	private static @Nullable String text(@Nullable Object value) {
		if (value == null || value instanceof String) {
			return (String) value;
		}
		return cut(PlainJson.toJson(value), MAX_TEXT);
	}

	private static String cut(String text, int length) {
		return (text.length() > length) ? text.substring(0, length) : text;
	}

	/**
	 * JSON that is not shaped as the Messages API says. Carries no stack trace: it
	 * becomes a malformed-response {@link LlmException}.
	 */
	static final class WireFormat extends RuntimeException {

		WireFormat(String message) {
			super(message, null, false, false);
		}

	}

	/**
	 * Plain Java values written back as JSON text.
	 */
	static final class PlainJson {

		private static final JsonMapper JSON = JsonMapper.builder().build();

		private PlainJson() {
		}

		static String toJson(@Nullable Object value) {
			return JSON.writeValueAsString(value);
		}

	}

}
