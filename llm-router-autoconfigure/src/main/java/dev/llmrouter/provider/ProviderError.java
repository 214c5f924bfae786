package dev.llmrouter.provider;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * An error answer from a provider: its HTTP status, the error its body reported (in the
 * fields of OpenAI's shape, which most servers share) and its headers. An adapter reports
 * one by failing its attempt with a {@link ProviderErrorException}; the router classifies
 * it, asking the adapter's {@link LlmProvider#classify(ProviderError)} first.
 *
 * @param status the HTTP status, or {@code 0} for an error that arrived inside a
 * successful stream
 * @param type the error's {@code type}, such as {@code invalid_request_error}
 * @param code the error's {@code code}, such as {@code context_length_exceeded}
 * @param message the human-readable message, with any API key already removed
 * @param headers the response headers, names in lower case, first value of each
 * @param fields the error body's other fields, such as {@code param} or Azure's
 * {@code innererror}, kept as the exception's {@code providerFields()}
 * @author llm-router
 */
public record ProviderError(int status, @Nullable String type, @Nullable String code, @Nullable String message,
		Map<String, String> headers, Map<String, Object> fields) {

	public ProviderError {
		headers = Map.copyOf(headers);
		fields = (fields == null || fields.isEmpty()) ? Map.of()
				: Collections.unmodifiableMap(new LinkedHashMap<>(fields));
	}

	/**
	 * An error with no fields beyond type, code and message.
	 * @param status the HTTP status, or {@code 0} inside a stream
	 * @param type the error's type
	 * @param code the error's code
	 * @param message the message, any API key already removed
	 * @param headers the response headers, names in lower case
	 */
	public ProviderError(int status, @Nullable String type, @Nullable String code, @Nullable String message,
			Map<String, String> headers) {
		this(status, type, code, message, headers, Map.of());
	}

	/**
	 * An error with a status and no body or headers worth reading.
	 * @param status the HTTP status
	 * @return the error
	 */
	public static ProviderError status(int status) {
		return new ProviderError(status, null, null, null, Map.of());
	}

	/**
	 * A response header.
	 * @param name the header name, in any case
	 * @return its first value, or {@code null} if absent
	 */
	public @Nullable String header(String name) {
		return this.headers.get(name.toLowerCase(Locale.ROOT));
	}

}
