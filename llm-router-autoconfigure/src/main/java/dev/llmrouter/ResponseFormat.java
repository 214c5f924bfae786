package dev.llmrouter;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * The form the model's answer must take: free text, any JSON object, or JSON that matches
 * a schema (structured output).
 *
 * @param type the kind of format
 * @param name the schema's name, for {@link Type#JSON_SCHEMA}
 * @param schema the JSON Schema as JSON text, for {@link Type#JSON_SCHEMA}
 */
public record ResponseFormat(Type type, @Nullable String name, @Nullable String schema) {

	public ResponseFormat {
		Objects.requireNonNull(type, "type must not be null");
		if ((type == Type.JSON_SCHEMA) != (schema != null)) {
			throw new IllegalArgumentException("A schema is given exactly when the type is JSON_SCHEMA");
		}
		if (type == Type.JSON_SCHEMA && (name == null || name.isBlank())) {
			throw new IllegalArgumentException("A JSON schema response format needs a name");
		}
	}

	/**
	 * Free text (the providers' default).
	 * @return the format
	 */
	public static ResponseFormat text() {
		return new ResponseFormat(Type.TEXT, null, null);
	}

	/**
	 * Any JSON object.
	 * @return the format
	 */
	public static ResponseFormat jsonObject() {
		return new ResponseFormat(Type.JSON_OBJECT, null, null);
	}

	/**
	 * JSON matching a schema, strictly.
	 * @param name the schema's name, such as {@code verdict}
	 * @param schemaJson the JSON Schema as JSON text
	 * @return the format
	 */
	public static ResponseFormat jsonSchema(String name, String schemaJson) {
		return new ResponseFormat(Type.JSON_SCHEMA, name,
				Objects.requireNonNull(schemaJson, "schema must not be null"));
	}

	/**
	 * The kinds of response format.
	 */
	public enum Type {

		/** Free text. */
		TEXT,

		/** Any JSON object. */
		JSON_OBJECT,

		/** JSON matching a schema. */
		JSON_SCHEMA

	}

}
