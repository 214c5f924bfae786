package dev.llmrouter.routing.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.stream.Stream;

import dev.llmrouter.error.ApiConnectionException;
import dev.llmrouter.error.AuthenticationException;
import dev.llmrouter.error.BadRequestException;
import dev.llmrouter.error.ContentPolicyViolationException;
import dev.llmrouter.error.ContextWindowExceededException;
import dev.llmrouter.error.InternalServerException;
import dev.llmrouter.error.LlmException;
import dev.llmrouter.error.LlmTimeoutException;
import dev.llmrouter.error.NotFoundException;
import dev.llmrouter.error.PermissionDeniedException;
import dev.llmrouter.error.QuotaExceededException;
import dev.llmrouter.error.RateLimitException;
import dev.llmrouter.error.UnsupportedParamsException;
import dev.llmrouter.error.internal.RetryAfter;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * {@link Cooldown}: which failures take a deployment out of rotation and for how long
 * (CONTRACT §3, "Deployments, routing and cooldowns"), every cooldown but a spent quota's
 * capped at {@code max-cooldown-time}.
 */
class CooldownTests {

	private static final int ALLOWED_FAILS = 3;

	private static final Duration COOLDOWN_TIME = Duration.ofSeconds(5);

	private static final Duration MAX_COOLDOWN_TIME = Duration.ofHours(1);

	private static final Duration QUOTA_COOLDOWN_TIME = Duration.ofHours(2);

	@Test
	void whenRateLimitedAndGroupHasAnotherDeploymentThenItCoolsAtOnce() {
		RateLimitException error = new RateLimitException("429", 429, null, null);
		assertThat(Cooldown.counts(error, true)).isTrue();
		assertThat(duration(error, 1)).isEqualTo(COOLDOWN_TIME);
	}

	@Test
	void whenGroupHasNoOtherDeploymentThenNoFailureCounts() {
		assertThat(Cooldown.counts(new RateLimitException("429", 429, null, null), false)).isFalse();
		assertThat(Cooldown.counts(new InternalServerException("500", 500, null, null), false)).isFalse();
	}

	@Test
	void whenServerErrorsStayBelowAllowedFailsThenNoCooldown() {
		assertThat(duration(new InternalServerException("500", 500, null, null), ALLOWED_FAILS - 1)).isNull();
	}

	@Test
	void whenServerErrorsReachAllowedFailsThenItCoolsForCooldownTime() {
		assertThat(duration(new InternalServerException("500", 500, null, null), ALLOWED_FAILS))
			.isEqualTo(COOLDOWN_TIME);
	}

	static Stream<Arguments> failures() {
		return Stream.of(arguments(new LlmTimeoutException("timeout", 0, null, null), true),
				arguments(new RateLimitException("429", 429, null, null), true),
				arguments(new InternalServerException("500", 500, null, null), true),
				arguments(new ApiConnectionException("reset", 0, null, null), true),
				arguments(new BadRequestException("400", 400, null, null), false),
				arguments(new ContextWindowExceededException("context", 400, null, null), false),
				arguments(new ContentPolicyViolationException("filter", 400, null, null), false),
				arguments(new UnsupportedParamsException("param", 400, null, null), false),
				arguments(new AuthenticationException("401", 401, null, null), false),
				arguments(new PermissionDeniedException("403", 403, null, null), false),
				arguments(new NotFoundException("404", 404, null, null), false));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("failures")
	void whenFailureIsCausedByTheRequestThenItNeverCountsTowardsACooldown(LlmException error, boolean counts) {
		assertThat(Cooldown.counts(error, true)).isEqualTo(counts);
	}

	@Test
	void whenQuotaIsSpentThenItCoolsEvenWhenTheGroupHasNoOtherDeployment() {
		assertThat(Cooldown.counts(quotaExceeded(null), false)).isTrue();
		assertThat(Cooldown.counts(quotaExceeded(null), true)).isTrue();
	}

	@Test
	void whenQuotaIsSpentThenItCoolsForQuotaCooldownTimeAtTheFirstFailure() {
		assertThat(duration(quotaExceeded(null), 1)).isEqualTo(QUOTA_COOLDOWN_TIME);
	}

	@Test
	void whenQuotaIsSpentWithAShortRetryAfterThenQuotaCooldownTimeStillApplies() {
		assertThat(duration(quotaExceeded(Duration.ofSeconds(20)), 1)).isEqualTo(QUOTA_COOLDOWN_TIME);
	}

	@Test
	void whenQuotaCooldownTimeIsLongerThanMaxCooldownTimeThenItIsNotCapped() {
		assertThat(QUOTA_COOLDOWN_TIME).isGreaterThan(MAX_COOLDOWN_TIME);
		assertThat(duration(quotaExceeded(Duration.ofDays(3)), 1)).isEqualTo(QUOTA_COOLDOWN_TIME);
	}

	@Test
	void whenQuotaCooldownTimeIsZeroThenNoCooldown() {
		assertThat(Cooldown.duration(quotaExceeded(null), 1, ALLOWED_FAILS, COOLDOWN_TIME, MAX_COOLDOWN_TIME,
				Duration.ZERO))
			.isNull();
	}

	@Test
	void whenRateLimitedWithRetryAfterThenItCoolsForTheRetryAfter() {
		assertThat(duration(new RateLimitException("429", 429, Duration.ofSeconds(12), null), 1))
			.isEqualTo(Duration.ofSeconds(12));
	}

	@Test
	void whenServerErrorsReachAllowedFailsWithRetryAfterThenItCoolsForTheRetryAfter() {
		assertThat(duration(new InternalServerException("503", 503, Duration.ofSeconds(7), null), ALLOWED_FAILS))
			.isEqualTo(Duration.ofSeconds(7));
	}

	@Test
	void whenRetryAfterIsLongerThanMaxCooldownTimeThenTheCooldownIsCapped() {
		assertThat(duration(new RateLimitException("429", 429, Duration.ofHours(2), null), 1))
			.isEqualTo(MAX_COOLDOWN_TIME);
	}

	@Test
	void whenCooldownTimeIsLongerThanMaxCooldownTimeThenTheCooldownIsCapped() {
		Duration cooldown = Cooldown.duration(new RateLimitException("429", 429, null, null), 1, ALLOWED_FAILS,
				Duration.ofDays(1), MAX_COOLDOWN_TIME, QUOTA_COOLDOWN_TIME);
		assertThat(cooldown).isEqualTo(MAX_COOLDOWN_TIME);
	}

	static Stream<Arguments> nonsenseHints() {
		return Stream.of(arguments("Retry-After", "1e300"), arguments("retry-after-ms", "1e300"),
				arguments("Retry-After", "Fri, 31 Dec 9999 23:59:59 GMT"));
	}

	@ParameterizedTest(name = "{0}: {1}")
	@MethodSource("nonsenseHints")
	void whenRetryAfterIsNonsenseThenTheCooldownIsCappedAtMaxCooldownTime(String header, String value) {
		Clock clock = Clock.fixed(Instant.parse("2026-12-01T12:00:00Z"), ZoneOffset.UTC);
		Duration hint = RetryAfter.parse((name) -> name.equals(header) ? value : null, clock);
		assertThat(hint).isGreaterThan(Duration.ofDays(365 * 200));
		assertThat(duration(new RateLimitException("429", 429, hint, null), 1)).isEqualTo(MAX_COOLDOWN_TIME);
	}

	private static QuotaExceededException quotaExceeded(@Nullable Duration retryAfter) {
		return new QuotaExceededException("429 insufficient_quota", 429, retryAfter, null);
	}

	private static @Nullable Duration duration(LlmException error, int recentFailures) {
		return Cooldown.duration(error, recentFailures, ALLOWED_FAILS, COOLDOWN_TIME, MAX_COOLDOWN_TIME,
				QUOTA_COOLDOWN_TIME);
	}

}
