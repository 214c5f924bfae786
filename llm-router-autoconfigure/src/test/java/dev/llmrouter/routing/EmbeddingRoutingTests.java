package dev.llmrouter.routing;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;

import dev.llmrouter.RouterView;
import dev.llmrouter.RoutingStrategy;
import dev.llmrouter.Attempt;
import dev.llmrouter.EmbeddingRequest;
import dev.llmrouter.EmbeddingResponse;
import dev.llmrouter.LlmRouter;
import dev.llmrouter.error.LlmException;
import dev.llmrouter.error.LlmTimeoutException;
import dev.llmrouter.error.NotFoundException;
import dev.llmrouter.error.ServiceUnavailableException;
import dev.llmrouter.observation.CooldownEvent;
import dev.llmrouter.observation.FailureEvent;
import dev.llmrouter.observation.FallbackEvent;
import dev.llmrouter.observation.LlmRouterListener;
import dev.llmrouter.observation.LlmRouterMetrics;
import dev.llmrouter.observation.RetryEvent;
import dev.llmrouter.observation.SuccessEvent;
import dev.llmrouter.test.EmbeddingWire;
import dev.llmrouter.test.MockLlmServer;
import dev.llmrouter.test.MockLlmServer.Reply;
import dev.llmrouter.test.TestTimer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Embedding calls run through the one attempt loop (CONTRACT §2 "EmbeddingRequest"):
 * retries, cooldowns, fallbacks, timeouts, meters and listeners apply to them as to chat
 * calls. Each deployment is its own loopback server.
 */
class EmbeddingRoutingTests {

	private static final float[] VECTOR = { 0.0023064255f, -0.009327292f, 0.015797347f };

	private final MockLlmServer a = new MockLlmServer();

	private final MockLlmServer b = new MockLlmServer();

	private final TestTimer timer = new TestTimer();

	@AfterEach
	void close() {
		this.a.close();
		this.b.close();
	}

	private LlmRouter.Builder builder() {
		return LlmRouter.builder().timer(this.timer).random(() -> 0.5);
	}

	private static LlmRouter.GroupSpec deployment(LlmRouter.GroupSpec group, String id, MockLlmServer server) {
		return group.deployment(id, (d) -> d.model("text-embedding-3-small").baseUrl(server.baseUrl()));
	}

	private EmbeddingResponse embed(LlmRouter router, String group) throws Exception {
		return this.timer.run(router.embedAsync(EmbeddingRequest.of(group, "hello"))).get();
	}

	private LlmException failure(LlmRouter router, EmbeddingRequest request) {
		CompletableFuture<EmbeddingResponse> result = this.timer.run(router.embedAsync(request));
		return (LlmException) catchThrowableOfType(ExecutionException.class, result::get).getCause();
	}

	private static List<String> outcomes(List<Attempt> attempts) {
		return attempts.stream().map(Attempt::outcome).toList();
	}

	@Test
	void whenFirstAttemptGets503ThenTheRetryAnswersAfterBackoff() throws Exception {
		this.a.enqueue(Reply.status(503), EmbeddingWire.base64(VECTOR));
		LlmRouter router = builder().group("embed", (g) -> deployment(g, "a", this.a)).build();
		EmbeddingResponse response = embed(router, "embed");
		assertThat(response.vector()).containsExactly(VECTOR);
		assertThat(outcomes(response.metadata().attempts())).containsExactly("ServiceUnavailableException",
				Attempt.SUCCESS);
		assertThat(response.metadata().attempts().get(0).status()).isEqualTo(503);
		assertThat(response.metadata().retryCount()).isEqualTo(1);
		assertThat(response.metadata().attempts().get(1).backoff()).isEqualTo(Duration.ofSeconds(1));
		assertThat(this.timer.advanced()).containsExactly(Duration.ofSeconds(1));
		assertThat(this.a.hits()).isEqualTo(2);
	}

	@Test
	void whenRequestSetsNoRetriesThenTheFirstFailureEndsTheCall() {
		this.a.enqueue(Reply.status(503), EmbeddingWire.base64(VECTOR));
		LlmRouter router = builder().group("embed", (g) -> deployment(g, "a", this.a)).build();
		LlmException error = failure(router,
				EmbeddingRequest.builder().model("embed").input("hello").numRetries(0).build());
		assertThat(error).isExactlyInstanceOf(ServiceUnavailableException.class);
		assertThat(this.a.hits()).isEqualTo(1);
	}

	@Test
	void whenADeploymentIsRateLimitedThenItCoolsDownAndTheOtherServes() throws Exception {
		this.a.enqueue(Reply.rateLimited(Map.of("Retry-After", "20")));
		this.b.byDefault(EmbeddingWire.base64(VECTOR));
		LlmRouter router = builder().routingStrategy(RoutingStrategy.ROUND_ROBIN)
			.group("embed", (g) -> deployment(deployment(g, "a", this.a), "b", this.b))
			.build();
		EmbeddingResponse first = embed(router, "embed");
		assertThat(first.metadata().attempts()).extracting(Attempt::deployment).containsExactly("a", "b");
		assertThat(first.metadata().attempts()).extracting(Attempt::backoff).containsOnly(Duration.ZERO);
		for (int i = 0; i < 3; i++) {
			assertThat(embed(router, "embed").metadata().deployment()).isEqualTo("b");
		}
		assertThat(this.a.hits()).isEqualTo(1);
		RouterView.Deployment cooled = router.view().orElseThrow().group("embed").deployments().get(0);
		assertThat(cooled.id()).isEqualTo("a");
		assertThat(cooled.status().coolingDown()).isTrue();
	}

	@Test
	void whenThePrimaryGroupFailsThenTheFallbackGroupAnswers() throws Exception {
		this.a.byDefault(Reply.status(500));
		this.b.enqueue(EmbeddingWire.floats(VECTOR));
		LlmRouter router = builder().numRetries(1)
			.group("primary", (g) -> deployment(g, "a", this.a).fallbacks("secondary"))
			.group("secondary", (g) -> deployment(g, "b", this.b))
			.build();
		EmbeddingResponse response = embed(router, "primary");
		assertThat(response.vector()).containsExactly(VECTOR);
		assertThat(response.metadata().attempts()).extracting(Attempt::modelGroup)
			.containsExactly("primary", "primary", "secondary");
		assertThat(response.metadata().modelGroup()).isEqualTo("secondary");
		assertThat(response.metadata().fallbackCount()).isEqualTo(1);
	}

	@Test
	void whenRequestNamesFallbacksThenTheyReplaceTheGroups() throws Exception {
		this.a.byDefault(Reply.status(500));
		this.b.enqueue(EmbeddingWire.base64(VECTOR));
		LlmRouter router = builder().numRetries(0)
			.group("primary", (g) -> deployment(g, "a", this.a))
			.group("secondary", (g) -> deployment(g, "b", this.b))
			.build();
		EmbeddingResponse response = this.timer
			.run(router.embedAsync(
					EmbeddingRequest.builder().model("primary").input("x").fallbacks(List.of("secondary")).build()))
			.get();
		assertThat(response.metadata().modelGroup()).isEqualTo("secondary");
	}

	@Test
	void whenTheServerHangsPastTheRequestTimeoutThenTheAttemptTimesOutAndTheRetryAnswers() throws Exception {
		this.a.enqueue(Reply.hang(), EmbeddingWire.base64(VECTOR));
		LlmRouter router = builder().numRetries(1)
			.timeout(Duration.ofMinutes(10))
			.group("embed", (g) -> deployment(g, "a", this.a))
			.build();
		CompletableFuture<EmbeddingResponse> call = router
			.embedAsync(EmbeddingRequest.builder().model("embed").input("x").timeout(Duration.ofSeconds(5)).build())
			.toFuture();
		Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> this.a.hits() == 1);
		this.timer.step(Duration.ofSeconds(5));
		this.timer.step(this.timer.awaitWait(Duration.ofMinutes(1)));
		EmbeddingResponse response = call.get();
		assertThat(outcomes(response.metadata().attempts())).containsExactly("LlmTimeoutException", Attempt.SUCCESS);
		assertThat(response.metadata().attempts().get(0).duration()).isEqualTo(Duration.ofSeconds(5));
	}

	@Test
	void whenTheTotalTimeoutIsSpentThenTheCallEndsWithIt() throws Exception {
		this.a.byDefault(Reply.hang());
		LlmRouter router = builder().group("embed", (g) -> deployment(g, "a", this.a)).build();
		CompletableFuture<EmbeddingResponse> call = router
			.embedAsync(
					EmbeddingRequest.builder().model("embed").input("x").totalTimeout(Duration.ofSeconds(3)).build())
			.toFuture();
		Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> this.a.hits() == 1);
		this.timer.step(Duration.ofSeconds(3));
		LlmTimeoutException error = (LlmTimeoutException) catchThrowableOfType(ExecutionException.class, call::get)
			.getCause();
		assertThat(error.isTotalTimeout()).isTrue();
		assertThat(outcomes(error.metadata().attempts())).containsExactly("LlmTimeoutException");
	}

	@Test
	void whenTheGroupIsUnknownThenNotFound() {
		LlmRouter router = builder().group("embed", (g) -> deployment(g, "a", this.a)).build();
		LlmException error = failure(router, EmbeddingRequest.of("nope", "x"));
		assertThat(error).isExactlyInstanceOf(NotFoundException.class).hasMessageContaining("nope");
	}

	@Test
	void whenEmbedBlocksThenItAnswersOnACallerThread() {
		this.a.enqueue(EmbeddingWire.base64(VECTOR));
		LlmRouter router = builder().group("embed", (g) -> deployment(g, "a", this.a)).build();
		assertThat(router.embed(EmbeddingRequest.of("embed", "x")).vector()).containsExactly(VECTOR);
	}

	@Test
	void whenEmbedBlocksOnANonBlockingThreadThenItRefuses() {
		LlmRouter router = builder().group("embed", (g) -> deployment(g, "a", this.a)).build();
		Throwable error = Mono.fromCallable(() -> router.embed(EmbeddingRequest.of("embed", "x")))
			.subscribeOn(Schedulers.parallel())
			.map(Object.class::cast)
			.onErrorResume(Mono::just)
			.block(Duration.ofSeconds(10)) instanceof Throwable thrown ? thrown : null;
		assertThat(error).isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("LlmRouter.embed(..)")
			.hasMessageContaining("embedAsync(..)");
		assertThat(this.a.hits()).isZero();
	}

	@Test
	void whenEmbeddingCallsRetryAndFallBackThenListenersAndMetersSeeThem() throws Exception {
		this.a.byDefault(Reply.status(503));
		this.b.enqueue(EmbeddingWire.base64(VECTOR));
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		List<Object> events = new CopyOnWriteArrayList<>();
		LlmRouterListener recorder = new LlmRouterListener() {

			@Override
			public void onRetry(RetryEvent event) {
				events.add(event);
			}

			@Override
			public void onFallback(FallbackEvent event) {
				events.add(event);
			}

			@Override
			public void onSuccess(SuccessEvent event) {
				events.add(event);
			}

			@Override
			public void onFailure(FailureEvent event) {
				events.add(event);
			}

			@Override
			public void onCooldown(CooldownEvent event) {
				events.add(event);
			}

		};
		LlmRouter router = builder().numRetries(1)
			.component(LlmRouterListener.class, new LlmRouterMetrics(registry))
			.component(LlmRouterListener.class, recorder)
			.group("primary", (g) -> deployment(g, "a", this.a).fallbacks("secondary"))
			.group("secondary", (g) -> deployment(g, "b", this.b))
			.build();
		embed(router, "primary");
		assertThat(events).extracting((event) -> event.getClass().getSimpleName())
			.containsExactly("RetryEvent", "FallbackEvent", "SuccessEvent");
		assertThat(registry.get("llm.router.requests")
			.tags("model.group", "primary", "outcome", "success")
			.timer()
			.count()).isEqualTo(1);
		assertThat(registry.get("llm.router.attempts")
			.tags("model.group", "primary", "deployment", "a", "outcome", "ServiceUnavailableException")
			.counter()
			.count()).isEqualTo(2);
		assertThat(registry.get("llm.router.retries").tags("model.group", "primary").counter().count()).isEqualTo(1);
		assertThat(registry.get("llm.router.fallbacks").tags("from", "primary", "to", "secondary").counter().count())
			.isEqualTo(1);
	}

}
