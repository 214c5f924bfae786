package dev.llmrouter.routing.internal;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import dev.llmrouter.error.ApiConnectionException;
import dev.llmrouter.error.AuthenticationException;
import dev.llmrouter.error.BadRequestException;
import dev.llmrouter.error.ContentPolicyViolationException;
import dev.llmrouter.error.ContextWindowExceededException;
import dev.llmrouter.error.ErrorType;
import dev.llmrouter.error.InternalServerException;
import dev.llmrouter.error.LlmException;
import dev.llmrouter.error.LlmTimeoutException;
import dev.llmrouter.error.MidStreamException;
import dev.llmrouter.error.NoDeploymentAvailableException;
import dev.llmrouter.error.NotFoundException;
import dev.llmrouter.error.PermissionDeniedException;
import dev.llmrouter.error.QuotaExceededException;
import dev.llmrouter.error.RateLimitException;
import dev.llmrouter.error.ServiceUnavailableException;
import dev.llmrouter.error.UnsupportedParamsException;
import dev.llmrouter.Backoff;
import dev.llmrouter.RetryPolicy;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * {@link RetryDecision#decide} against every branch of CONTRACT §3 ("Retry count",
 * "Backoff", "Timeouts", "Fallbacks", "Deployments, routing and cooldowns"), without HTTP
 * or Reactor: deployments are strings, the group is a {@link TestGroup} with fixed
 * counts, backoff, fallbacks and availability, and the jitter's random number is fixed.
 */
class RetryDecisionTests {

	private static final long NOW = 1_000_000L;

	private static final double HALF = 0.5;

	private static final Duration TOTAL = Duration.ofSeconds(10);

	private static final QuotaExceededException QUOTA = new QuotaExceededException(
			"HTTP 429 [insufficient_quota] (insufficient_quota): You exceeded your current quota", 429, null, null);

	// ---- retry count per error type

	// description, latest error, merged policy, group num-retries, request numRetries,
	// retries the group makes
	static Stream<Arguments> retryCounts() {
		RetryPolicy unset = RetryPolicy.UNSET;
		return Stream.of(arguments("attempt timeout: num-retries (2)", timeout(), unset, 2, null, 2),
				arguments("HTTP 408: num-retries (2)", new LlmTimeoutException("408", 408, null, null), unset, 2, null,
						2),
				arguments("HTTP 429: num-retries (2)", rateLimited(null), unset, 2, null, 2),
				arguments("HTTP 500: num-retries (2)", serverError(), unset, 2, null, 2),
				arguments("HTTP 503: num-retries (2)", new ServiceUnavailableException("503", 503, null, null), unset,
						2, null, 2),
				arguments("connection reset: num-retries (2)", new ApiConnectionException("reset", 0, null, null),
						unset, 2, null, 2),
				arguments("no deployment available: num-retries (2)", noDeployment(), unset, 2, null, 2),
				arguments("HTTP 400: not retried by default", badRequest(), unset, 2, null, 0),
				arguments("context window, no context-window fallbacks: not retried by default", contextWindow(), unset,
						2, null, 0),
				arguments("content policy, no content-policy fallbacks: not retried by default", contentPolicy(), unset,
						2, null, 0),
				arguments("unsupported params: not retried by default", unsupportedParams(), unset, 2, null, 0),
				arguments("HTTP 401: not retried by default", authentication(), unset, 2, null, 0),
				arguments("HTTP 403: not retried by default", new PermissionDeniedException("403", 403, null, null),
						unset, 2, null, 0),
				arguments("HTTP 404: never, whatever the request says", notFound(), unset, 2, 5, 0),
				arguments("timeout-error-retries 4", timeout(), policy().timeoutErrorRetries(4).build(), 2, null, 4),
				arguments("rate-limit-error-retries 5", rateLimited(null), policy().rateLimitErrorRetries(5).build(), 2,
						null, 5),
				arguments("rate-limit-error-retries also counts waits for the group", noDeployment(),
						policy().rateLimitErrorRetries(3).build(), 2, null, 3),
				arguments("internal-server-error-retries 1", serverError(),
						policy().internalServerErrorRetries(1).build(), 2, null, 1),
				arguments("bad-request-error-retries 1", badRequest(), policy().badRequestErrorRetries(1).build(), 2,
						null, 1),
				arguments("bad-request-error-retries 1 governs a context window error without its fallbacks",
						contextWindow(), policy().badRequestErrorRetries(1).build(), 2, null, 1),
				arguments("authentication-error-retries 3", authentication(),
						policy().authenticationErrorRetries(3).build(), 2, null, 3),
				arguments("content-policy-violation-error-retries 1", contentPolicy(),
						policy().contentPolicyViolationErrorRetries(1).build(), 2, null, 1),
				arguments("unsupported-params-retries 2", unsupportedParams(),
						policy().unsupportedParamsRetries(2).build(), 2, null, 2),
				arguments("a policy field of 0 disables its type", timeout(), policy().timeoutErrorRetries(0).build(),
						2, null, 0),
				arguments("group num-retries 5", serverError(), unset, 5, null, 5),
				arguments("group num-retries 0 disables retries", rateLimited(null), unset, 0, null, 0),
				arguments("request numRetries 4 over num-retries", rateLimited(null), unset, 2, 4, 4),
				arguments("request numRetries 4 over the policy field", rateLimited(null),
						policy().rateLimitErrorRetries(1).build(), 2, 4, 4),
				arguments("request numRetries 0 disables retries", timeout(), unset, 2, 0, 0),
				arguments("request numRetries does not enable a type off by default", badRequest(), unset, 2, 3, 0),
				arguments("request numRetries does not enable a type the policy disables", serverError(),
						policy().internalServerErrorRetries(0).build(), 2, 3, 0));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("retryCounts")
	void whenAttemptFailsThenGroupMakesExactlyTheRetriesOfTheErrorType(String description, LlmException error,
			RetryPolicy policy, int numRetries, @Nullable Integer requestNumRetries, int expectedRetries) {
		TestGroup group = group("a", "b").retryPolicy(policy, numRetries);
		for (int retries = 0; retries < expectedRetries; retries++) {
			assertThat(decide(error, state(retries, requestNumRetries, "a"), group, Deadline.NONE))
				.as("retry %d", retries + 1)
				.isEqualTo(new Decision.RetryOn<>("b", Duration.ZERO));
		}
		assertThat(decide(error, state(expectedRetries, requestNumRetries, "a"), group, Deadline.NONE))
			.isEqualTo(new Decision.FallBack<>(error));
	}

	// ---- the latest error decides

	// description, retries so far, latest error, whether it is retried
	static Stream<Arguments> latestErrors() {
		return Stream.of(arguments("a 400 after a 503 stops at once", 1, badRequest(), false),
				arguments("a 404 after two timeouts stops at once", 2, notFound(), false),
				arguments("a 429 (1 retry) after a 503 (3 retries) stops at once", 1, rateLimited(null), false),
				arguments("a 503 (3 retries) after a 429 (1 retry) is retried", 1, serverError(), true),
				arguments("a 503 (3 retries) after two 503s is retried", 2, serverError(), true),
				arguments("a 503 (3 retries) after three 503s falls back", 3, serverError(), false));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("latestErrors")
	void whenAttemptFailsThenOnlyTheLatestErrorsCountDecides(String description, int retriesSoFar, LlmException latest,
			boolean retried) {
		TestGroup group = group("a", "b").retryPolicy(
				policy().internalServerErrorRetries(3).rateLimitErrorRetries(1).timeoutErrorRetries(3).build(), 2);
		Decision<String> decision = decide(latest, state(retriesSoFar, null, "a"), group, Deadline.NONE);
		assertThat(decision)
			.isEqualTo(retried ? new Decision.RetryOn<>("b", Duration.ZERO) : new Decision.FallBack<String>(latest));
	}

	// ---- where the retry goes, and the backoff

	@Test
	void whenAnotherDeploymentIsAvailableThenRetryGoesThereAtOnce() {
		Decision<String> decision = decide(serverError(), state(1, null, "a"), group("a", "b"), Deadline.NONE);
		assertThat(decision).isEqualTo(new Decision.RetryOn<>("b", Duration.ZERO));
	}

	@Test
	void whenAnotherDeploymentIsAvailableThenTheFailedOnesRetryAfterIsNotWaitedFor() {
		Decision<String> decision = decide(rateLimited(Duration.ofMinutes(5)), state(0, null, "a"), group("a", "b"),
				Deadline.NONE);
		assertThat(decision).isEqualTo(new Decision.RetryOn<>("b", Duration.ZERO));
	}

	// description, backoff, retries so far, random, server hint, delay
	static Stream<Arguments> backoffs() {
		Backoff defaults = Backoff.DEFAULTS;
		Backoff fast = new Backoff(Duration.ofMillis(100), 3.0, Duration.ofSeconds(1), Duration.ofSeconds(60),
				Duration.ZERO);
		Backoff withMinimum = new Backoff(Duration.ofSeconds(2), 2.0, Duration.ofSeconds(60), Duration.ofSeconds(60),
				Duration.ofMillis(700));
		Backoff shortHints = new Backoff(Duration.ofSeconds(2), 2.0, Duration.ofSeconds(60), Duration.ofSeconds(5),
				Duration.ZERO);
		return Stream.of(arguments("retry 1: half the 0-2s window", defaults, 0, HALF, null, ms(1000)),
				arguments("retry 2: half the 0-4s window", defaults, 1, HALF, null, ms(2000)),
				arguments("retry 3: half the 0-8s window", defaults, 2, HALF, null, ms(4000)),
				arguments("retry 6: the 64s window is capped at max-interval 60s", defaults, 5, HALF, null, ms(30_000)),
				arguments("random 0.25 of the first window", defaults, 0, 0.25, null, ms(500)),
				arguments("random 0.75 of the first window", defaults, 0, 0.75, null, ms(1500)),
				arguments("random 0: no wait", defaults, 0, 0.0, null, Duration.ZERO),
				arguments("retry 3 at 100ms x3: half the 900ms window", fast, 2, HALF, null, ms(450)),
				arguments("retry 4 at 100ms x3: the 2.7s window is capped at 1s", fast, 3, HALF, null, ms(500)),
				arguments("retry-after minimum over a shorter jitter", withMinimum, 0, 0.25, null, ms(700)),
				arguments("jitter over a shorter retry-after minimum", withMinimum, 0, HALF, null, ms(1000)),
				arguments("server hint over a shorter jitter", defaults, 0, HALF, ms(3000), ms(3000)),
				arguments("jitter over a shorter server hint", defaults, 1, HALF, ms(500), ms(2000)),
				arguments("retry-after minimum over a shorter server hint", withMinimum, 0, 0.0, ms(300), ms(700)),
				arguments("server hint over a shorter minimum and jitter", withMinimum, 0, HALF, ms(1200), ms(1200)),
				arguments("a server hint of exactly max-retry-after is waited for", defaults, 0, HALF, ms(60_000),
						ms(60_000)),
				arguments("a server hint of exactly a short max-retry-after is waited for", shortHints, 0, HALF,
						ms(5000), ms(5000)));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("backoffs")
	void whenOnlyTheFailedDeploymentIsAvailableThenRetryWaitsForTheBackoff(String description, Backoff backoff,
			int retriesSoFar, double random, @Nullable Duration hint, Duration expectedDelay) {
		TestGroup group = group("a").backoff(backoff).retryPolicy(RetryPolicy.UNSET, 10);
		Decision<String> decision = decide(rateLimited(hint), new RetryState<>(retriesSoFar, null, "a", random), group,
				Deadline.NONE);
		assertThat(decision).isEqualTo(new Decision.RetryOn<>("a", expectedDelay));
	}

	@Test
	void whenRetryAfterIsAboveMaxRetryAfterThenGroupFallsBackWithThatError() {
		RateLimitException error = rateLimited(Duration.ofSeconds(61));
		Decision<String> decision = decide(error, state(0, null, "a"), group("a"), Deadline.NONE);
		assertThat(decision).isEqualTo(new Decision.FallBack<String>(error));
		assertThat(((Decision.FallBack<String>) decision).error().retryAfter()).contains(Duration.ofSeconds(61));
	}

	@Test
	void whenRetryAfterIsAboveAShortMaxRetryAfterThenGroupFallsBack() {
		RateLimitException error = rateLimited(Duration.ofMillis(5001));
		Backoff shortHints = new Backoff(Duration.ofSeconds(2), 2.0, Duration.ofSeconds(60), Duration.ofSeconds(5),
				Duration.ZERO);
		Decision<String> decision = decide(error, state(0, null, "a"), group("a").backoff(shortHints), Deadline.NONE);
		assertThat(decision).isEqualTo(new Decision.FallBack<String>(error));
	}

	// ---- every deployment cooling down

	@Test
	void whenEveryDeploymentIsCoolingThenGroupWaitsForTheEarliest() {
		RateLimitException error = rateLimited(null);
		Decision<String> decision = decide(error, state(0, null, "a"), group().availableAt(NOW + 1500), Deadline.NONE);
		assertThat(decision).isInstanceOfSatisfying(Decision.WaitForGroup.class, (wait) -> {
			assertThat(wait.delay()).isEqualTo(ms(1500));
			assertThat(wait.error()).isInstanceOf(NoDeploymentAvailableException.class)
				.hasMessageContaining("'gpt'")
				.hasCause(error);
			assertThat(wait.error().retryAfter()).contains(ms(1500));
		});
	}

	@Test
	void whenEveryDeploymentIsCoolingForExactlyMaxRetryAfterThenGroupWaits() {
		Decision<String> decision = decide(rateLimited(null), state(0, null, "a"), group().availableAt(NOW + 60_000),
				Deadline.NONE);
		assertThat(decision).isInstanceOfSatisfying(Decision.WaitForGroup.class,
				(wait) -> assertThat(wait.delay()).isEqualTo(ms(60_000)));
	}

	@Test
	void whenEarliestDeploymentIsBackAfterMaxRetryAfterThenGroupFallsBackWithNoDeploymentAvailable() {
		RateLimitException error = rateLimited(null);
		Decision<String> decision = decide(error, state(0, null, "a"), group().availableAt(NOW + 60_001),
				Deadline.NONE);
		assertThat(decision).isInstanceOfSatisfying(Decision.FallBack.class, (fallBack) -> {
			assertThat(fallBack.error()).isInstanceOf(NoDeploymentAvailableException.class).hasCause(error);
			assertThat(fallBack.error().retryAfter()).contains(ms(60_001));
		});
	}

	@Test
	void whenGroupWasAlreadyUnavailableThenTheWaitKeepsTheFailureThatCooledIt() {
		RateLimitException cooledIt = rateLimited(null);
		NoDeploymentAvailableException error = new NoDeploymentAvailableException("none", ms(100), cooledIt);
		Decision<String> decision = decide(error, state(1, null, null), group().availableAt(NOW + 800), Deadline.NONE);
		assertThat(decision).isInstanceOfSatisfying(Decision.WaitForGroup.class, (wait) -> {
			assertThat(wait.delay()).isEqualTo(ms(800));
			assertThat(wait.error()).isNotSameAs(error).hasCause(cooledIt);
		});
	}

	// ---- the total timeout

	// description, group, latest error, the wait it needs
	static Stream<Arguments> waits() {
		return Stream.of(
				arguments("an immediate retry on another deployment", group("a", "b"), serverError(), Duration.ZERO),
				arguments("a backoff on the same deployment", group("a"), serverError(), ms(1000)),
				arguments("a Retry-After on the same deployment", group("a"), rateLimited(ms(5000)), ms(5000)),
				arguments("a wait for the group", group().availableAt(NOW + 3000), rateLimited(null), ms(3000)));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("waits")
	void whenWaitReachesTheEndOfTheTotalTimeoutThenCallFailsWithTotalTimeout(String description, TestGroup group,
			LlmException error, Duration wait) {
		Decision<String> decision = decide(error, state(0, null, "a"), group, new Deadline(TOTAL, wait.toNanos()));
		assertThat(decision).isInstanceOfSatisfying(Decision.Fail.class, (fail) -> {
			assertThat(fail.error())
				.isInstanceOfSatisfying(LlmTimeoutException.class,
						(timeout) -> assertThat(timeout.isTotalTimeout()).isTrue())
				.hasMessageContaining(TOTAL.toString())
				.hasCause(error);
			assertThat(fail.error().errorType()).isEqualTo(ErrorType.TOTAL_TIMEOUT);
		});
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("waits")
	void whenWaitEndsBeforeTheTotalTimeoutThenCallWaits(String description, TestGroup group, LlmException error,
			Duration wait) {
		Decision<String> decision = decide(error, state(0, null, "a"), group, new Deadline(TOTAL, wait.toNanos() + 1));
		assertThat(delayOf(decision)).isEqualTo(wait);
	}

	@Test
	void whenTotalTimeoutIsSpentThenCallFailsEvenWithRetriesAndFallbacksLeft() {
		LlmException error = LlmTimeoutException.totalTimeout(TOTAL, serverError());
		TestGroup group = group("a", "b").contextWindowFallbacks().contentPolicyFallbacks();
		assertThat(decide(error, state(0, null, "a"), group, Deadline.NONE))
			.isEqualTo(new Decision.Fail<String>(error));
	}

	@Test
	void whenStreamFailsAfterContentThenCallFailsEvenWithRetriesAndFallbacksLeft() {
		LlmException error = new MidStreamException("Hel", serverError());
		TestGroup group = group("a", "b").contextWindowFallbacks().contentPolicyFallbacks();
		assertThat(decide(error, state(0, null, "a"), group, Deadline.NONE))
			.isEqualTo(new Decision.Fail<String>(error));
	}

	// ---- context-window and content-policy fallbacks

	// description, latest error, group, whether it is retried in the group
	static Stream<Arguments> ownFallbacks() {
		RetryPolicy retried = policy().badRequestErrorRetries(3).contentPolicyViolationErrorRetries(3).build();
		return Stream.of(
				arguments("context window with context-window fallbacks: at once, bad-request retries enabled",
						contextWindow(), group("a", "b").retryPolicy(retried, 2).contextWindowFallbacks(), false),
				arguments("content policy with content-policy fallbacks: at once, its retries enabled", contentPolicy(),
						group("a", "b").retryPolicy(retried, 2).contentPolicyFallbacks(), false),
				arguments("context window without context-window fallbacks: a bad request, no retries", contextWindow(),
						group("a", "b").contentPolicyFallbacks(), false),
				arguments("context window without context-window fallbacks: a bad request, retried when enabled",
						contextWindow(), group("a", "b").retryPolicy(retried, 2).contentPolicyFallbacks(), true),
				arguments("content policy without content-policy fallbacks: no retries", contentPolicy(),
						group("a", "b").contextWindowFallbacks(), false),
				arguments("content policy without content-policy fallbacks: retried when enabled", contentPolicy(),
						group("a", "b").retryPolicy(retried, 2).contextWindowFallbacks(), true));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("ownFallbacks")
	void whenContextWindowOrContentPolicyErrorThenItGoesToItsFallbacksWithoutRetries(String description,
			LlmException error, TestGroup group, boolean retried) {
		Decision<String> decision = decide(error, state(0, null, "a"), group, Deadline.NONE);
		assertThat(decision)
			.isEqualTo(retried ? new Decision.RetryOn<>("b", Duration.ZERO) : new Decision.FallBack<String>(error));
	}

	// ---- a spent quota

	// description, retries so far, request numRetries, group, decision
	static Stream<Arguments> quotas() {
		return Stream.of(
				arguments("another deployment is available: it goes there at once", 0, null, group("a", "b"),
						new Decision.RetryOn<>("b", Duration.ZERO)),
				arguments("only the failed deployment is left: fallbacks, no retry there", 0, null, group("a"),
						new Decision.FallBack<String>(QUOTA)),
				arguments("no deployment is available: fallbacks, no wait for the group", 0, null,
						group().availableAt(NOW + 1500), new Decision.FallBack<String>(QUOTA)),
				arguments("the group's retries are spent: it still moves to an available deployment", 2, null,
						group("a", "b"), new Decision.RetryOn<>("b", Duration.ZERO)),
				arguments("the request disables retries: it still moves to an available deployment", 0, 0,
						group("a", "b"), new Decision.RetryOn<>("b", Duration.ZERO)),
				arguments("the group has its own fallbacks of every kind: it still moves in the group first", 0, null,
						group("a", "b").contextWindowFallbacks().contentPolicyFallbacks(),
						new Decision.RetryOn<>("b", Duration.ZERO)));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("quotas")
	void whenQuotaIsSpentThenTheCallMovesOnWithoutRetryingOrWaiting(String description, int retriesSoFar,
			@Nullable Integer requestNumRetries, TestGroup group, Decision<String> expected) {
		assertThat(decide(QUOTA, state(retriesSoFar, requestNumRetries, "a"), group, Deadline.NONE))
			.isEqualTo(expected);
	}

	@Test
	void whenQuotaIsSpentAndTheTotalTimeoutIsOverThenCallFailsWithTotalTimeout() {
		Deadline spent = new Deadline(TOTAL, 0);
		Decision<String> decision = decide(QUOTA, state(0, null, "a"), group("a", "b"), spent);
		assertThat(decision).isInstanceOf(Decision.Fail.class);
		assertThat(((Decision.Fail<String>) decision).error().errorType()).isEqualTo(ErrorType.TOTAL_TIMEOUT);
	}

	@Test
	void whenQuotaIsSpentThenNoRetryPolicyFieldRetriesIt() {
		RetryPolicy everything = policy().rateLimitErrorRetries(9).badRequestErrorRetries(9).build();
		assertThat(new RetryCounts(everything, 9).count(ErrorType.QUOTA_EXCEEDED, 5)).isZero();
	}

	// ---- helpers

	private static Decision<String> decide(LlmException error, RetryState<String> state, TestGroup group,
			Deadline deadline) {
		return RetryDecision.decide(error, state, group, NOW, deadline);
	}

	private static RetryState<String> state(int retries, @Nullable Integer requestNumRetries, @Nullable String failed) {
		return new RetryState<>(retries, requestNumRetries, failed, HALF);
	}

	private static Duration delayOf(Decision<String> decision) {
		if (decision instanceof Decision.RetryOn<String> retry) {
			return retry.delay();
		}
		if (decision instanceof Decision.WaitForGroup<String> wait) {
			return wait.delay();
		}
		return fail("Expected a wait but was " + decision);
	}

	private static TestGroup group(String... available) {
		return new TestGroup(List.of(available));
	}

	private static RetryPolicy.Builder policy() {
		return RetryPolicy.builder();
	}

	private static Duration ms(long millis) {
		return Duration.ofMillis(millis);
	}

	private static LlmTimeoutException timeout() {
		return new LlmTimeoutException("timed out", 0, null, null);
	}

	private static RateLimitException rateLimited(@Nullable Duration retryAfter) {
		return new RateLimitException("429", 429, retryAfter, null);
	}

	private static InternalServerException serverError() {
		return new InternalServerException("500", 500, null, null);
	}

	private static NoDeploymentAvailableException noDeployment() {
		return new NoDeploymentAvailableException("none", ms(100), rateLimited(null));
	}

	private static BadRequestException badRequest() {
		return new BadRequestException("400", 400, null, null);
	}

	private static ContextWindowExceededException contextWindow() {
		return new ContextWindowExceededException("context length exceeded", 400, null, null);
	}

	private static ContentPolicyViolationException contentPolicy() {
		return new ContentPolicyViolationException("content filter", 400, null, null);
	}

	private static UnsupportedParamsException unsupportedParams() {
		return new UnsupportedParamsException("unsupported parameter", 400, null, null);
	}

	private static AuthenticationException authentication() {
		return new AuthenticationException("401", 401, null, null);
	}

	private static NotFoundException notFound() {
		return new NotFoundException("404", 404, null, null);
	}

	/**
	 * A group named {@code gpt} whose available deployments are listed in the order the
	 * routing strategy would pick them.
	 */
	static final class TestGroup implements GroupView<String> {

		private final List<String> available;

		private RetryCounts counts = new RetryCounts(RetryPolicy.UNSET, 2);

		private Backoff backoff = Backoff.DEFAULTS;

		private boolean contextWindowFallbacks;

		private boolean contentPolicyFallbacks;

		private long availableAtMillis = NOW;

		TestGroup(List<String> available) {
			this.available = available;
		}

		TestGroup retryPolicy(RetryPolicy policy, int numRetries) {
			this.counts = new RetryCounts(policy, numRetries);
			return this;
		}

		TestGroup backoff(Backoff backoff) {
			this.backoff = backoff;
			return this;
		}

		TestGroup contextWindowFallbacks() {
			this.contextWindowFallbacks = true;
			return this;
		}

		TestGroup contentPolicyFallbacks() {
			this.contentPolicyFallbacks = true;
			return this;
		}

		TestGroup availableAt(long millis) {
			this.availableAtMillis = millis;
			return this;
		}

		@Override
		public String name() {
			return "gpt";
		}

		@Override
		public int retries(ErrorType type, @Nullable Integer requestNumRetries) {
			return this.counts.count(type, requestNumRetries);
		}

		@Override
		public Backoff backoff() {
			return this.backoff;
		}

		@Override
		public boolean hasContextWindowFallbacks() {
			return this.contextWindowFallbacks;
		}

		@Override
		public boolean hasContentPolicyFallbacks() {
			return this.contentPolicyFallbacks;
		}

		@Override
		public @Nullable String pick(@Nullable String avoid, long nowMillis) {
			for (String deployment : this.available) {
				if (!deployment.equals(avoid)) {
					return deployment;
				}
			}
			return (avoid != null && this.available.contains(avoid)) ? avoid : null;
		}

		@Override
		public long nextAvailableMillis(long nowMillis) {
			return Math.max(this.availableAtMillis, nowMillis);
		}

		@Override
		public String toString() {
			return "gpt" + this.available;
		}

	}

}
