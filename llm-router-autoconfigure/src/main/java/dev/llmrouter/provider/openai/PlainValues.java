package dev.llmrouter.provider.openai;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads any JSON value as plain Java: {@code Map} (in field order), {@code List},
 * {@code String}, {@code Number}, {@code Boolean} or {@code null}. This is how fields the
 * API types do not name reach {@code providerFields()}. Nesting is bounded by the
 * parser's {@code StreamReadConstraints}, so a hostile body fails to parse rather than
 * exhausting the stack.
 *
 * @author llm-router
 */
final class PlainValues {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private PlainValues() {
	}

	/**
	 * Read the value at the current token.
	 * @param parser the parser, on the value's first token
	 * @param token that token
	 * @return the value
	 */
	static @Nullable Object read(JsonParser parser, @Nullable JsonToken token) {
		if (token == null) {
			throw new WireFormatException("the body ended inside a value");
		}
		return switch (token) {
			case START_OBJECT -> object(parser);
			case START_ARRAY -> array(parser);
			case VALUE_STRING -> parser.getString();
			case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> parser.getNumberValue();
			case VALUE_TRUE -> Boolean.TRUE;
			case VALUE_FALSE -> Boolean.FALSE;
			case VALUE_NULL -> null;
			default -> throw new WireFormatException("unexpected " + describe(token));
		};
	}

	/**
	 * Read an object whose {@code START_OBJECT} is the current token.
	 * @param parser the parser
	 * @return the object's fields, in order
	 */
	static Map<String, Object> object(JsonParser parser) {
		Map<String, Object> object = new LinkedHashMap<>();
		while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
			String name = parser.currentName();
			object.put(name, read(parser, parser.nextToken()));
		}
		return object;
	}

	private static List<Object> array(JsonParser parser) {
		List<Object> array = new ArrayList<>();
		JsonToken element;
		while ((element = parser.nextToken()) != JsonToken.END_ARRAY) {
			array.add(read(parser, element));
		}
		return array;
	}

	/**
	 * Write a plain value as JSON text.
	 * @param value the value
	 * @return the JSON
	 */
	static String toJson(@Nullable Object value) {
		return JSON.writeValueAsString(value);
	}

	static String describe(@Nullable JsonToken token) {
		return (token != null) ? token.name() : "the end of the input";
	}

	static @Nullable String text(JsonParser parser, JsonToken value, String field) {
		if (value == JsonToken.VALUE_NULL) {
			return null;
		}
		if (!value.isScalarValue()) {
			throw new WireFormatException("expected text for '" + field + "', found " + describe(value));
		}
		return parser.getValueAsString();
	}

	static long number(JsonParser parser, JsonToken value, String field) {
		if (value == JsonToken.VALUE_NULL) {
			return 0;
		}
		if (!value.isScalarValue()) {
			throw new WireFormatException("expected a number for '" + field + "', found " + describe(value));
		}
		return parser.getValueAsLong(0);
	}

	static <T> @Nullable T absent(JsonToken value, String field) {
		if (value != JsonToken.VALUE_NULL) {
			throw new WireFormatException("unexpected " + describe(value) + " for '" + field + "'");
		}
		return null;
	}

}
