package dev.llmrouter;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The answer to a {@link ChatRequest}.
 *
 * @param choices the completion choices, usually one
 * @param usage token usage, if the provider reported it
 * @param model the model name the provider reported
 * @param metadata what happened during the call
 */
public record ChatResponse(List<Choice> choices, @Nullable Usage usage, @Nullable String model, CallMetadata metadata) {

	public ChatResponse {
		choices = List.copyOf(choices);
	}

	/**
	 * The text of the first choice.
	 * @return the content, or an empty string if the provider returned no choice
	 */
	public String content() {
		return this.choices.isEmpty() ? "" : this.choices.get(0).message().content();
	}

	/**
	 * The finish reason of the first choice.
	 * @return the finish reason, or {@code null}
	 */
	public @Nullable String finishReason() {
		return this.choices.isEmpty() ? null : this.choices.get(0).finishReason();
	}

	/**
	 * A copy of this response with other metadata.
	 * @param metadata the metadata
	 * @return the copy
	 */
	public ChatResponse withMetadata(CallMetadata metadata) {
		return new ChatResponse(this.choices, this.usage, this.model, metadata);
	}

}
