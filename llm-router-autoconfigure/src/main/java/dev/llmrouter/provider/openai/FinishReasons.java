package dev.llmrouter.provider.openai;

import org.jspecify.annotations.Nullable;

/**
 * Normalises the finish (stop) reasons providers report to OpenAI's words: {@code stop},
 * {@code length}, {@code tool_calls} and {@code content_filter}. A reason that maps to
 * none of them is passed as it is. Any adapter may use it.
 *
 * @author llm-router
 */
public final class FinishReasons {

	private FinishReasons() {
	}

	/**
	 * The OpenAI word for a provider's finish reason.
	 * @param reason the reason as the provider sent it, or {@code null}
	 * @return {@code stop}, {@code length}, {@code tool_calls} or {@code content_filter}
	 * where the reason maps to one, else the reason as sent ({@code null} for
	 * {@code null})
	 */
	public static @Nullable String normalise(@Nullable String reason) {
		if (reason == null) {
			return null;
		}
		return switch (reason) {
			case "stop", "length", "tool_calls", "content_filter" -> reason;
			case "eos", "eos_token", "end_turn", "stop_sequence" -> "stop";
			case "max_tokens" -> "length";
			case "function_call", "tool_use" -> "tool_calls";
			default -> reason;
		};
	}

}
