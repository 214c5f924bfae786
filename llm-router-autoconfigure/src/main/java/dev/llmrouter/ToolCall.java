package dev.llmrouter;

import java.util.Objects;

/**
 * A call of a tool the model asked for.
 *
 * @param id the call's id, which the {@code tool} message with its result names
 * @param name the tool's name
 * @param arguments the arguments as the JSON text the model produced (not checked)
 */
public record ToolCall(String id, String name, String arguments) {

	public ToolCall {
		Objects.requireNonNull(id, "id must not be null");
		Objects.requireNonNull(name, "name must not be null");
		arguments = (arguments != null) ? arguments : "";
	}

}
