package dev.llmrouter.error;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * A structured-output answer of an {@code @LlmClient} method did not parse into the
 * method's return type. {@link #rawText()} holds the answer as received. Not retried
 * unless {@code llm.router.structured-output.retries} is set.
 *
 * @author llm-router
 */
public class StructuredOutputException extends BadRequestException {

	private final String rawText;

	/**
	 * Create a new instance.
	 * @param message the message, naming the type and the parse error
	 * @param rawText the answer as received
	 * @param cause the parse error
	 */
	public StructuredOutputException(String message, String rawText, @Nullable Throwable cause) {
		super(message, 0, null, cause);
		this.rawText = Objects.requireNonNull(rawText, "rawText must not be null");
	}

	/**
	 * The answer as the model gave it.
	 * @return the raw text
	 */
	public String rawText() {
		return this.rawText;
	}

}
