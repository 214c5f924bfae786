package dev.llmrouter.sample.sim;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * The OpenAI chat-completions wire format, as much of it as the simulated provider reads
 * and writes.
 *
 * @author llm-router
 */
final class OpenAiWire {

	private OpenAiWire() {
	}

	record Request(@Nullable String model, @Nullable List<Message> messages, @Nullable Boolean stream) {

		boolean streaming() {
			return Boolean.TRUE.equals(this.stream);
		}

		String lastUserMessage() {
			String text = "";
			for (Message message : (this.messages != null) ? this.messages : List.<Message>of()) {
				if ("user".equals(message.role()) && message.content() != null) {
					text = message.content();
				}
			}
			return text;
		}

		int promptChars() {
			int chars = 0;
			for (Message message : (this.messages != null) ? this.messages : List.<Message>of()) {
				chars += (message.content() != null) ? message.content().length() : 0;
			}
			return chars;
		}

	}

	@JsonInclude(JsonInclude.Include.NON_NULL)
	record Message(@Nullable String role, @Nullable String content) {

	}

	record Completion(String id, String object, long created, String model, List<Choice> choices, Usage usage) {

	}

	record Choice(int index, Message message, @JsonProperty("finish_reason") String finishReason) {

	}

	@JsonInclude(JsonInclude.Include.NON_NULL)
	record Chunk(String id, String object, long created, String model, List<ChunkChoice> choices,
			@Nullable Usage usage) {

	}

	record ChunkChoice(int index, Message delta, @JsonProperty("finish_reason") @Nullable String finishReason) {

	}

	record Usage(@JsonProperty("prompt_tokens") int promptTokens,
			@JsonProperty("completion_tokens") int completionTokens, @JsonProperty("total_tokens") int totalTokens) {

	}

	record ErrorBody(Error error) {

	}

	record Error(String message, String type, @Nullable String param, @Nullable String code) {

	}

}
