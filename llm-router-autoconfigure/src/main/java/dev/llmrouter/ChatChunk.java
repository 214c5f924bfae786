package dev.llmrouter;

import org.jspecify.annotations.Nullable;

/**
 * One server-sent event of a streamed completion.
 *
 * @param content the text delta of the first choice, possibly empty
 * @param finishReason why generation stopped, on the last content chunk
 * @param usage token usage, on the chunk where the provider reports it (usually the last)
 */
public record ChatChunk(String content, @Nullable String finishReason, @Nullable Usage usage) {

	public ChatChunk {
		content = (content != null) ? content : "";
	}

	/**
	 * Whether this chunk carries text.
	 * @return {@code true} if {@link #content()} is not empty
	 */
	public boolean hasContent() {
		return !this.content.isEmpty();
	}

}
