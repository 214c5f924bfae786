package dev.llmrouter.routing;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import dev.llmrouter.ChatRequest;
import dev.llmrouter.ChatResponse;
import dev.llmrouter.LlmRouter;
import dev.llmrouter.error.BadRequestException;
import dev.llmrouter.error.InternalServerException;
import dev.llmrouter.error.LlmException;
import dev.llmrouter.error.LlmTimeoutException;
import dev.llmrouter.Backoff;
import dev.llmrouter.test.MockLlmServer;
import dev.llmrouter.test.MockLlmServer.Reply;
import dev.llmrouter.test.TestTimer;
import io.github.resilience4j.micrometer.tagged.TaggedRetryMetrics;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.retry.event.RetryOnRetryEvent;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * What the Resilience4j {@link Retry} {@code llm-router.gpt} of a group reports (CONTRACT
 * §6), over real HTTP with virtual time: each call in exactly one of the four
 * {@code resilience4j.retry.calls} kinds, also through Resilience4j's Micrometer binding;
 * one {@code onRetry} event per retry taken, with the wait actually taken; nothing for a
 * wait the total timeout would cut short; nothing for a call the caller cancels.
 */
class GroupRetryTests {

	private static final Backoff BACKOFF = new Backoff(Duration.ofSeconds(1), 2.0, Duration.ofSeconds(60),
			Duration.ofSeconds(60), Duration.ZERO);

	private final MockLlmServer server = new MockLlmServer();

	private final TestTimer timer = new TestTimer();

	private final RetryRegistry registry = RetryRegistry.ofDefaults();

	private final List<RetryOnRetryEvent> retries = new CopyOnWriteArrayList<>();

	@AfterEach
	void close() {
		this.server.close();
	}

	private LlmRouter router() {
		return router((builder) -> {
		});
	}

	private LlmRouter router(Consumer<LlmRouter.Builder> settings) {
		LlmRouter.Builder builder = LlmRouter.builder()
			.timer(this.timer)
			.random(() -> 0.5)
			.backoff(BACKOFF)
			.component(RetryRegistry.class, this.registry)
			.group("gpt", (group) -> group.deployment("only",
					(deployment) -> deployment.model("m").baseUrl(this.server.baseUrl()).apiKey("sk-test-key-0000")));
		settings.accept(builder);
		LlmRouter router = builder.build();
		retry().getEventPublisher().onRetry(this.retries::add);
		return router;
	}

	private Retry retry() {
		return this.registry.retry("llm-router.gpt");
	}

	private Retry.Metrics metrics() {
		return retry().getMetrics();
	}

	private ChatResponse call(LlmRouter router) throws Exception {
		return this.timer.run(router.chatAsync(hi())).get();
	}

	private <E extends LlmException> E failure(LlmRouter router, Class<E> type) {
		CompletableFuture<ChatResponse> result = this.timer.run(router.chatAsync(hi()));
		return failure(result, type);
	}

	private static <E extends LlmException> E failure(CompletableFuture<ChatResponse> result, Class<E> type) {
		ExecutionException thrown = catchThrowableOfType(ExecutionException.class,
				() -> result.get(20, TimeUnit.SECONDS));
		assertThat(thrown.getCause()).isInstanceOf(type);
		return type.cast(thrown.getCause());
	}

	private static ChatRequest hi() {
		return ChatRequest.of("gpt", "hi");
	}

	private static List<Duration> waits(List<RetryOnRetryEvent> events) {
		return events.stream().map(RetryOnRetryEvent::getWaitInterval).toList();
	}

	private void assertCounts(long successfulWithout, long successfulWith, long failedWithout, long failedWith) {
		Retry.Metrics metrics = metrics();
		assertThat(metrics.getNumberOfSuccessfulCallsWithoutRetryAttempt()).as("successful without retry")
			.isEqualTo(successfulWithout);
		assertThat(metrics.getNumberOfSuccessfulCallsWithRetryAttempt()).as("successful with retry")
			.isEqualTo(successfulWith);
		assertThat(metrics.getNumberOfFailedCallsWithoutRetryAttempt()).as("failed without retry")
			.isEqualTo(failedWithout);
		assertThat(metrics.getNumberOfFailedCallsWithRetryAttempt()).as("failed with retry").isEqualTo(failedWith);
		assertThat(metrics.getNumberOfTotalCalls()).as("total")
			.isEqualTo(successfulWithout + successfulWith + failedWithout + failedWith);
	}

	// ---- the four kinds
	// -----------------------------------------------------------------

	@Test
	void whenCallSucceedsAtOnceThenItCountsAsSuccessfulWithoutRetry() throws Exception {
		this.server.enqueue(Reply.completion("hello"));
		assertThat(call(router()).content()).isEqualTo("hello");
		assertCounts(1, 0, 0, 0);
		assertThat(this.retries).isEmpty();
	}

	@Test
	void whenCallSucceedsAfterRetriesThenItCountsAsSuccessfulWithRetry() throws Exception {
		this.server.enqueue(Reply.status(500), Reply.status(503), Reply.completion("hello"));
		assertThat(call(router()).content()).isEqualTo("hello");
		assertCounts(0, 1, 0, 0);
		assertThat(this.server.hits()).isEqualTo(3);
	}

	@Test
	void whenCallFailsAfterItsRetriesThenItCountsAsFailedWithRetry() {
		this.server.byDefault(Reply.status(500));
		failure(router(), InternalServerException.class);
		assertThat(this.server.hits()).isEqualTo(3);
		assertCounts(0, 0, 0, 1);
	}

	@Test
	void whenRetriedErrorIsFollowedByOneNotRetriedThenCallCountsAsFailedWithRetry() {
		this.server.enqueue(Reply.status(500), Reply.status(400));
		failure(router(), BadRequestException.class);
		assertThat(this.server.hits()).isEqualTo(2);
		assertCounts(0, 0, 0, 1);
		assertThat(this.retries).hasSize(1);
	}

	@Test
	void whenCallFailsWithAnErrorNotRetriedThenItCountsAsFailedWithoutRetry() {
		this.server.enqueue(Reply.status(400));
		failure(router(), BadRequestException.class);
		assertThat(this.server.hits()).isEqualTo(1);
		assertCounts(0, 0, 1, 0);
		assertThat(this.retries).isEmpty();
	}

	@Test
	void whenCallsOfEveryKindThenResilience4jMicrometerBindingShowsEachKind() throws Exception {
		LlmRouter router = router();
		MeterRegistry meters = new SimpleMeterRegistry();
		TaggedRetryMetrics.ofRetryRegistry(this.registry).bindTo(meters);
		this.server.enqueue(Reply.completion("a"), Reply.status(500), Reply.completion("b"), Reply.status(400),
				Reply.status(500), Reply.status(400), Reply.completion("c"));
		call(router);
		call(router);
		failure(router, BadRequestException.class);
		failure(router, BadRequestException.class);
		call(router);
		assertThat(calls(meters, "successful_without_retry")).isEqualTo(2);
		assertThat(calls(meters, "successful_with_retry")).isEqualTo(1);
		assertThat(calls(meters, "failed_without_retry")).isEqualTo(1);
		assertThat(calls(meters, "failed_with_retry")).isEqualTo(1);
	}

	private static double calls(MeterRegistry meters, String kind) {
		return meters.get("resilience4j.retry.calls")
			.tags("name", "llm-router.gpt", "kind", kind)
			.functionCounter()
			.count();
	}

	// ---- retry events
	// -----------------------------------------------------------------

	@Test
	void whenCallRetriesThenOneRetryEventPerRetryWithTheWaitTaken() throws Exception {
		this.server.enqueue(Reply.status(500), Reply.status(500), Reply.completion("hello"));
		LlmRouter router = router();
		CompletableFuture<ChatResponse> result = router.chatAsync(hi()).toFuture();
		this.timer.step(Duration.ofMillis(500));
		this.timer.step(Duration.ofSeconds(1));
		assertThat(result.get(20, TimeUnit.SECONDS).content()).isEqualTo("hello");
		assertThat(this.retries).extracting(RetryOnRetryEvent::getNumberOfRetryAttempts).containsExactly(1, 2);
		assertThat(waits(this.retries)).containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1));
		assertThat(this.retries).allSatisfy((event) -> {
			assertThat(event.getName()).isEqualTo("llm-router.gpt");
			assertThat(event.getLastThrowable()).isInstanceOf(InternalServerException.class);
		});
	}

	@Test
	void whenTotalTimeoutWouldCutAWaitShortThenNoRetryEventForIt() {
		this.server.byDefault(Reply.status(500));
		LlmRouter router = router((builder) -> builder.totalTimeout(Duration.ofMillis(1200)));
		CompletableFuture<ChatResponse> result = router.chatAsync(hi()).toFuture();
		this.timer.step(Duration.ofMillis(500));
		LlmTimeoutException error = failure(result, LlmTimeoutException.class);
		assertThat(error.getCause()).isInstanceOf(InternalServerException.class);
		assertThat(this.server.hits()).isEqualTo(2);
		assertThat(waits(this.retries)).containsExactly(Duration.ofMillis(500));
		assertThat(this.timer.advanced()).containsExactly(Duration.ofMillis(500));
		assertCounts(0, 0, 0, 1);
	}

	@Test
	void whenTotalTimeoutWouldCutTheFirstWaitShortThenCallFailsWithoutRetry() {
		this.server.byDefault(Reply.status(500));
		LlmRouter router = router((builder) -> builder.totalTimeout(Duration.ofMillis(400)));
		CompletableFuture<ChatResponse> result = router.chatAsync(hi()).toFuture();
		failure(result, LlmTimeoutException.class);
		assertThat(this.server.hits()).isEqualTo(1);
		assertThat(this.retries).isEmpty();
		assertThat(this.timer.advanced()).isEmpty();
		assertCounts(0, 0, 1, 0);
	}

	// ---- cancelled calls
	// ---------------------------------------------------------------

	@Test
	void whenCallerCancelsAnAttemptInFlightThenCallIsNotCounted() {
		this.server.enqueue(Reply.hang());
		LlmRouter router = router();
		Disposable call = router.chatAsync(hi()).subscribe((response) -> {
		}, (error) -> {
		});
		this.server.awaitHits(1);
		call.dispose();
		assertCounts(0, 0, 0, 0);
		assertThat(this.retries).isEmpty();
	}

	@Test
	void whenCallerCancelsDuringARetryWaitThenCallIsNotCountedAndNoRetryStarts() {
		this.server.enqueue(Reply.status(500), Reply.completion("late"));
		LlmRouter router = router();
		Disposable call = router.chatAsync(hi()).subscribe((response) -> {
		}, (error) -> {
		});
		assertThat(this.timer.awaitWait(Duration.ofSeconds(1))).isEqualTo(Duration.ofMillis(500));
		call.dispose();
		this.timer.advance(Duration.ofSeconds(1));
		assertThat(this.server.hits()).isEqualTo(1);
		assertCounts(0, 0, 0, 0);
		assertThat(this.retries).isEmpty();
	}

}
