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
 * {@code Retry-After} as seconds, decimal seconds or an HTTP date, else the reset headers
 * of a rate limit: OpenAI's {@code x-ratelimit-reset-requests} and
 * {@code x-ratelimit-reset-tokens} as durations ({@code 1s}, {@code 6m0s}, {@code 20ms},
 * {@code 1h2m3.5s}) and Anthropic's {@code anthropic-ratelimit-requests-reset},
 * {@code -tokens-reset}, {@code -input-tokens-reset} and {@code -output-tokens-reset} as
 * RFC 3339 instants. Of the reset headers, only those of a limit that is spent count (its
 * {@code -remaining} header is {@code 0}, or absent), and the longest of them is the
 * hint.
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
		return parse(header, clock, true);
	}

	/**
	 * Parse the server's hint from response headers.
	 * @param header looks a header up by name, returning {@code null} when absent
	 * @param clock the clock an HTTP date or RFC 3339 instant is measured against
	 * @param resetHeaders whether a rate limit's reset headers count, when neither
	 * {@code retry-after-ms} nor {@code Retry-After} is given (they come with every
	 * answer of some providers, so they only count for a rate limit)
	 * @return the hint, or {@code null} if there is none or it cannot be read
	 */
	public static @Nullable Duration parse(Function<String, @Nullable String> header, Clock clock,
			boolean resetHeaders) {
		Duration millis = parseMillis(header.apply("retry-after-ms"));
		if (millis != null) {
			return millis;
		}
		Duration retryAfter = parseRetryAfter(header.apply("Retry-After"), clock);
		if (retryAfter != null || !resetHeaders) {
			return retryAfter;
		}
		return RateLimitReset.parse(header, clock);
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
