package dev.llmrouter.error.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Tests for {@link RetryAfter}.
 */
class RetryAfterTests {

	private final Clock clock = Clock.fixed(Instant.parse("2015-10-21T07:28:00Z"), ZoneOffset.UTC);

	@Test
	void whenRetryAfterMsThenMilliseconds() {
		assertThat(parse(Map.of("retry-after-ms", "1500"))).isEqualTo(Duration.ofMillis(1500));
	}

	@Test
	void whenRetryAfterMsIsDecimalThenSubMillisecondPrecisionKept() {
		assertThat(parse(Map.of("retry-after-ms", "20.5"))).isEqualTo(Duration.ofNanos(20_500_000));
	}

	@Test
	void whenBothHeadersThenRetryAfterMsWins() {
		assertThat(parse(Map.of("retry-after-ms", "250", "Retry-After", "30"))).isEqualTo(Duration.ofMillis(250));
	}

	@Test
	void whenRetryAfterMsIsGarbageThenRetryAfterIsRead() {
		assertThat(parse(Map.of("retry-after-ms", "soon", "Retry-After", "3"))).isEqualTo(Duration.ofSeconds(3));
	}

	@Test
	void whenRetryAfterSecondsThenSeconds() {
		assertThat(parse(Map.of("Retry-After", "7"))).isEqualTo(Duration.ofSeconds(7));
	}

	@Test
	void whenRetryAfterHeaderNameIsLowerCaseThenStillRead() {
		assertThat(parse(Map.of("retry-after", "7"))).isEqualTo(Duration.ofSeconds(7));
	}

	@Test
	void whenRetryAfterDecimalSecondsThenFractionKept() {
		assertThat(parse(Map.of("Retry-After", "1.5"))).isEqualTo(Duration.ofMillis(1500));
	}

	@Test
	void whenRetryAfterHasSurroundingSpacesThenTrimmed() {
		assertThat(parse(Map.of("Retry-After", " 2 "))).isEqualTo(Duration.ofSeconds(2));
	}

	@Test
	void whenRetryAfterIsHttpDateThenWaitUntilThatDate() {
		assertThat(parse(Map.of("Retry-After", "Wed, 21 Oct 2015 07:28:30 GMT"))).isEqualTo(Duration.ofSeconds(30));
	}

	@Test
	void whenRetryAfterIsHttpDateInThePastThenZero() {
		assertThat(parse(Map.of("Retry-After", "Wed, 21 Oct 2015 07:27:00 GMT"))).isEqualTo(Duration.ZERO);
	}

	@Test
	void whenRetryAfterIsGarbageThenNoHint() {
		assertThat(parse(Map.of("Retry-After", "in a while"))).isNull();
	}

	@Test
	void whenRetryAfterIsNegativeThenNoHint() {
		assertThat(parse(Map.of("Retry-After", "-5"))).isNull();
	}

	@Test
	void whenRetryAfterIsNotFiniteThenNoHint() {
		assertThat(parse(Map.of("Retry-After", "Infinity"))).isNull();
		assertThat(parse(Map.of("retry-after-ms", "NaN"))).isNull();
	}

	@Test
	void whenRetryAfterIsBlankThenNoHint() {
		assertThat(parse(Map.of("Retry-After", "  "))).isNull();
	}

	@Test
	void whenNoHeadersThenNoHint() {
		assertThat(parse(Map.of())).isNull();
	}

	// ---- rate-limit reset headers (OpenAI: "Rate limits" guide; Anthropic: "Rate
	// limits",
	// response headers)

	// header value as OpenAI writes it, the wait
	static Stream<Arguments> openAiResets() {
		return Stream.of(arguments("1s", Duration.ofSeconds(1)), arguments("6m0s", Duration.ofMinutes(6)),
				arguments("20ms", Duration.ofMillis(20)), arguments("1h2m3.5s", Duration.ofMillis(3_723_500)),
				arguments("0.5s", Duration.ofMillis(500)), arguments("17.28s", Duration.ofMillis(17_280)),
				arguments("250us", Duration.ofNanos(250_000)), arguments("3", Duration.ofSeconds(3)));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("openAiResets")
	void whenOnlyAnOpenAiResetHeaderThenItsDurationIsTheHint(String value, Duration expected) {
		assertThat(parse(Map.of("x-ratelimit-reset-requests", value))).isEqualTo(expected);
	}

	@ParameterizedTest
	@ValueSource(strings = { "soon", "6m0", "1x", "-1s", "s", "1..5s", "" })
	void whenOpenAiResetHeaderIsGarbageThenNoHint(String value) {
		assertThat(parse(Map.of("x-ratelimit-reset-requests", value))).isNull();
	}

	@Test
	void whenBothOpenAiResetHeadersAndBothLimitsSpentThenTheLongestIsTheHint() {
		assertThat(parse(Map.of("x-ratelimit-reset-requests", "1s", "x-ratelimit-reset-tokens", "6m0s")))
			.isEqualTo(Duration.ofMinutes(6));
	}

	@Test
	void whenOnlyTheRequestLimitIsSpentThenItsResetIsTheHintNotTheLongerTokenReset() {
		assertThat(parse(Map.of("x-ratelimit-remaining-requests", "0", "x-ratelimit-reset-requests", "2s",
				"x-ratelimit-remaining-tokens", "149984", "x-ratelimit-reset-tokens", "6m0s")))
			.isEqualTo(Duration.ofSeconds(2));
	}

	@Test
	void whenNoLimitIsSpentThenResetHeadersAreNoHint() {
		assertThat(parse(Map.of("x-ratelimit-remaining-requests", "10", "x-ratelimit-reset-requests", "2s",
				"x-ratelimit-remaining-tokens", "100", "x-ratelimit-reset-tokens", "6m0s")))
			.isNull();
	}

	@Test
	void whenAnthropicResetInstantThenTheWaitUntilItIsTheHint() {
		assertThat(parse(Map.of("anthropic-ratelimit-requests-remaining", "0", "anthropic-ratelimit-requests-reset",
				"2015-10-21T07:28:45Z")))
			.isEqualTo(Duration.ofSeconds(45));
	}

	@Test
	void whenSeveralAnthropicLimitsAreSpentThenTheLatestResetIsTheHint() {
		assertThat(parse(Map.of("anthropic-ratelimit-requests-reset", "2015-10-21T07:28:05Z",
				"anthropic-ratelimit-tokens-reset", "2015-10-21T07:28:20Z", "anthropic-ratelimit-input-tokens-reset",
				"2015-10-21T07:29:00+00:00", "anthropic-ratelimit-output-tokens-reset", "2015-10-21T07:28:30Z")))
			.isEqualTo(Duration.ofSeconds(60));
	}

	@Test
	void whenAnthropicResetHasAnOffsetThenItIsHonoured() {
		assertThat(parse(Map.of("anthropic-ratelimit-tokens-reset", "2015-10-21T09:28:10+02:00")))
			.isEqualTo(Duration.ofSeconds(10));
	}

	@Test
	void whenAnthropicResetIsInThePastThenZero() {
		assertThat(parse(Map.of("anthropic-ratelimit-tokens-reset", "2015-10-21T07:00:00Z"))).isEqualTo(Duration.ZERO);
	}

	@Test
	void whenAnthropicResetIsGarbageThenNoHint() {
		assertThat(parse(Map.of("anthropic-ratelimit-tokens-reset", "tomorrow"))).isNull();
	}

	@Test
	void whenRetryAfterIsGivenThenResetHeadersAreNotRead() {
		assertThat(parse(Map.of("Retry-After", "3", "x-ratelimit-reset-tokens", "6m0s")))
			.isEqualTo(Duration.ofSeconds(3));
	}

	@Test
	void whenRetryAfterMsIsGivenThenResetHeadersAreNotRead() {
		assertThat(parse(Map.of("retry-after-ms", "40", "anthropic-ratelimit-tokens-reset", "2015-10-21T07:29:00Z")))
			.isEqualTo(Duration.ofMillis(40));
	}

	@Test
	void whenResetHeadersAreNotAskedForThenTheyAreNoHint() {
		Map<String, String> headers = Map.of("x-ratelimit-reset-tokens", "6m0s");
		assertThat(RetryAfter.parse(headers::get, this.clock, false)).isNull();
	}

	@Test
	void whenResetDurationIsHugeThenItIsTheLongestDurationNotAnOverflow() {
		assertThat(parse(Map.of("x-ratelimit-reset-tokens", "99999999999999999999h")))
			.isEqualTo(Duration.ofNanos(Long.MAX_VALUE));
	}

	private @Nullable Duration parse(Map<String, String> headers) {
		Map<String, String> caseInsensitive = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
		caseInsensitive.putAll(headers);
		return RetryAfter.parse(caseInsensitive::get, this.clock);
	}

}
