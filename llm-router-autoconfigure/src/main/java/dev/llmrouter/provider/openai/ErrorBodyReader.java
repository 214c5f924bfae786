package dev.llmrouter.provider.openai;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.llmrouter.provider.ProviderError;
import dev.llmrouter.provider.internal.Secrets;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the error bodies of OpenAI-compatible servers into a {@link ProviderError}:
 * <ul>
 * <li>OpenAI's (and Azure's, llama.cpp's, Anthropic's)
 * {@code {"error":{"message","type","param","code",...}}};</li>
 * <li>the plain-string {@code {"error":"..."}} of Ollama and TGI (TGI adds
 * {@code error_type});</li>
 * <li>vLLM's {@code {"object":"error","message","type","param","code"}};</li>
 * <li>a JSON array holding one of these (Gemini's OpenAI-compatible endpoint);</li>
 * <li>anything else: a top-level {@code message} or {@code detail}, else the body's text,
 * cut to {@value #MAX_TEXT} characters.</li>
 * </ul>
 * The message, type, code and every text in the other fields have any API key masked.
 * Fields besides message, type and code are kept, as plain Java, in
 * {@link ProviderError#fields()}.
 *
 * @author llm-router
 */
final class ErrorBodyReader {

	/**
	 * Longest message kept from a body: enough for any real error, bounded for a hostile
	 * one.
	 */
	static final int MAX_TEXT = 4000;

	private static final int MAX_PLAIN_TEXT = 300;

	private final JsonMapper json;

	ErrorBodyReader(JsonMapper json) {
		this.json = json;
	}

	ProviderError read(int status, Map<String, String> headers, byte[] body, @Nullable String apiKey) {
		if (body.length == 0) {
			return new ProviderError(status, null, null, null, headers);
		}
		Object value;
		try {
			value = this.json.readValue(body, Object.class);
		}
		catch (JacksonException ex) {
			value = null;
		}
		if (value instanceof List<?> list && list.size() == 1) {
			value = list.get(0);
		}
		if (value instanceof Map<?, ?> map) {
			return fromObject(status, headers, map, apiKey);
		}
		String text = String.valueOf(Secrets.redact(new String(body, StandardCharsets.UTF_8), apiKey)).strip();
		return new ProviderError(status, null, null, cut(text, MAX_PLAIN_TEXT), headers);
	}

	/**
	 * An error given as a JSON value, as a stream's {@code error} event or a 200 body's
	 * {@code error} field carries it.
	 * @param status the HTTP status, or {@code 0} inside a stream
	 * @param headers the response headers
	 * @param error the {@code error} field's value
	 * @param others the body's other fields
	 * @param apiKey the key to mask
	 * @return the error
	 */
	static ProviderError fromErrorField(int status, Map<String, String> headers, @Nullable Object error,
			Map<String, Object> others, @Nullable String apiKey) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("error", error);
		others.forEach(body::putIfAbsent);
		return fromObject(status, headers, body, apiKey);
	}

	private static ProviderError fromObject(int status, Map<String, String> headers, Map<?, ?> body,
			@Nullable String apiKey) {
		Map<String, Object> fields = new LinkedHashMap<>();
		Object error = body.get("error");
		String message;
		String type;
		String code;
		if (error instanceof Map<?, ?> details) {
			message = text(details.get("message"));
			type = text(details.get("type"));
			code = text(details.get("code"));
			copyExcept(details, fields, "message", "type", "code");
			copyExcept(body, fields, "error");
		}
		else if (error != null && !(error instanceof List)) {
			message = text(error);
			type = text(body.get("error_type"));
			code = text(body.get("code"));
			copyExcept(body, fields, "error", "error_type", "code");
		}
		else {
			message = text(body.get("message"));
			if (message == null) {
				message = text(body.get("detail"));
			}
			type = text(body.get("type"));
			code = text(body.get("code"));
			copyExcept(body, fields, "message", "type", "code");
		}
		if (message != null) {
			message = cut(Secrets.redact(message, apiKey), MAX_TEXT);
		}
		Map<String, Object> redacted = new LinkedHashMap<>();
		fields.forEach((name, value) -> redacted.put(name, Secrets.redactValue(value, apiKey)));
		return new ProviderError(status, Secrets.redact(type, apiKey), Secrets.redact(code, apiKey), message, headers,
				redacted);
	}

	private static void copyExcept(Map<?, ?> from, Map<String, Object> to, String... skipped) {
		for (Map.Entry<?, ?> entry : from.entrySet()) {
			String name = String.valueOf(entry.getKey());
			if (!List.of(skipped).contains(name)) {
				to.putIfAbsent(name, entry.getValue());
			}
		}
	}

	private static @Nullable String text(@Nullable Object value) {
		if (value == null) {
			return null;
		}
		if (value instanceof String text) {
			return text;
		}
		if (value instanceof Number || value instanceof Boolean) {
			return String.valueOf(value);
		}
		return cut(PlainValues.toJson(value), MAX_TEXT);
	}

	private static String cut(String text, int length) {
		return (text.length() > length) ? text.substring(0, length) : text;
	}

}
