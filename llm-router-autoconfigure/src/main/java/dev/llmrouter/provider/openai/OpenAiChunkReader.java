package dev.llmrouter.provider.openai;

import static dev.llmrouter.provider.openai.PlainValues.absent;
import static dev.llmrouter.provider.openai.PlainValues.describe;
import static dev.llmrouter.provider.openai.PlainValues.number;
import static dev.llmrouter.provider.openai.PlainValues.text;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

import dev.llmrouter.ChatChunk;
import dev.llmrouter.ToolCallDelta;
import dev.llmrouter.Usage;
import dev.llmrouter.error.LlmException;
import dev.llmrouter.error.internal.FailureClassifier;
import dev.llmrouter.provider.ProviderError;
import dev.llmrouter.provider.ProviderErrorException;
import dev.llmrouter.provider.internal.Secrets;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the data of one server-sent event of an OpenAI chat completion stream into
 * {@link ChatChunk}s: one per choice the event carries ({@code n > 1} streams interleave
 * their choices), or one carrying only usage for the usage event ({@code choices: []}).
 * <p>
 * Read with the streaming parser, field by field, as this runs once per token. What the
 * types do not name is kept in {@link ChatChunk#providerFields()}: the choice's and its
 * delta's untyped fields ({@code logprobs}, {@code reasoning_content},
 * {@code content_filter_results}, …) on that choice's chunk, and the event's top-level
 * untyped fields ({@code id}, {@code model}, {@code system_fingerprint},
 * {@code prompt_filter_results}, the usage's details, …) on the first chunk of the event
 * where each first appears or changes, so that values every event repeats are reported
 * once per attempt. Fields whose value is {@code null} and the delta's {@code role}
 * (always {@code assistant}) are not kept.
 * <p>
 * An {@code error} event (or vLLM's {@code "object": "error"}) fails with a
 * {@link ProviderErrorException} of status {@code 0}; {@code finish_reason:
 * content_filter} with a content-policy violation carrying the filter results. An event
 * holds exactly one JSON object, read by a parser of its own that is closed after it: a
 * parser kept for the stream would hold its buffers between events (about 940 bytes more
 * retained per open stream in the benchmark). One reader per stream; not thread-safe.
 *
 * @author llm-router
 */
final class OpenAiChunkReader {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String CONTENT_FILTER = "content_filter";

	private static final String PROMPT_FILTER_RESULTS = "prompt_filter_results";

	private static final String CONTENT_FILTER_RESULTS = "content_filter_results";

	private final String source;

	private final @Nullable String apiKey;

	private final Supplier<Map<String, String>> headers;

	/** The last value of each top-level untyped field, to report only changes. */
	private final Map<String, Object> reported = new HashMap<>();

	/**
	 * Create a reader for one stream.
	 * @param source who answers, for messages
	 * @param apiKey the key to redact from error messages, or {@code null}
	 * @param headers the response's headers, for an error event
	 */
	OpenAiChunkReader(String source, @Nullable String apiKey, Supplier<Map<String, String>> headers) {
		this.source = source;
		this.apiKey = apiKey;
		this.headers = headers;
	}

	/**
	 * Read one event's data.
	 * @param data the array holding the data
	 * @param offset where the data starts
	 * @param length the data's length, more than zero
	 * @param chunks receives the event's chunks, in order
	 * @throws LlmException for a malformed event or a content-filtered choice
	 * @throws ProviderErrorException for an error event
	 */
	void read(byte[] data, int offset, int length, Consumer<ChatChunk> chunks) {
		Event event;
		try (JsonParser parser = JSON.createParser(data, offset, length)) {
			JsonToken first = parser.nextToken();
			if (first != JsonToken.START_OBJECT) {
				throw new WireFormatException("expected a JSON object, found " + describe(first));
			}
			event = event(parser);
			if (parser.nextToken() != null) {
				throw new WireFormatException("more than one JSON value in the event");
			}
		}
		catch (JacksonException ex) {
			throw FailureClassifier.malformed(this.source, "an event is not a chat completion chunk ("
					+ ex.getOriginalMessage().lines().findFirst().orElse("unreadable") + ")", ex);
		}
		catch (WireFormatException ex) {
			throw FailureClassifier.malformed(this.source,
					"an event is not a chat completion chunk (" + ex.getMessage() + ")", null);
		}
		if (event.error != null) {
			throw new ProviderErrorException(event.error);
		}
		emit(event, chunks);
	}

	private void emit(Event event, Consumer<ChatChunk> chunks) {
		Map<String, Object> top = (event.changed != null) ? event.changed : Map.of();
		if (event.choices == null || event.choices.isEmpty()) {
			if (event.usage != null || !top.isEmpty()) {
				chunks.accept(new ChatChunk(0, "", List.of(), null, null, event.usage, top));
			}
			return;
		}
		boolean first = true;
		for (ChoiceDelta choice : event.choices) {
			if (CONTENT_FILTER.equals(choice.finishReason)) {
				throw contentFiltered(choice);
			}
			Map<String, Object> fields = choice.fields;
			if (first && !top.isEmpty()) {
				fields = (fields != null) ? merged(top, fields) : top;
			}
			chunks.accept(new ChatChunk(choice.index, choice.content, choice.toolCalls, choice.refusal,
					FinishReasons.normalise(choice.finishReason), first ? event.usage : null,
					(fields != null) ? fields : Map.of()));
			first = false;
		}
	}

	private static Map<String, Object> merged(Map<String, Object> top, Map<String, Object> choice) {
		Map<String, Object> fields = new LinkedHashMap<>(top);
		fields.putAll(choice);
		return fields;
	}

	private LlmException contentFiltered(ChoiceDelta choice) {
		Map<String, Object> fields = new LinkedHashMap<>();
		if (choice.fields != null && choice.fields.containsKey(CONTENT_FILTER_RESULTS)) {
			fields.put(CONTENT_FILTER_RESULTS, choice.fields.get(CONTENT_FILTER_RESULTS));
		}
		Object prompt = this.reported.get(PROMPT_FILTER_RESULTS);
		if (prompt != null) {
			fields.put(PROMPT_FILTER_RESULTS, prompt);
		}
		return FailureClassifier.contentFiltered(this.source).withProviderFields(fields);
	}

	private Event event(JsonParser parser) {
		Event event = new Event();
		boolean errorObject = false;
		while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
			String name = parser.currentName();
			JsonToken value = parser.nextToken();
			switch (name) {
				case "choices" -> event.choices = choices(parser, value);
				case "usage" -> event.usage = usage(parser, value, event);
				case "error" -> event.error = error(parser, value);
				default -> {
					topLevel(parser, value, name, event);
					errorObject |= "object".equals(name) && "error".equals(this.reported.get(name));
				}
			}
		}
		if (event.error == null && errorObject) {
			event.error = errorFromTopLevel(event);
		}
		return event;
	}

	private void topLevel(JsonParser parser, JsonToken value, String name, Event event) {
		if (value == JsonToken.VALUE_NULL) {
			return;
		}
		Object previous = this.reported.get(name);
		if (previous != null && same(parser, value, previous)) {
			return;
		}
		Object read = value(parser, value);
		if (read == null || read.equals(previous)) {
			return;
		}
		this.reported.put(name, read);
		event.changed(name, read);
	}

	/** Whether a scalar is the value reported before, read without allocating. */
	private static boolean same(JsonParser parser, JsonToken value, Object previous) {
		if (value == JsonToken.VALUE_STRING && previous instanceof String text) {
			int length = parser.getStringLength();
			if (length != text.length()) {
				return false;
			}
			char[] chars = parser.getStringCharacters();
			int offset = parser.getStringOffset();
			for (int i = 0; i < length; i++) {
				if (chars[offset + i] != text.charAt(i)) {
					return false;
				}
			}
			return true;
		}
		if (value == JsonToken.VALUE_NUMBER_INT && (previous instanceof Long || previous instanceof Integer)
				&& parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
			return parser.getLongValue() == ((Number) previous).longValue();
		}
		return false;
	}

	private static @Nullable List<ChoiceDelta> choices(JsonParser parser, JsonToken value) {
		if (value != JsonToken.START_ARRAY) {
			return absent(value, "choices");
		}
		List<ChoiceDelta> choices = null;
		JsonToken element;
		while ((element = parser.nextToken()) != JsonToken.END_ARRAY) {
			if (element != JsonToken.START_OBJECT) {
				throw new WireFormatException("expected a choice object, found " + describe(element));
			}
			if (choices == null) {
				choices = new ArrayList<>(1);
			}
			choices.add(choice(parser));
		}
		return choices;
	}

	private static ChoiceDelta choice(JsonParser parser) {
		ChoiceDelta choice = new ChoiceDelta();
		while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
			String name = parser.currentName();
			JsonToken value = parser.nextToken();
			switch (name) {
				case "index" -> choice.index = (int) number(parser, value, name);
				case "delta" -> delta(parser, value, choice);
				case "finish_reason" -> choice.finishReason = text(parser, value, name);
				default -> choice.field(name, value(parser, value));
			}
		}
		return choice;
	}

	private static void delta(JsonParser parser, JsonToken value, ChoiceDelta choice) {
		if (value != JsonToken.START_OBJECT) {
			absent(value, "delta");
			return;
		}
		while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
			String name = parser.currentName();
			JsonToken token = parser.nextToken();
			switch (name) {
				case "role" -> parser.skipChildren();
				case "content" -> content(parser, token, choice);
				case "refusal" -> choice.refusal = text(parser, token, name);
				case "tool_calls" -> choice.toolCalls = toolCalls(parser, token);
				case "function_call" -> choice.toolCalls = functionCall(parser, token);
				default -> choice.field(name, value(parser, token));
			}
		}
	}

	/**
	 * Text, or (Mistral and others) an array of parts: text parts joined, others kept.
	 */
	private static void content(JsonParser parser, JsonToken value, ChoiceDelta choice) {
		if (value != JsonToken.START_ARRAY) {
			String text = text(parser, value, "content");
			choice.content = (text != null) ? text : "";
			return;
		}
		StringBuilder text = new StringBuilder();
		List<Object> others = new ArrayList<>();
		for (Object part : (List<?>) value(parser, value)) {
			if (part instanceof Map<?, ?> map && "text".equals(map.get("type"))
					&& map.get("text") instanceof String t) {
				text.append(t);
			}
			else if (part != null) {
				others.add(part);
			}
		}
		choice.content = text.toString();
		if (!others.isEmpty()) {
			choice.field("content", others);
		}
	}

	private static List<ToolCallDelta> toolCalls(JsonParser parser, JsonToken value) {
		if (value != JsonToken.START_ARRAY) {
			absent(value, "tool_calls");
			return List.of();
		}
		List<ToolCallDelta> calls = new ArrayList<>(1);
		JsonToken element;
		while ((element = parser.nextToken()) != JsonToken.END_ARRAY) {
			if (element != JsonToken.START_OBJECT) {
				throw new WireFormatException("expected a tool call object, found " + describe(element));
			}
			int index = calls.size();
			String id = null;
			String[] function = { null, null };
			while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
				String name = parser.currentName();
				JsonToken token = parser.nextToken();
				switch (name) {
					case "index" -> index = (int) number(parser, token, name);
					case "id" -> id = text(parser, token, name);
					case "function" -> function(parser, token, function);
					default -> parser.skipChildren();
				}
			}
			calls.add(new ToolCallDelta(index, id, function[0], function[1]));
		}
		return calls;
	}

	private static List<ToolCallDelta> functionCall(JsonParser parser, JsonToken value) {
		if (value == JsonToken.VALUE_NULL) {
			return List.of();
		}
		String[] function = { null, null };
		function(parser, value, function);
		return List.of(new ToolCallDelta(0, null, function[0], function[1]));
	}

	/** Reads {@code {name, arguments}} into {@code function[0]} and {@code [1]}. */
	private static void function(JsonParser parser, JsonToken value, @Nullable String[] function) {
		if (value != JsonToken.START_OBJECT) {
			absent(value, "function");
			return;
		}
		while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
			String name = parser.currentName();
			JsonToken token = parser.nextToken();
			switch (name) {
				case "name" -> function[0] = text(parser, token, name);
				case "arguments" -> function[1] = text(parser, token, name);
				default -> parser.skipChildren();
			}
		}
	}

	private @Nullable Usage usage(JsonParser parser, JsonToken value, Event event) {
		if (value != JsonToken.START_OBJECT) {
			return absent(value, "usage");
		}
		long prompt = 0;
		long completion = 0;
		long total = 0;
		while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
			String name = parser.currentName();
			JsonToken token = parser.nextToken();
			switch (name) {
				case "prompt_tokens" -> prompt = number(parser, token, name);
				case "completion_tokens" -> completion = number(parser, token, name);
				case "total_tokens" -> total = number(parser, token, name);
				default -> topLevel(parser, token, name, event);
			}
		}
		return new Usage(prompt, completion, total);
	}

	private @Nullable ProviderError error(JsonParser parser, JsonToken value) {
		if (value == JsonToken.VALUE_NULL) {
			return null;
		}
		if (value.isScalarValue()) {
			return providerError(null, null, parser.getValueAsString(), Map.of());
		}
		if (value != JsonToken.START_OBJECT) {
			throw new WireFormatException("expected an error object, found " + describe(value));
		}
		String message = null;
		String type = null;
		String code = null;
		Map<String, Object> fields = new LinkedHashMap<>();
		while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
			String name = parser.currentName();
			JsonToken token = parser.nextToken();
			switch (name) {
				case "message" -> message = text(parser, token, name);
				case "type" -> type = text(parser, token, name);
				case "code" -> code = text(parser, token, name);
				default -> {
					Object field = value(parser, token);
					if (field != null) {
						fields.put(name, field);
					}
				}
			}
		}
		return providerError(type, code, message, fields);
	}

	private ProviderError errorFromTopLevel(Event event) {
		Map<String, Object> fields = new LinkedHashMap<>((event.changed != null) ? event.changed : Map.of());
		fields.remove("object");
		Object message = fields.remove("message");
		Object type = fields.remove("type");
		Object code = fields.remove("code");
		return providerError((type != null) ? type.toString() : null, (code != null) ? code.toString() : null,
				(message != null) ? message.toString() : null, fields);
	}

	private ProviderError providerError(@Nullable String type, @Nullable String code, @Nullable String message,
			Map<String, Object> fields) {
		return new ProviderError(0, Secrets.redact(type, this.apiKey), Secrets.redact(code, this.apiKey),
				Secrets.redact(message, this.apiKey), this.headers.get(), fields);
	}

	/** Any JSON value as plain Java: maps, lists, strings, numbers, booleans. */
	private static @Nullable Object value(JsonParser parser, JsonToken token) {
		return switch (token) {
			case START_OBJECT -> {
				Map<String, Object> map = new LinkedHashMap<>();
				while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
					String name = parser.currentName();
					map.put(name, value(parser, parser.nextToken()));
				}
				yield map;
			}
			case START_ARRAY -> {
				List<Object> list = new ArrayList<>();
				JsonToken element;
				while ((element = parser.nextToken()) != JsonToken.END_ARRAY) {
					list.add(value(parser, element));
				}
				yield list;
			}
			case VALUE_STRING -> parser.getString();
			case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> parser.getNumberValue();
			case VALUE_TRUE -> Boolean.TRUE;
			case VALUE_FALSE -> Boolean.FALSE;
			case VALUE_NULL -> null;
			default -> throw new WireFormatException("unexpected " + describe(token));
		};
	}

	/** What one event carried, before it becomes chunks. */
	private static final class Event {

		@Nullable List<ChoiceDelta> choices;

		@Nullable Usage usage;

		@Nullable ProviderError error;

		/** The top-level fields new or changed since the last event. */
		@Nullable Map<String, Object> changed;

		void changed(String name, Object value) {
			if (this.changed == null) {
				this.changed = new LinkedHashMap<>();
			}
			this.changed.put(name, value);
		}

	}

	/** One choice of an event. */
	private static final class ChoiceDelta {

		int index;

		String content = "";

		List<ToolCallDelta> toolCalls = List.of();

		@Nullable String refusal;

		@Nullable String finishReason;

		@Nullable Map<String, Object> fields;

		void field(String name, @Nullable Object value) {
			if (value == null) {
				return;
			}
			if (this.fields == null) {
				this.fields = new LinkedHashMap<>();
			}
			this.fields.put(name, value);
		}

	}

}
