package dev.llmrouter.provider.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.llmrouter.provider.ProviderEndpoint;
import org.jspecify.annotations.Nullable;

/**
 * Keeps a deployment's secret (its API key, or the bearer token sent) out of what an
 * adapter passes on from a provider's answer: a server that echoes the key in an error
 * message must not put it in an exception, a log line or the endpoint.
 *
 * @author llm-router
 */
public final class Secrets {

	private Secrets() {
	}

	/**
	 * The text with every occurrence of the secret masked.
	 * @param text the text, or {@code null}
	 * @param secret the secret, or {@code null} for none
	 * @return the text without the secret
	 */
	public static @Nullable String redact(@Nullable String text, @Nullable String secret) {
		if (text == null || secret == null || secret.isEmpty()) {
			return text;
		}
		return text.replace(secret, String.valueOf(ProviderEndpoint.mask(secret)));
	}

	/**
	 * A copy of a JSON value (text, map, list, number, boolean) with the secret masked in
	 * every text it holds.
	 * @param value the value, or {@code null}
	 * @param secret the secret, or {@code null} for none
	 * @return the value without the secret
	 */
	public static @Nullable Object redactValue(@Nullable Object value, @Nullable String secret) {
		if (value instanceof String text) {
			return redact(text, secret);
		}
		if (value instanceof Map<?, ?> map) {
			Map<String, Object> copy = new LinkedHashMap<>();
			map.forEach((name, item) -> copy.put(String.valueOf(name), redactValue(item, secret)));
			return copy;
		}
		if (value instanceof List<?> list) {
			List<Object> copy = new ArrayList<>(list.size());
			list.forEach((item) -> copy.add(redactValue(item, secret)));
			return copy;
		}
		return value;
	}

}
