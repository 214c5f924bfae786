package dev.llmrouter;

import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * One completion choice of a {@link ChatResponse}.
 *
 * @param index the position of the choice in the provider's answer
 * @param message the assistant message: its text, tool calls or refusal
 * @param finishReason why generation stopped, normalised to OpenAI's words ({@code stop},
 * {@code length}, {@code tool_calls}, {@code content_filter}) when it maps to one, else
 * as the provider sent it; {@code null} if not reported
 * @param providerFields the choice's fields these types do not name, such as
 * {@code logprobs}, {@code reasoning_content} or {@code content_filter_results}
 */
public record Choice(int index, ChatMessage message, @Nullable String finishReason,
		Map<String, Object> providerFields) {

	public Choice {
		Objects.requireNonNull(message, "message must not be null");
		providerFields = ProviderFields.copyOf(providerFields);
	}

	/**
	 * A choice with no provider fields.
	 * @param index the position of the choice
	 * @param message the assistant message
	 * @param finishReason why generation stopped, or {@code null}
	 */
	public Choice(int index, ChatMessage message, @Nullable String finishReason) {
		this(index, message, finishReason, Map.of());
	}

}
