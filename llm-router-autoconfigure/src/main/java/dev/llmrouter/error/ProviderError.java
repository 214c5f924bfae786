package dev.llmrouter.error;

import org.jspecify.annotations.Nullable;

/**
 * The error a provider reported in its response body, in the fields the OpenAI format
 * uses.
 *
 * @param code the {@code code}, such as {@code context_length_exceeded}
 * @param type the {@code type}, such as {@code invalid_request_error}
 * @param message the human-readable message, with any API key already removed
 */
public record ProviderError(@Nullable String code, @Nullable String type, @Nullable String message) {

	/** An error body that said nothing usable. */
	public static final ProviderError NONE = new ProviderError(null, null, null);

}
