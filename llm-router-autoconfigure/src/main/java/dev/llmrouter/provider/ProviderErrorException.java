package dev.llmrouter.provider;

import java.util.Objects;

/**
 * Fails an attempt with the error a provider answered; the router turns it into the right
 * {@link dev.llmrouter.error.LlmException}. Adapters throw it (or signal it) for every
 * non-2xx answer and for errors inside a stream. It carries no stack trace.
 *
 * @author llm-router
 */
public class ProviderErrorException extends RuntimeException {

	private final ProviderError error;

	/**
	 * Create a new instance.
	 * @param error the error the provider answered
	 */
	public ProviderErrorException(ProviderError error) {
		super(describe(Objects.requireNonNull(error, "error must not be null")), null, false, false);
		this.error = error;
	}

	private static String describe(ProviderError error) {
		return (error.status() > 0) ? "Provider answered HTTP " + error.status()
				: "Provider sent an error inside its stream";
	}

	/**
	 * The error the provider answered.
	 * @return the error
	 */
	public ProviderError error() {
		return this.error;
	}

}
