package dev.llmrouter;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * One server-sent event of a streamed completion, for one choice.
 * <p>
 * With {@code n > 1} the chunks of every choice come in one stream, each tagged with its
 * {@link #choiceIndex()}. {@link ChatResponse#fromChunks(List)} assembles them into a
 * response.
 *
 * @param choiceIndex the choice this chunk belongs to
 * @param content the text delta, possibly empty
 * @param toolCalls fragments of tool calls, in the order they came
 * @param refusal a fragment of a refusal, if the model is declining to answer
 * @param finishReason why generation of this choice stopped, on its last chunk
 * (normalised as {@link Choice#finishReason()})
 * @param usage token usage, on the chunk where the provider reports it (usually the last)
 * @param providerFields what the chunk's choice carried that the types do not name, such
 * as {@code logprobs} or {@code reasoning_content}
 */
public record ChatChunk(int choiceIndex, String content, List<ToolCallDelta> toolCalls, @Nullable String refusal,
		@Nullable String finishReason, @Nullable Usage usage, Map<String, Object> providerFields) {

	public ChatChunk {
		content = (content != null) ? content : "";
		toolCalls = (toolCalls != null) ? List.copyOf(toolCalls) : List.of();
		providerFields = ProviderFields.copyOf(providerFields);
	}

	/**
	 * A chunk of the first choice with text only.
	 * @param content the text delta
	 * @param finishReason why generation stopped, or {@code null}
	 * @param usage token usage, or {@code null}
	 */
	public ChatChunk(String content, @Nullable String finishReason, @Nullable Usage usage) {
		this(0, content, List.of(), null, finishReason, usage, Map.of());
	}

	/**
	 * Whether this chunk carries text.
	 * @return {@code true} if {@link #content()} is not empty
	 */
	public boolean hasContent() {
		return !this.content.isEmpty();
	}

	/**
	 * Whether this chunk carries anything for the caller: text, a tool-call fragment or a
	 * refusal. Once such a chunk has been delivered, a stream is never retried.
	 * @return {@code true} if the chunk delivers something
	 */
	public boolean delivers() {
		return !this.content.isEmpty() || !this.toolCalls.isEmpty()
				|| (this.refusal != null && !this.refusal.isEmpty());
	}

}
