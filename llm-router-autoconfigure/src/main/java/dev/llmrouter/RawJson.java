package dev.llmrouter;

import java.util.Objects;

/**
 * A request parameter's value given as JSON text, sent as it is rather than serialised.
 * {@code ChatRequest.Builder.rawParam(name, json)} wraps its value in one; the adapters
 * write it verbatim.
 *
 * @param json the JSON text
 */
public record RawJson(String json) {

	public RawJson {
		Objects.requireNonNull(json, "json must not be null");
		if (json.isBlank()) {
			throw new IllegalArgumentException("A raw JSON parameter must not be blank");
		}
	}

	@Override
	public String toString() {
		return this.json;
	}

}
