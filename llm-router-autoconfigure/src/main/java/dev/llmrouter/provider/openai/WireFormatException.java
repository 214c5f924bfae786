package dev.llmrouter.provider.openai;

/**
 * A body that is JSON but not shaped as the wire format says. Carries no stack trace: the
 * codec turns it into a malformed-response {@code LlmException}.
 *
 * @author llm-router
 */
final class WireFormatException extends RuntimeException {

	WireFormatException(String message) {
		super(message, null, false, false);
	}

}
