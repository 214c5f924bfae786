package dev.llmrouter.error.internal;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * Reads when a spent rate limit resets, from OpenAI's {@code x-ratelimit-reset-*}
 * durations and Anthropic's {@code anthropic-ratelimit-*-reset} instants: the longest
 * wait among the limits whose {@code -remaining} header is {@code 0} or absent.
 *
 * @author llm-router
 */
final class RateLimitReset {

	private static final String[] OPENAI_LIMITS = { "requests", "tokens" };

	private static final String[] ANTHROPIC_LIMITS = { "requests", "tokens", "input-tokens", "output-tokens" };

	private static final BigDecimal NANOS_PER_HOUR = BigDecimal.valueOf(3_600_000_000_000L);

	private static final BigDecimal MAX_NANOS = BigDecimal.valueOf(Long.MAX_VALUE);

	private RateLimitReset() {
	}

	/**
	 * The longest wait until a spent limit resets.
	 * @param header looks a header up by name
	 * @param clock the clock an instant is measured against
	 * @return the wait, or {@code null} if no spent limit gives one that can be read
	 */
	static @Nullable Duration parse(Function<String, @Nullable String> header, Clock clock) {
		Duration longest = null;
		for (String limit : OPENAI_LIMITS) {
			if (spent(header.apply("x-ratelimit-remaining-" + limit))) {
				longest = longer(longest, parseDuration(header.apply("x-ratelimit-reset-" + limit)));
			}
		}
		for (String limit : ANTHROPIC_LIMITS) {
			if (spent(header.apply("anthropic-ratelimit-" + limit + "-remaining"))) {
				longest = longer(longest, parseInstant(header.apply("anthropic-ratelimit-" + limit + "-reset"), clock));
			}
		}
		return longest;
	}

	private static boolean spent(@Nullable String remaining) {
		if (remaining == null || remaining.isBlank()) {
			return true;
		}
		try {
			return new BigDecimal(remaining.trim()).signum() <= 0;
		}
		catch (NumberFormatException ex) {
			return true;
		}
	}

	private static @Nullable Duration longer(@Nullable Duration current, @Nullable Duration candidate) {
		if (candidate == null) {
			return current;
		}
		return (current == null || candidate.compareTo(current) > 0) ? candidate : current;
	}

	/**
	 * A duration as Go writes it: a sequence of decimal numbers, each with a unit
	 * ({@code h}, {@code m}, {@code s}, {@code ms}, {@code us}, {@code µs}, {@code ns}),
	 * such as {@code 6m0s} or {@code 1h2m3.5s}; a plain number is seconds.
	 * @param value the header's value
	 * @return the duration, or {@code null} if it cannot be read
	 */
	static @Nullable Duration parseDuration(@Nullable String value) {
		if (value == null || value.isBlank()) {
			return null;
		}
		String text = value.trim();
		BigDecimal nanos = BigDecimal.ZERO;
		int i = 0;
		while (i < text.length()) {
			int start = i;
			while (i < text.length() && (Character.isDigit(text.charAt(i)) || text.charAt(i) == '.')) {
				i++;
			}
			if (start == i) {
				return null;
			}
			BigDecimal number;
			try {
				number = new BigDecimal(text.substring(start, i));
			}
			catch (NumberFormatException ex) {
				return null;
			}
			int unitStart = i;
			while (i < text.length() && !Character.isDigit(text.charAt(i)) && text.charAt(i) != '.') {
				i++;
			}
			BigDecimal unit = unit(text.substring(unitStart, i), unitStart == text.length() && start == 0);
			if (unit == null) {
				return null;
			}
			nanos = nanos.add(number.multiply(unit));
			if (nanos.compareTo(MAX_NANOS) > 0) {
				return Duration.ofNanos(Long.MAX_VALUE);
			}
		}
		return Duration.ofNanos(nanos.longValue());
	}

	private static @Nullable BigDecimal unit(String unit, boolean alone) {
		return switch (unit) {
			case "h" -> NANOS_PER_HOUR;
			case "m" -> BigDecimal.valueOf(60_000_000_000L);
			case "s" -> BigDecimal.valueOf(1_000_000_000L);
			case "ms" -> BigDecimal.valueOf(1_000_000L);
			case "us", "µs", "μs" -> BigDecimal.valueOf(1_000L);
			case "ns" -> BigDecimal.ONE;
			case "" -> alone ? BigDecimal.valueOf(1_000_000_000L) : null;
			default -> null;
		};
	}

	/**
	 * An RFC 3339 instant, as the wait from now until it.
	 * @param value the header's value
	 * @param clock the clock
	 * @return the wait, zero for an instant in the past, or {@code null} if it cannot be
	 * read
	 */
	static @Nullable Duration parseInstant(@Nullable String value, Clock clock) {
		if (value == null || value.isBlank()) {
			return null;
		}
		try {
			Duration wait = Duration.between(clock.instant(), OffsetDateTime.parse(value.trim()).toInstant());
			return wait.isNegative() ? Duration.ZERO : wait;
		}
		catch (DateTimeParseException | ArithmeticException ex) {
			return null;
		}
	}

}
