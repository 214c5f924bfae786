package dev.llmrouter.client;

import java.util.Objects;

import tools.jackson.databind.json.JsonMapper;

/**
 * How {@link LlmClient} methods that return a record, a POJO, a list or set of them, or
 * an enum read their structured answers: the Jackson mapper that generates the JSON
 * schema (property names, naming strategy, {@code @JsonProperty}) and reads the answer,
 * and how often an answer that does not parse is asked for again.
 * <p>
 * In a Spring Boot application the auto-configuration provides one built from the
 * application's {@link JsonMapper} and {@code llm.router.structured-output.retries};
 * declare a bean of this type to read answers with another mapper.
 *
 * @param jsonMapper the mapper that describes the return types and reads the answers
 * @param retries how many times an answer that does not parse is asked for again, not
 * counting the first call ({@code 0}, the default, never asks again)
 * @author llm-router
 */
public record StructuredOutputSettings(JsonMapper jsonMapper, int retries) {

	public StructuredOutputSettings {
		Objects.requireNonNull(jsonMapper, "jsonMapper must not be null");
		if (retries < 0) {
			throw new IllegalArgumentException("retries must not be negative, was " + retries);
		}
	}

	/**
	 * Settings with a default {@link JsonMapper} and no re-asking.
	 * @return the settings
	 */
	public static StructuredOutputSettings defaults() {
		return new StructuredOutputSettings(JsonMapper.builder().build(), 0);
	}

}
