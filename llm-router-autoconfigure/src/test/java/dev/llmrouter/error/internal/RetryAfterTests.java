package dev.llmrouter.error.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

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

	private @Nullable Duration parse(Map<String, String> headers) {
		Map<String, String> caseInsensitive = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
		caseInsensitive.putAll(headers);
		return RetryAfter.parse(caseInsensitive::get, this.clock);
	}

}
