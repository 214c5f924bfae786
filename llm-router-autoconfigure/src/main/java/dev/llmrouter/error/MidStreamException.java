package dev.llmrouter.error;

import java.util.List;

import dev.llmrouter.ToolCall;

/**
 * A stream failed after something had been delivered: text, a tool-call fragment or a
 * refusal. The stream is never replayed, so no subscriber sees a token or fragment twice;
 * {@link #partialContent()} and {@link #partialToolCalls()} hold what was delivered and
 * {@link #getCause()} the failure.
 *
 * @author llm-router
 */
public class MidStreamException extends LlmException {

	private final String partialContent;

	private final List<ToolCall> partialToolCalls;

	/**
	 * Create a new instance.
	 * @param partialContent the text delivered before the failure
	 * @param cause the failure
	 */
	public MidStreamException(String partialContent, LlmException cause) {
		this(partialContent, List.of(), cause);
	}

	/**
	 * Create a new instance.
	 * @param partialContent the text delivered before the failure
	 * @param partialToolCalls the tool calls delivered before the failure, their
	 * arguments as far as they came
	 * @param cause the failure
	 */
	public MidStreamException(String partialContent, List<ToolCall> partialToolCalls, LlmException cause) {
		super(describe(partialContent, partialToolCalls) + cause.getMessage(), cause.rawStatus(), cause.rawRetryAfter(),
				cause);
		this.partialContent = partialContent;
		this.partialToolCalls = List.copyOf(partialToolCalls);
	}

	private static String describe(String partialContent, List<ToolCall> partialToolCalls) {
		String delivered = partialContent.length() + " characters";
		if (!partialToolCalls.isEmpty()) {
			delivered += " and " + partialToolCalls.size() + " partial tool call"
					+ ((partialToolCalls.size() == 1) ? "" : "s");
		}
		return "Stream failed after " + delivered + ": ";
	}

	/**
	 * The text delivered before the failure (of the first choice, or of every choice in
	 * index order when the stream had several).
	 * @return the partial content
	 */
	public String partialContent() {
		return this.partialContent;
	}

	/**
	 * The tool calls delivered before the failure, their arguments as far as they came.
	 * @return the partial tool calls, empty if none had started
	 */
	public List<ToolCall> partialToolCalls() {
		return this.partialToolCalls;
	}

	@Override
	public synchronized LlmException getCause() {
		return (LlmException) super.getCause();
	}

	@Override
	public ErrorType errorType() {
		return ErrorType.MID_STREAM;
	}

}
