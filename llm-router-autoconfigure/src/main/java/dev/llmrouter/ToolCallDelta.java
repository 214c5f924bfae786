package dev.llmrouter;

import org.jspecify.annotations.Nullable;

/**
 * A fragment of a streamed tool call. The fragments of one call share its {@code index};
 * the first usually carries its id and name, and the {@code arguments} of all of them,
 * joined in order, are the call's arguments.
 *
 * @param index the position of the call among the choice's tool calls
 * @param id the call's id, on the fragment that carries it
 * @param name the tool's name, on the fragment that carries it
 * @param arguments a fragment of the arguments' JSON text, possibly empty
 */
public record ToolCallDelta(int index, @Nullable String id, @Nullable String name, String arguments) {

	public ToolCallDelta {
		arguments = (arguments != null) ? arguments : "";
	}

}
