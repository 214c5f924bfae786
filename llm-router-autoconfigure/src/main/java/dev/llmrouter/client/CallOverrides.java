package dev.llmrouter.client;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.List;

import dev.llmrouter.ChatRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.convert.DurationStyle;

/**
 * The settings one method of an {@link LlmClient} interface applies to its calls: the
 * model group, and the overrides of {@link LlmClient} and {@link LlmCall}, the method's
 * winning over the interface's. Read and validated once, at start-up.
 *
 * @param model the model group, or {@code null} if neither annotation names one
 * @param numRetries the retry count, or {@code null} for the configured one
 * @param timeout the attempt timeout, or {@code null} for the configured one
 * @param totalTimeout the total timeout, or {@code null} for the configured one
 * @param fallbacks the fallback groups, or {@code null} for the configured ones
 * @author llm-router
 */
record CallOverrides(@Nullable String model, @Nullable Integer numRetries, @Nullable Duration timeout,
		@Nullable Duration totalTimeout, @Nullable List<String> fallbacks) {

	static CallOverrides of(Method method, LlmClient client, @Nullable LlmCall call) {
		String model = (call != null && !call.model().isBlank()) ? call.model() : blankToNull(client.value());
		Integer numRetries = count(method, "@LlmClient", client.numRetries());
		Duration timeout = duration(method, "@LlmClient", "timeout", client.timeout());
		Duration totalTimeout = duration(method, "@LlmClient", "totalTimeout", client.totalTimeout());
		if (call != null) {
			numRetries = firstNonNull(count(method, "@LlmCall", call.numRetries()), numRetries);
			timeout = firstNonNull(duration(method, "@LlmCall", "timeout", call.timeout()), timeout);
			totalTimeout = firstNonNull(duration(method, "@LlmCall", "totalTimeout", call.totalTimeout()),
					totalTimeout);
		}
		List<String> fallbacks = (client.fallbacks().length > 0) ? List.of(client.fallbacks()) : null;
		return new CallOverrides(model, numRetries, timeout, totalTimeout, fallbacks);
	}

	/**
	 * Start a request with the model group and every override.
	 * @return the builder
	 */
	ChatRequest.Builder newRequest() {
		ChatRequest.Builder builder = ChatRequest.builder();
		if (this.model != null) {
			builder.model(this.model);
		}
		return builder.numRetries(this.numRetries)
			.timeout(this.timeout)
			.totalTimeout(this.totalTimeout)
			.fallbacks(this.fallbacks);
	}

	/**
	 * Apply the overrides to the settings a request leaves unset; its model is kept.
	 * @param request the request the caller built
	 * @return the request to send
	 */
	ChatRequest fillUnset(ChatRequest request) {
		if (!hasSettings()) {
			return request;
		}
		return request.toBuilder()
			.numRetries(firstNonNull(request.numRetries(), this.numRetries))
			.timeout(firstNonNull(request.timeout(), this.timeout))
			.totalTimeout(firstNonNull(request.totalTimeout(), this.totalTimeout))
			.fallbacks(firstNonNull(request.fallbacks(), this.fallbacks))
			.build();
	}

	private boolean hasSettings() {
		return this.numRetries != null || this.timeout != null || this.totalTimeout != null || this.fallbacks != null;
	}

	private static @Nullable Integer count(Method method, String annotation, int value) {
		if (value < -1) {
			throw new InvalidLlmClientException(method, annotation + "(numRetries = " + value + ") is negative",
					"Set numRetries to 0 (no retries) or more, or leave it out to keep the configured count.");
		}
		return (value >= 0) ? value : null;
	}

	private static @Nullable Duration duration(Method method, String annotation, String attribute, String value) {
		if (value.isBlank()) {
			return null;
		}
		Duration duration;
		try {
			duration = DurationStyle.detectAndParse(value.trim());
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidLlmClientException(method,
					annotation + "(" + attribute + " = \"" + value + "\") is not a duration",
					"Write it as \"30s\", \"500ms\", \"2m\" or \"PT30S\".");
		}
		if (duration.isNegative() || duration.isZero()) {
			throw new InvalidLlmClientException(method,
					annotation + "(" + attribute + " = \"" + value + "\") is not positive",
					"Set a duration above zero, or leave it out to keep the configured one.");
		}
		return duration;
	}

	private static @Nullable String blankToNull(String value) {
		return value.isBlank() ? null : value;
	}

	private static <T> @Nullable T firstNonNull(@Nullable T first, @Nullable T second) {
		return (first != null) ? first : second;
	}

}
