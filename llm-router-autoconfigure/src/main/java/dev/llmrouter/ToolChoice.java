package dev.llmrouter;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * Whether and which tool the model must call.
 *
 * @param mode how the model chooses
 * @param toolName the tool it must call, for {@link Mode#TOOL}
 */
public record ToolChoice(Mode mode, @Nullable String toolName) {

	public ToolChoice {
		Objects.requireNonNull(mode, "mode must not be null");
		if ((mode == Mode.TOOL) != (toolName != null)) {
			throw new IllegalArgumentException("A tool name is given exactly when the mode is TOOL");
		}
	}

	/**
	 * The model decides whether to call a tool (the providers' default).
	 * @return the choice
	 */
	public static ToolChoice auto() {
		return new ToolChoice(Mode.AUTO, null);
	}

	/**
	 * The model calls no tool.
	 * @return the choice
	 */
	public static ToolChoice none() {
		return new ToolChoice(Mode.NONE, null);
	}

	/**
	 * The model calls at least one tool.
	 * @return the choice
	 */
	public static ToolChoice required() {
		return new ToolChoice(Mode.REQUIRED, null);
	}

	/**
	 * The model calls this tool.
	 * @param name the tool's name
	 * @return the choice
	 */
	public static ToolChoice tool(String name) {
		return new ToolChoice(Mode.TOOL, Objects.requireNonNull(name, "name must not be null"));
	}

	/**
	 * How the model chooses a tool.
	 */
	public enum Mode {

		/** The model decides. */
		AUTO,

		/** No tool. */
		NONE,

		/** At least one tool. */
		REQUIRED,

		/** The named tool. */
		TOOL

	}

}
