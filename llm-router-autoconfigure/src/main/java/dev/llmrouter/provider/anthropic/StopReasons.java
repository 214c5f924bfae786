package dev.llmrouter.provider.anthropic;

import org.jspecify.annotations.Nullable;

/**
 * Normalises Anthropic's {@code stop_reason} to OpenAI's finish reasons: {@code end_turn}
 * and {@code stop_sequence} to {@code stop}, {@code max_tokens} to {@code length},
 * {@code tool_use} to {@code tool_calls}; any other value ({@code pause_turn},
 * {@code model_context_window_exceeded}, …) is passed as it is.
 *
 * @author llm-router
 */
final class StopReasons {

	private StopReasons() {
	}

	static @Nullable String normalise(@Nullable String stopReason) {
		if (stopReason == null) {
			return null;
		}
		return switch (stopReason) {
			case "end_turn", "stop_sequence" -> "stop";
			case "max_tokens" -> "length";
			case "tool_use" -> "tool_calls";
			default -> stopReason;
		};
	}

	/**
	 * Whether a stop reason has no OpenAI equivalent, so that it is also kept, raw, in
	 * the choice's {@code providerFields()}.
	 */
	static boolean isUnmapped(String stopReason) {
		return normalise(stopReason) == stopReason;
	}

}
