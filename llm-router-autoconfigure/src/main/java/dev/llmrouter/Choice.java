package dev.llmrouter;

import org.jspecify.annotations.Nullable;

/**
 * One completion choice of a {@link ChatResponse}.
 *
 * @param index the position of the choice in the provider's answer
 * @param message the assistant message
 * @param finishReason why generation stopped ({@code stop}, {@code length}, ...), if
 * reported
 */
public record Choice(int index, ChatMessage message, @Nullable String finishReason) {

}
