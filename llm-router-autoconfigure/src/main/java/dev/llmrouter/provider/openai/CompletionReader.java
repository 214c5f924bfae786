package dev.llmrouter.provider.openai;

import static dev.llmrouter.provider.openai.PlainValues.absent;
import static dev.llmrouter.provider.openai.PlainValues.describe;
import static dev.llmrouter.provider.openai.PlainValues.number;
import static dev.llmrouter.provider.openai.PlainValues.text;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.llmrouter.CallMetadata;
import dev.llmrouter.ChatMessage;
import dev.llmrouter.ChatResponse;
import dev.llmrouter.Choice;
import dev.llmrouter.ContentPart;
import dev.llmrouter.ToolCall;
import dev.llmrouter.Usage;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * Reads a non-streaming chat completion with the streaming parser, field by field. The
 * fields the API types name are read into them; every other field is kept, as plain Java
 * values, in the response's or the choice's {@code providerFields}: nothing the provider
 * sent is dropped.
 * <p>
 * A body of the wrong shape fails with a {@link WireFormatException} naming the field.
 *
 * @author llm-router
 */
final class CompletionReader {

	private static final String FUNCTION = "function";

	private CompletionReader() {
	}

	/**
	 * Read a completion whose opening {@code START_OBJECT} has been consumed.
	 * @param parser the parser
	 * @return what the body held
	 */
	static Completion read(JsonParser parser) {
		String model = null;
		List<ReadChoice> choices = null;
		Usage usage = null;
		Object error = null;
		boolean hasError = false;
		Map<String, Object> fields = new LinkedHashMap<>();
		Map<String, Object> usageFields = null;
		while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
			String name = parser.currentName();
			JsonToken value = parser.nextToken();
			switch (name) {
				case "model" -> model = text(parser, value, name);
				case "choices" -> choices = choices(parser, value);
				case "usage" -> {
					if (value == JsonToken.START_OBJECT) {
						usageFields = new LinkedHashMap<>();
						usage = usage(parser, usageFields);
					}
					else {
						absent(value, name);
					}
				}
				case "error" -> {
					error = PlainValues.read(parser, value);
					hasError = error != null;
				}
				default -> fields.put(name, PlainValues.read(parser, value));
			}
		}
		if (usageFields != null) {
			usageFields.forEach(fields::putIfAbsent);
		}
		return new Completion(model, choices, usage, hasError ? error : null, fields);
	}

	private static @Nullable List<ReadChoice> choices(JsonParser parser, JsonToken value) {
		if (value != JsonToken.START_ARRAY) {
			return absent(value, "choices");
		}
		List<ReadChoice> choices = new ArrayList<>(1);
		JsonToken element;
		while ((element = parser.nextToken()) != JsonToken.END_ARRAY) {
			if (element != JsonToken.START_OBJECT) {
				throw new WireFormatException("expected a choice object, found " + describe(element));
			}
			choices.add(choice(parser));
		}
		if (choices.size() > 1) {
			choices.sort(Comparator.comparingInt(ReadChoice::index));
		}
		return choices;
	}

	private static ReadChoice choice(JsonParser parser) {
		int index = 0;
		String finishReason = null;
		Map<String, Object> fields = new LinkedHashMap<>();
		MessageParts message = null;
		while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
			String name = parser.currentName();
			JsonToken value = parser.nextToken();
			switch (name) {
				case "index" -> index = (int) number(parser, value, name);
				case "message" -> message = message(parser, value);
				case "finish_reason" -> finishReason = text(parser, value, name);
				default -> fields.put(name, PlainValues.read(parser, value));
			}
		}
		ChatMessage assistant = (message != null) ? message.toMessage()
				: new ChatMessage(ChatMessage.ASSISTANT, List.of(), List.of(), null, null);
		if (message != null) {
			message.fields.forEach(fields::putIfAbsent);
		}
		return new ReadChoice(index, assistant, FinishReasons.normalise(finishReason), fields);
	}

	private static @Nullable MessageParts message(JsonParser parser, JsonToken value) {
		if (value != JsonToken.START_OBJECT) {
			return absent(value, "message");
		}
		MessageParts message = new MessageParts();
		while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
			String name = parser.currentName();
			JsonToken token = parser.nextToken();
			switch (name) {
				case "role" -> text(parser, token, name);
				case "content" -> content(parser, token, message);
				case "refusal" -> message.refusal = text(parser, token, name);
				case "tool_calls" -> toolCalls(parser, token, message);
				default -> message.fields.put(name, PlainValues.read(parser, token));
			}
		}
		return message;
	}

	/**
	 * {@code content} as a string, or as an array of parts (Mistral and others): text
	 * parts are read as text, other parts kept as the choice's {@code content} field.
	 */
	private static void content(JsonParser parser, JsonToken value, MessageParts message) {
		if (value != JsonToken.START_ARRAY) {
			message.text = text(parser, value, "content");
			return;
		}
		StringBuilder text = null;
		List<Object> others = null;
		JsonToken element;
		while ((element = parser.nextToken()) != JsonToken.END_ARRAY) {
			Object part = PlainValues.read(parser, element);
			if (part instanceof Map<?, ?> map && "text".equals(map.get("type"))
					&& map.get("text") instanceof String t) {
				text = (text != null) ? text.append(t) : new StringBuilder(t);
			}
			else {
				others = (others != null) ? others : new ArrayList<>(1);
				others.add(part);
			}
		}
		message.text = (text != null) ? text.toString() : null;
		if (others != null) {
			message.fields.put("content", others);
		}
	}

	private static void toolCalls(JsonParser parser, JsonToken value, MessageParts message) {
		if (value == JsonToken.VALUE_NULL) {
			return;
		}
		if (value != JsonToken.START_ARRAY) {
			throw new WireFormatException("expected an array for 'tool_calls', found " + describe(value));
		}
		JsonToken element;
		while ((element = parser.nextToken()) != JsonToken.END_ARRAY) {
			if (element != JsonToken.START_OBJECT) {
				throw new WireFormatException(
						"expected a tool call object in 'tool_calls', found " + describe(element));
			}
			Map<String, Object> call = PlainValues.object(parser);
			Object type = call.get("type");
			if (type != null && !FUNCTION.equals(type)) {
				message.otherToolCalls = (message.otherToolCalls != null) ? message.otherToolCalls : new ArrayList<>(1);
				message.otherToolCalls.add(call);
				continue;
			}
			message.toolCalls.add(toolCall(call));
		}
		if (message.otherToolCalls != null) {
			message.fields.put("tool_calls", message.otherToolCalls);
		}
	}

	private static ToolCall toolCall(Map<String, Object> call) {
		Object id = call.get("id");
		Object function = call.get(FUNCTION);
		if (id != null && !(id instanceof String)) {
			throw new WireFormatException("expected text for a tool call's 'id'");
		}
		if (function != null && !(function instanceof Map)) {
			throw new WireFormatException("expected an object for a tool call's 'function'");
		}
		Map<?, ?> fn = (function != null) ? (Map<?, ?>) function : Map.of();
		Object name = fn.get("name");
		if (name != null && !(name instanceof String)) {
			throw new WireFormatException("expected text for a tool call's 'name'");
		}
		Object arguments = fn.get("arguments");
		String argumentsText;
		if (arguments == null || arguments instanceof String) {
			argumentsText = (String) arguments;
		}
		else if (arguments instanceof Map || arguments instanceof List) {
			// some servers send the arguments as JSON rather than as JSON text
			argumentsText = PlainValues.toJson(arguments);
		}
		else {
			throw new WireFormatException("expected text for a tool call's 'arguments'");
		}
		return new ToolCall((id != null) ? (String) id : "", (name != null) ? (String) name : "", argumentsText);
	}

	private static Usage usage(JsonParser parser, Map<String, Object> fields) {
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
				default -> fields.put(name, PlainValues.read(parser, value));
			}
		}
		return new Usage(prompt, completion, total);
	}

	/**
	 * What a completion body held.
	 *
	 * @param model the reported model
	 * @param choices the choices in index order, or {@code null} if absent
	 * @param usage the usage, if reported
	 * @param error the {@code error} field, as plain Java, if the body holds one
	 * @param fields the other top-level fields and the usage's untyped details
	 */
	record Completion(@Nullable String model, @Nullable List<ReadChoice> choices, @Nullable Usage usage,
			@Nullable Object error, Map<String, Object> fields) {

		ChatResponse toResponse() {
			List<Choice> read = new ArrayList<>((this.choices != null) ? this.choices.size() : 0);
			if (this.choices != null) {
				for (ReadChoice choice : this.choices) {
					read.add(new Choice(choice.index(), choice.message(), choice.finishReason(), choice.fields()));
				}
			}
			return new ChatResponse(read, this.usage, this.model, CallMetadata.empty(""), this.fields);
		}

	}

	/**
	 * One choice as read.
	 *
	 * @param index its index
	 * @param message the assistant message
	 * @param finishReason the normalised finish reason
	 * @param fields the choice's and its message's untyped fields
	 */
	record ReadChoice(int index, ChatMessage message, @Nullable String finishReason, Map<String, Object> fields) {

	}

	private static final class MessageParts {

		private @Nullable String text;

		private @Nullable String refusal;

		private final List<ToolCall> toolCalls = new ArrayList<>(0);

		private @Nullable List<Object> otherToolCalls;

		private final Map<String, Object> fields = new LinkedHashMap<>();

		ChatMessage toMessage() {
			List<ContentPart> parts = (this.text != null && !this.text.isEmpty()) ? List.of(ContentPart.text(this.text))
					: List.of();
			return new ChatMessage(ChatMessage.ASSISTANT, parts, this.toolCalls, null, this.refusal);
		}

	}

}
