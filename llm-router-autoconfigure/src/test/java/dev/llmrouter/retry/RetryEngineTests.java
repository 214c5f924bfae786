package dev.llmrouter.retry;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

import dev.llmrouter.Backoff;
import dev.llmrouter.RetryPolicy;
import dev.llmrouter.Attempt;
import dev.llmrouter.ChatRequest;
import dev.llmrouter.ChatResponse;
import dev.llmrouter.LlmRouter;
import dev.llmrouter.error.BadRequestException;
import dev.llmrouter.error.InternalServerException;
import dev.llmrouter.error.LlmException;
import dev.llmrouter.error.LlmTimeoutException;
import dev.llmrouter.error.NotFoundException;
import dev.llmrouter.error.RateLimitException;
import dev.llmrouter.test.MockLlmServer;
import dev.llmrouter.test.MockLlmServer.Reply;
import dev.llmrouter.test.TestTimer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The retry rules of CONTRACT §3 ("Retry count", "Backoff", "Timeouts") over real HTTP,
 * with time driven by a virtual clock and a fixed random source (jitter = 0.5 × window).
 */
class RetryEngineTests {

	private final MockLlmServer server = new MockLlmServer();

	private final TestTimer timer = new TestTimer();

	@AfterEach
	void close() {
		this.server.close();
	}

	private LlmRouter router(Consumer<LlmRouter.Builder> settings, Consumer<LlmRouter.GroupSpec> group) {
		LlmRouter.Builder builder = LlmRouter.builder().timer(this.timer).random(() -> 0.5);
		settings.accept(builder);
		builder.group("gpt", (g) -> {
			g.deployment("only", (d) -> d.model("m").baseUrl(this.server.baseUrl()).apiKey("sk-test-key-0000"));
			group.accept(g);
		});
		return builder.build();
	}

	private LlmRouter router(Consumer<LlmRouter.Builder> settings) {
		return router(settings, (group) -> {
		});
	}

	private ChatResponse call(LlmRouter router, ChatRequest request) throws Exception {
		return this.timer.run(router.chatAsync(request)).get();
	}

	private <E extends LlmException> E failure(LlmRouter router, ChatRequest request, Class<E> type) {
		CompletableFuture<ChatResponse> result = this.timer.run(router.chatAsync(request));
		ExecutionException thrown = catchThrowableOfType(ExecutionException.class, result::get);
		assertThat(thrown.getCause()).isInstanceOf(type);
		return type.cast(thrown.getCause());
	}

	private static ChatRequest hi() {
		return ChatRequest.of("gpt", "hi");
	}

	private static List<String> outcomes(LlmException error) {
		return error.metadata().attempts().stream().map(Attempt::outcome).toList();
	}

	@Test
	void whenDefaultsThenTwoRetriesMeanThreeAttempts() {
		this.server.byDefault(Reply.status(500));
		InternalServerException error = failure(router((settings) -> {
		}), hi(), InternalServerException.class);
		assertThat(this.server.hits()).isEqualTo(3);
		assertThat(error.metadata().retryCount()).isEqualTo(2);
		assertThat(outcomes(error)).containsExactly("InternalServerException", "InternalServerException",
				"InternalServerException");
	}

	@Test
	void whenRequestSetsNumRetriesThenItOverridesEverything() {
		this.server.byDefault(Reply.status(500));
		failure(router(
				(settings) -> settings.numRetries(1)
					.retryPolicy(RetryPolicy.builder().internalServerErrorRetries(1).build()),
				(group) -> group.numRetries(1)),
				ChatRequest.builder().model("gpt").message(dev.llmrouter.ChatMessage.user("hi")).numRetries(4).build(),
				InternalServerException.class);
		assertThat(this.server.hits()).isEqualTo(5);
	}

	@Test
	void whenNumRetriesZeroThenOneAttempt() {
		this.server.byDefault(Reply.status(503));
		failure(router((settings) -> settings.numRetries(0)), hi(), InternalServerException.class);
		assertThat(this.server.hits()).isEqualTo(1);
		assertThat(this.timer.advanced()).isEmpty();
	}

	@Test
	void whenGroupSetsNumRetriesThenItOverridesTheGlobalCount() {
		this.server.byDefault(Reply.status(500));
		failure(router((settings) -> settings.numRetries(5), (group) -> group.numRetries(1)), hi(),
				InternalServerException.class);
		assertThat(this.server.hits()).isEqualTo(2);
	}

	@Test
	void whenPolicyFieldSetThenThatTypeUsesItsOwnCount() {
		this.server.byDefault(Reply.rateLimited(Map.of()));
		failure(router((settings) -> settings.retryPolicy(RetryPolicy.builder().rateLimitErrorRetries(4).build())),
				hi(), RateLimitException.class);
		assertThat(this.server.hits()).isEqualTo(5);
	}

	@Test
	void whenGroupPolicySetsOneFieldThenOtherFieldsComeFromTheGlobalPolicy() throws Exception {
		LlmRouter router = router(
				(settings) -> settings
					.retryPolicy(RetryPolicy.builder().rateLimitErrorRetries(3).internalServerErrorRetries(3).build()),
				(group) -> group.retryPolicy(RetryPolicy.builder().internalServerErrorRetries(1).build()));
		this.server.byDefault(Reply.status(500));
		failure(router, hi(), InternalServerException.class);
		assertThat(this.server.hits()).isEqualTo(2);
		this.server.byDefault(Reply.rateLimited(Map.of()));
		failure(router, hi(), RateLimitException.class);
		assertThat(this.server.hits()).isEqualTo(2 + 4);
	}

	@Test
	void whenPolicyFieldIsZeroThenThatTypeIsNotRetried() {
		this.server.byDefault(Reply.rateLimited(Map.of()));
		failure(router((settings) -> settings.numRetries(5)
			.retryPolicy(RetryPolicy.builder().rateLimitErrorRetries(0).build())), hi(), RateLimitException.class);
		assertThat(this.server.hits()).isEqualTo(1);
	}

	@Test
	void whenBadRequestThenNotRetriedByDefault() {
		this.server.byDefault(Reply.error(400, "invalid_request_error", null, "bad", Map.of()));
		failure(router((settings) -> settings.numRetries(5)), hi(), BadRequestException.class);
		assertThat(this.server.hits()).isEqualTo(1);
	}

	@Test
	void whenAuthenticationFailsThenNotRetriedByDefault() {
		this.server.enqueue(Reply.error(401, "invalid_request_error", "invalid_api_key", "no", Map.of()),
				Reply.error(403, "invalid_request_error", null, "no", Map.of()));
		LlmRouter router = router((settings) -> settings.numRetries(5));
		failure(router, hi(), dev.llmrouter.error.AuthenticationException.class);
		failure(router, hi(), dev.llmrouter.error.PermissionDeniedException.class);
		assertThat(this.server.hits()).isEqualTo(2);
	}

	@Test
	void whenPolicyEnablesBadRequestRetriesThenBadRequestIsRetried() {
		this.server.byDefault(Reply.error(400, "invalid_request_error", null, "bad", Map.of()));
		failure(router((settings) -> settings.retryPolicy(RetryPolicy.builder().badRequestErrorRetries(2).build())),
				hi(), BadRequestException.class);
		assertThat(this.server.hits()).isEqualTo(3);
	}

	@Test
	void whenNotFoundThenNeverRetriedWhateverThePolicy() {
		this.server.byDefault(Reply.error(404, "invalid_request_error", "model_not_found", "no such model", Map.of()));
		failure(router((settings) -> settings.numRetries(5)
			.retryPolicy(RetryPolicy.builder().badRequestErrorRetries(5).build())), hi(), NotFoundException.class);
		assertThat(this.server.hits()).isEqualTo(1);
	}

	@Test
	void whenRateLimitThenBadRequestThenTheLatestErrorDecides() {
		this.server.enqueue(Reply.rateLimited(Map.of()),
				Reply.error(400, "invalid_request_error", null, "bad", Map.of()));
		BadRequestException error = failure(router((settings) -> settings.numRetries(5)), hi(),
				BadRequestException.class);
		assertThat(this.server.hits()).isEqualTo(2);
		assertThat(outcomes(error)).containsExactly("RateLimitException", "BadRequestException");
	}

	@Test
	void whenRetryingThenBackoffIsHalfOfEachGrowingWindow() {
		this.server.byDefault(Reply.status(500));
		InternalServerException error = failure(router((settings) -> settings.numRetries(4)), hi(),
				InternalServerException.class);
		assertThat(this.timer.advanced()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2),
				Duration.ofSeconds(4), Duration.ofSeconds(8));
		assertThat(error.metadata().attempts()).extracting(Attempt::backoff)
			.containsExactly(Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4),
					Duration.ofSeconds(8));
	}

	@Test
	void whenWindowReachesMaxIntervalThenItStaysThere() {
		this.server.byDefault(Reply.status(500));
		failure(router((settings) -> settings.numRetries(4)
			.backoff(new Backoff(Duration.ofSeconds(2), 3.0, Duration.ofSeconds(10), Duration.ofSeconds(60),
					Duration.ZERO))),
				hi(), InternalServerException.class);
		assertThat(this.timer.advanced()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(3),
				Duration.ofSeconds(5), Duration.ofSeconds(5));
	}

	@Test
	void whenJitterIsFullThenDelaysSpanTheWholeWindow() {
		this.server.byDefault(Reply.status(500));
		LlmRouter router = LlmRouter.builder()
			.timer(this.timer)
			.random(() -> 0.999)
			.numRetries(2)
			.group("gpt", (g) -> g.deployment("only", (d) -> d.model("m").baseUrl(this.server.baseUrl())))
			.build();
		failure(router, hi(), InternalServerException.class);
		assertThat(this.timer.advanced()).containsExactly(Duration.ofMillis(1998), Duration.ofMillis(3996));
	}

	@Test
	void whenRetryAfterExceedsTheCapThenFailFastWithRetryAfter() {
		this.server.byDefault(Reply.rateLimited(Map.of("Retry-After", "120")));
		RateLimitException error = failure(router((settings) -> {
		}), hi(), RateLimitException.class);
		assertThat(error.retryAfter()).contains(Duration.ofSeconds(120));
		assertThat(this.server.hits()).isEqualTo(1);
		assertThat(this.timer.advanced()).isEmpty();
	}

	@Test
	void whenRetryAfterMsThenExactlyThatWaitIsHonoured() throws Exception {
		this.server.enqueue(Reply.rateLimited(Map.of("retry-after-ms", "300")));
		LlmRouter router = router((settings) -> settings.backoff(new Backoff(Duration.ofMillis(100), 2.0,
				Duration.ofSeconds(60), Duration.ofSeconds(60), Duration.ZERO)));
		ChatResponse response = call(router, hi());
		assertThat(this.timer.advanced()).containsExactly(Duration.ofMillis(300));
		assertThat(response.metadata().attempts().get(1).backoff()).isEqualTo(Duration.ofMillis(300));
	}

	@Test
	void whenRetryAfterSecondsIsLongerThanTheJitterThenItIsTheFloor() throws Exception {
		this.server.enqueue(Reply.rateLimited(Map.of("Retry-After", "1.5")));
		call(router((settings) -> settings.backoff(new Backoff(Duration.ofMillis(100), 2.0, Duration.ofSeconds(60),
				Duration.ofSeconds(60), Duration.ZERO))), hi());
		assertThat(this.timer.advanced()).containsExactly(Duration.ofMillis(1500));
	}

	@Test
	void whenThreeAttemptsWithMinimumWaitThenTwoWaitsAndNoTrailingWait() {
		this.server.byDefault(Reply.status(500));
		LlmRouter router = LlmRouter.builder()
			.timer(this.timer)
			.random(() -> 0.0)
			.retryAfter(Duration.ofMillis(400))
			.group("gpt", (g) -> g.deployment("only", (d) -> d.model("m").baseUrl(this.server.baseUrl())))
			.build();
		long start = this.timer.now(java.util.concurrent.TimeUnit.MILLISECONDS);
		failure(router, hi(), InternalServerException.class);
		assertThat(this.server.hits()).isEqualTo(3);
		assertThat(this.timer.now(java.util.concurrent.TimeUnit.MILLISECONDS) - start).isEqualTo(800);
	}

	@Test
	void whenNextWaitWouldOverrunTotalTimeoutThenCallEndsAtOnce() throws Exception {
		this.server.byDefault(Reply.status(500));
		CompletableFuture<ChatResponse> result = router(
				(settings) -> settings.numRetries(5).totalTimeout(Duration.ofMillis(2500)))
			.chatAsync(hi())
			.toFuture();
		this.timer.step(Duration.ofSeconds(1));
		ExecutionException thrown = catchThrowableOfType(ExecutionException.class,
				() -> result.get(20, java.util.concurrent.TimeUnit.SECONDS));
		LlmTimeoutException error = (LlmTimeoutException) thrown.getCause();
		assertThat(error.isTotalTimeout()).isTrue();
		assertThat(error.getCause()).isInstanceOf(InternalServerException.class);
		assertThat(this.timer.advanced()).containsExactly(Duration.ofSeconds(1));
		assertThat(this.server.hits()).isEqualTo(2);
		assertThat(error.metadata().attempts()).hasSize(2);
	}

	@Test
	void whenAttemptHangsThenAttemptTimeoutIsRetried() throws Exception {
		this.server.enqueue(Reply.hang(), Reply.hang());
		CompletableFuture<ChatResponse> result = router((settings) -> settings.timeout(Duration.ofSeconds(30)))
			.chatAsync(hi())
			.toFuture();
		this.server.awaitHits(1);
		this.timer.step(Duration.ofSeconds(30));
		this.timer.step(Duration.ofSeconds(1));
		this.server.awaitHits(2);
		this.timer.step(Duration.ofSeconds(30));
		this.timer.step(Duration.ofSeconds(2));
		ChatResponse response = result.get(20, java.util.concurrent.TimeUnit.SECONDS);
		assertThat(response.metadata().attempts()).extracting(Attempt::outcome)
			.containsExactly("LlmTimeoutException", "LlmTimeoutException", "success");
	}

	@Test
	void whenTimeoutsSetAtEveryLevelThenTheMostSpecificWins() throws Exception {
		LlmRouter router = LlmRouter.builder()
			.timer(this.timer)
			.random(() -> 0.5)
			.numRetries(0)
			.timeout(Duration.ofSeconds(50))
			.group("group-level",
					(g) -> g.timeout(Duration.ofSeconds(40))
						.deployment("d", (d) -> d.model("m").baseUrl(this.server.baseUrl())))
			.group("deployment-level", (g) -> g.timeout(Duration.ofSeconds(40))
				.deployment("d", (d) -> d.model("m").baseUrl(this.server.baseUrl()).timeout(Duration.ofSeconds(30))))
			.group("global-level", (g) -> g.deployment("d", (d) -> d.model("m").baseUrl(this.server.baseUrl())))
			.build();
		this.server.byDefault(Reply.hang());
		assertTimesOutAfter(router, ChatRequest.of("global-level", "hi"), Duration.ofSeconds(50));
		assertTimesOutAfter(router, ChatRequest.of("group-level", "hi"), Duration.ofSeconds(40));
		assertTimesOutAfter(router, ChatRequest.of("deployment-level", "hi"), Duration.ofSeconds(30));
		assertTimesOutAfter(router,
				ChatRequest.builder()
					.model("deployment-level")
					.message(dev.llmrouter.ChatMessage.user("hi"))
					.timeout(Duration.ofSeconds(20))
					.build(),
				Duration.ofSeconds(20));
	}

	private void assertTimesOutAfter(LlmRouter router, ChatRequest request, Duration expected) {
		int before = this.timer.advanced().size();
		CompletableFuture<ChatResponse> result = this.timer.run(router.chatAsync(request), Duration.ofMinutes(1));
		ExecutionException thrown = catchThrowableOfType(ExecutionException.class, result::get);
		assertThat(thrown.getCause()).isInstanceOf(LlmTimeoutException.class);
		assertThat(this.timer.advanced().subList(before, this.timer.advanced().size())).containsExactly(expected);
	}

	@Test
	void whenTotalTimeoutSpentDuringAnAttemptThenCallEndsWithTotalTimeout() {
		this.server.byDefault(Reply.hang());
		LlmTimeoutException error = failure(
				router((settings) -> settings.totalTimeout(Duration.ofSeconds(45)).timeout(Duration.ofSeconds(30))),
				hi(), LlmTimeoutException.class);
		assertThat(error.isTotalTimeout()).isTrue();
		assertThat(this.timer.advanced()).containsExactly(Duration.ofSeconds(30), Duration.ofSeconds(1),
				Duration.ofSeconds(14));
		assertThat(error.metadata().attempts()).extracting(Attempt::outcome)
			.containsExactly("LlmTimeoutException", "LlmTimeoutException");
		assertThat(error.metadata().attempts().get(1).duration()).isEqualTo(Duration.ofSeconds(14));
	}

	@Test
	void whenRetriedThenMetadataListsEveryAttemptOnResponse() throws Exception {
		this.server.enqueue(Reply.status(500), Reply.rateLimited(Map.of()));
		ChatResponse response = call(router((settings) -> {
		}), hi());
		assertThat(response.metadata().retryCount()).isEqualTo(2);
		assertThat(response.metadata().modelGroup()).isEqualTo("gpt");
		assertThat(response.metadata().deployment()).isEqualTo("only");
		assertThat(response.metadata().attempts())
			.extracting(Attempt::deployment, Attempt::outcome, Attempt::status, Attempt::backoff)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("only", "InternalServerException", 500, Duration.ZERO),
					org.assertj.core.groups.Tuple.tuple("only", "RateLimitException", 429, Duration.ofSeconds(1)),
					org.assertj.core.groups.Tuple.tuple("only", "success", 200, Duration.ofSeconds(2)));
	}

}
