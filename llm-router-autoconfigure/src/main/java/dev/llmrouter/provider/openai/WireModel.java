package dev.llmrouter.provider.openai;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * The OpenAI chat completions wire format as stream chunks are read. Unknown fields are
 * ignored. Non-streaming answers are read by {@link CompletionReader}, error bodies by
 * {@link ErrorBodyReader}.
 *
 * @author llm-router
 */
final class WireModel {

	private WireModel() {
	}

	record Completion(@Nullable String model, @Nullable List<WireChoice> choices, @Nullable WireUsage usage,
			@Nullable WireError error) {

	}

	record WireChoice(int index, @Nullable WireMessage message, @Nullable WireMessage delta,
			@JsonProperty("finish_reason") @Nullable String finishReason) {

	}

	record WireMessage(@Nullable String role, @Nullable String content) {

	}

	record WireUsage(@JsonProperty("prompt_tokens") long promptTokens,
			@JsonProperty("completion_tokens") long completionTokens, @JsonProperty("total_tokens") long totalTokens) {

	}

	record WireError(@Nullable String message, @Nullable String type, @Nullable Object code) {

	}

}
