package dev.llmrouter;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * A tool (function) the model may call.
 *
 * @param name the function's name
 * @param description what it does, for the model
 * @param parameters a JSON Schema of its arguments, as JSON text
 * @param strict whether the provider must keep the arguments to the schema exactly
 */
public record ToolDefinition(String name, @Nullable String description, String parameters, boolean strict) {

	private static final String NO_PARAMETERS = "{\"type\":\"object\",\"properties\":{}}";

	public ToolDefinition {
		Objects.requireNonNull(name, "name must not be null");
		if (name.isBlank()) {
			throw new IllegalArgumentException("A tool needs a name");
		}
		parameters = (parameters != null && !parameters.isBlank()) ? parameters : NO_PARAMETERS;
	}

	/**
	 * A function tool.
	 * @param name the function's name
	 * @param description what it does, or {@code null}
	 * @param parametersJsonSchema a JSON Schema of its arguments, or {@code null} for
	 * none
	 * @return the tool
	 */
	public static ToolDefinition function(String name, @Nullable String description,
			@Nullable String parametersJsonSchema) {
		return new ToolDefinition(name, description, parametersJsonSchema, false);
	}

	/**
	 * A copy of this tool whose arguments the provider keeps to the schema exactly.
	 * @return the strict tool
	 */
	public ToolDefinition strictly() {
		return new ToolDefinition(this.name, this.description, this.parameters, true);
	}

}
