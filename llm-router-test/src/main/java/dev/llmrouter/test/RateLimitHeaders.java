package dev.llmrouter.test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The headers providers send with a 429 or 503, for
 * {@link MockLlmServer.Reply#json(int, String, Map)}: {@code Retry-After} in seconds or
 * as an HTTP date, OpenAI's and Azure's {@code retry-after-ms}, and OpenAI's
 * {@code x-ratelimit-*} family, whose reset values are durations such as {@code 1s} or
 * {@code 6m0s} (platform.openai.com/docs/guides/rate-limits, "Rate limits in headers").
 * <pre class="code">
 * Reply.rateLimited(RateLimitHeaders.create().retryAfterMillis(Duration.ofMillis(20)).resetRequests("1s").toMap())
 * </pre>
 */
public final class RateLimitHeaders {

	private final Map<String, String> headers = new LinkedHashMap<>();

	private RateLimitHeaders() {
	}

	/**
	 * No headers yet.
	 * @return the headers
	 */
	public static RateLimitHeaders create() {
		return new RateLimitHeaders();
	}

	/**
	 * {@code Retry-After} in seconds: whole ({@code 2}) when the duration is, decimal
	 * ({@code 0.25}) otherwise.
	 * @param delay the delay
	 * @return these headers
	 */
	public RateLimitHeaders retryAfter(Duration delay) {
		long millis = delay.toMillis();
		String seconds = ((millis % 1000) == 0) ? Long.toString(millis / 1000)
				: java.math.BigDecimal.valueOf(millis, 3).stripTrailingZeros().toPlainString();
		return header("Retry-After", seconds);
	}

	/**
	 * {@code Retry-After} as an HTTP date.
	 * @param instant when to retry
	 * @return these headers
	 */
	public RateLimitHeaders retryAfter(Instant instant) {
		return header("Retry-After", DateTimeFormatter.RFC_1123_DATE_TIME.format(instant.atOffset(ZoneOffset.UTC)));
	}

	/**
	 * {@code retry-after-ms}.
	 * @param delay the delay
	 * @return these headers
	 */
	public RateLimitHeaders retryAfterMillis(Duration delay) {
		return header("retry-after-ms", Long.toString(delay.toMillis()));
	}

	/**
	 * {@code x-ratelimit-reset-requests}.
	 * @param reset the reset, such as {@code 1s}
	 * @return these headers
	 */
	public RateLimitHeaders resetRequests(String reset) {
		return header("x-ratelimit-reset-requests", reset);
	}

	/**
	 * {@code x-ratelimit-reset-tokens}.
	 * @param reset the reset, such as {@code 6m0s}
	 * @return these headers
	 */
	public RateLimitHeaders resetTokens(String reset) {
		return header("x-ratelimit-reset-tokens", reset);
	}

	/**
	 * OpenAI's limit and remaining counts for requests and tokens.
	 * @param limitRequests {@code x-ratelimit-limit-requests}
	 * @param remainingRequests {@code x-ratelimit-remaining-requests}
	 * @param limitTokens {@code x-ratelimit-limit-tokens}
	 * @param remainingTokens {@code x-ratelimit-remaining-tokens}
	 * @return these headers
	 */
	public RateLimitHeaders limits(long limitRequests, long remainingRequests, long limitTokens, long remainingTokens) {
		header("x-ratelimit-limit-requests", Long.toString(limitRequests));
		header("x-ratelimit-remaining-requests", Long.toString(remainingRequests));
		header("x-ratelimit-limit-tokens", Long.toString(limitTokens));
		return header("x-ratelimit-remaining-tokens", Long.toString(remainingTokens));
	}

	/**
	 * Any other header.
	 * @param name the name
	 * @param value the value
	 * @return these headers
	 */
	public RateLimitHeaders header(String name, String value) {
		this.headers.put(name, value);
		return this;
	}

	/**
	 * The headers.
	 * @return a copy, in the order added
	 */
	public Map<String, String> toMap() {
		return new LinkedHashMap<>(this.headers);
	}

}
