package dev.llmrouter.error.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * Reads the wait a provider asks for: {@code retry-after-ms} (milliseconds), else
 * {@code Retry-After} as seconds, decimal seconds or an HTTP date.
 *
 * @author llm-router
 */
public final class RetryAfter {

	private RetryAfter() {
	}

	/**
	 * Parse the server's hint from response headers.
	 * @param header looks a header up by name, returning {@code null} when absent
	 * @param clock the clock an HTTP date is measured against
	 * @return the hint, or {@code null} if there is none or it cannot be read
	 */
	public static @Nullable Duration parse(Function<String, @Nullable String> header, Clock clock) {
		Duration millis = parseMillis(header.apply("retry-after-ms"));
		return (millis != null) ? millis : parseRetryAfter(header.apply("Retry-After"), clock);
	}

	static @Nullable Duration parseMillis(@Nullable String value) {
		Double number = parseNumber(value);
		return (number != null) ? Duration.ofNanos(Math.round(number * 1_000_000d)) : null;
	}

	static @Nullable Duration parseRetryAfter(@Nullable String value, Clock clock) {
		if (value == null || value.isBlank()) {
			return null;
		}
		Double seconds = parseNumber(value);
		if (seconds != null) {
			return Duration.ofNanos(Math.round(seconds * 1_000_000_000d));
		}
		try {
			Instant at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
			Duration wait = Duration.between(clock.instant(), at);
			return wait.isNegative() ? Duration.ZERO : wait;
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

	private static @Nullable Double parseNumber(@Nullable String value) {
		if (value == null || value.isBlank()) {
			return null;
		}
		try {
			double number = Double.parseDouble(value.trim());
			return (Double.isFinite(number) && number >= 0) ? number : null;
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

}
