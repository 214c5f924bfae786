package dev.llmrouter.error;

/**
 * A stream failed after content had been delivered. The stream is never replayed, so no
 * subscriber sees a token twice; {@link #partialContent()} holds what was delivered and
 * {@link #getCause()} the failure.
 *
 * @author llm-router
 */
public class MidStreamException extends LlmException {

	private final String partialContent;

	/**
	 * Create a new instance.
	 * @param partialContent the text delivered before the failure
	 * @param cause the failure
	 */
	public MidStreamException(String partialContent, LlmException cause) {
		super("Stream failed after " + partialContent.length() + " characters: " + cause.getMessage(),
				cause.rawStatus(), cause.rawRetryAfter(), cause);
		this.partialContent = partialContent;
	}

	/**
	 * The text delivered before the failure.
	 * @return the partial content
	 */
	public String partialContent() {
		return this.partialContent;
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
