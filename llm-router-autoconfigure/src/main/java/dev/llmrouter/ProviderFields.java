package dev.llmrouter;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Copies of the {@code providerFields} maps: insertion order kept, {@code null} values
 * allowed (a provider may send {@code "logprobs": null}), unmodifiable.
 */
final class ProviderFields {

	private ProviderFields() {
	}

	static Map<String, Object> copyOf(Map<String, Object> fields) {
		if (fields == null || fields.isEmpty()) {
			return Map.of();
		}
		return Collections.unmodifiableMap(new LinkedHashMap<>(fields));
	}

}
