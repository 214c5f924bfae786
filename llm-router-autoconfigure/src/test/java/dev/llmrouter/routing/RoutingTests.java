package dev.llmrouter.routing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.llmrouter.RouterView;
import dev.llmrouter.RoutingStrategy;
import dev.llmrouter.Attempt;
import dev.llmrouter.ChatRequest;
import dev.llmrouter.ChatResponse;
import dev.llmrouter.LlmRouter;
import dev.llmrouter.error.NoDeploymentAvailableException;
import dev.llmrouter.test.MockLlmServer;
import dev.llmrouter.test.MockLlmServer.Reply;
import dev.llmrouter.test.TestTimer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Load balancing and cooldowns across deployments (CONTRACT §3 "Deployments, routing and
 * cooldowns"), each deployment a separate loopback server.
 */
class RoutingTests {

	private final MockLlmServer a = new MockLlmServer();

	private final MockLlmServer b = new MockLlmServer();

	private final TestTimer timer = new TestTimer();

	@AfterEach
	void close() {
		this.a.close();
		this.b.close();
	}

	private LlmRouter.Builder builder(RoutingStrategy strategy) {
		return LlmRouter.builder()
			.timer(this.timer)
			.random(() -> 0.5)
			.routingStrategy(strategy)
			.group("gpt", (g) -> g.deployment("a", (d) -> d.model("m").baseUrl(this.a.baseUrl()))
				.deployment("b", (d) -> d.model("m").baseUrl(this.b.baseUrl())));
	}

	private ChatResponse call(LlmRouter router) throws Exception {
		return this.timer.run(router.chatAsync(ChatRequest.of("gpt", "hi"))).get();
	}

	private static List<String> deployments(ChatResponse response) {
		return response.metadata().attempts().stream().map(Attempt::deployment).toList();
	}

	@Test
	void whenOneDeploymentAlwaysFailsThenEveryCallIsAnsweredWithoutBackoff() throws Exception {
		this.a.byDefault(Reply.status(500));
		LlmRouter router = builder(RoutingStrategy.SIMPLE_SHUFFLE).build();
		for (int i = 0; i < 20; i++) {
			ChatResponse response = call(router);
			assertThat(response.metadata().deployment()).isEqualTo("b");
			assertThat(response.metadata().attempts()).allMatch((attempt) -> attempt.backoff().isZero());
		}
		assertThat(this.timer.advanced()).isEmpty();
		assertThat(this.a.hits()).isLessThanOrEqualTo(3);
	}

	@Test
	void whenWeightsAreThreeToOneThenThreeQuartersGoToTheHeavyDeployment() throws Exception {
		AtomicInteger sequence = new AtomicInteger();
		LlmRouter router = LlmRouter.builder()
			.timer(this.timer)
			.random(() -> (sequence.getAndIncrement() % 400) / 400.0)
			.group("gpt",
					(g) -> g.deployment("heavy", (d) -> d.model("m").baseUrl(this.a.baseUrl()).weight(3))
						.deployment("light", (d) -> d.model("m").baseUrl(this.b.baseUrl()).weight(1)))
			.build();
		for (int i = 0; i < 400; i++) {
			call(router);
		}
		assertThat(this.a.hits()).isEqualTo(300);
		assertThat(this.b.hits()).isEqualTo(100);
	}

	@Test
	void whenWeightsAreMissingThenRpmWeighsTheShuffle() throws Exception {
		AtomicInteger sequence = new AtomicInteger();
		LlmRouter router = LlmRouter.builder()
			.timer(this.timer)
			.random(() -> (sequence.getAndIncrement() % 100) / 100.0)
			.group("gpt",
					(g) -> g.deployment("big", (d) -> d.model("m").baseUrl(this.a.baseUrl()).rpm(900))
						.deployment("small", (d) -> d.model("m").baseUrl(this.b.baseUrl()).rpm(100)))
			.build();
		for (int i = 0; i < 100; i++) {
			call(router);
		}
		assertThat(this.a.hits()).isEqualTo(90);
	}

	@Test
	void whenRoundRobinThenDeploymentsAlternate() throws Exception {
		LlmRouter router = builder(RoutingStrategy.ROUND_ROBIN).build();
		List<String> served = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			served.add(call(router).metadata().deployment());
		}
		assertThat(served).containsExactly("a", "b", "a", "b", "a", "b");
	}

	@Test
	void whenRetryHasAnotherDeploymentThenItGoesThereAtOnce() throws Exception {
		this.a.enqueue(Reply.status(503));
		ChatResponse response = call(builder(RoutingStrategy.ROUND_ROBIN).build());
		assertThat(deployments(response)).containsExactly("a", "b");
		assertThat(response.metadata().attempts()).extracting(Attempt::backoff)
			.containsExactly(Duration.ZERO, Duration.ZERO);
		assertThat(this.timer.advanced()).isEmpty();
	}

	@Test
	void whenRateLimitedWithRetryAfterThenDeploymentIsOutForThatLong() throws Exception {
		this.a.enqueue(Reply.rateLimited(Map.of("Retry-After", "2")));
		LlmRouter router = builder(RoutingStrategy.ROUND_ROBIN).build();
		assertThat(deployments(call(router))).containsExactly("a", "b");
		for (int i = 0; i < 4; i++) {
			assertThat(deployments(call(router))).containsExactly("b");
		}
		this.timer.advance(Duration.ofMillis(1999));
		assertThat(deployments(call(router))).containsExactly("b");
		this.timer.advance(Duration.ofMillis(1));
		List<String> served = new ArrayList<>();
		for (int i = 0; i < 2; i++) {
			served.add(call(router).metadata().deployment());
		}
		assertThat(served).contains("a");
	}

	@Test
	void whenAllowedFailsReachedThenDeploymentCoolsAndComesBackAfterCooldownTime() throws Exception {
		this.a.byDefault(Reply.status(500));
		LlmRouter router = builder(RoutingStrategy.ROUND_ROBIN).allowedFails(2)
			.cooldownTime(Duration.ofSeconds(7))
			.build();
		for (int i = 0; i < 6; i++) {
			call(router);
		}
		assertThat(this.a.hits()).isEqualTo(2);
		this.timer.advance(Duration.ofSeconds(7));
		this.a.byDefault(Reply.completion("back"));
		List<String> served = new ArrayList<>();
		for (int i = 0; i < 2; i++) {
			served.add(call(router).metadata().deployment());
		}
		assertThat(served).contains("a");
	}

	@Test
	void whenDeploymentSetsItsOwnCooldownTimeThenItWins() throws Exception {
		this.a.enqueue(Reply.status(500));
		LlmRouter router = LlmRouter.builder()
			.timer(this.timer)
			.routingStrategy(RoutingStrategy.ROUND_ROBIN)
			.allowedFails(1)
			.cooldownTime(Duration.ofSeconds(5))
			.group("gpt",
					(g) -> g
						.deployment("a",
								(d) -> d.model("m").baseUrl(this.a.baseUrl()).cooldownTime(Duration.ofSeconds(30)))
						.deployment("b", (d) -> d.model("m").baseUrl(this.b.baseUrl())))
			.build();
		call(router);
		assertThat(status(router, "a").cooldownUntil())
			.isEqualTo(Instant.ofEpochMilli(this.timer.now(TimeUnit.MILLISECONDS) + 30_000));
	}

	@Test
	void whenBadRequestThenDeploymentNeverCools() throws Exception {
		this.a.byDefault(Reply.error(400, "invalid_request_error", null, "bad", Map.of()));
		LlmRouter router = builder(RoutingStrategy.ROUND_ROBIN).allowedFails(1).build();
		for (int i = 0; i < 6; i++) {
			this.timer.run(router.chatAsync(ChatRequest.of("gpt", "hi"))).handle((response, error) -> null).get();
		}
		assertThat(this.a.hits()).isEqualTo(3);
		assertThat(status(router, "a").cooldownUntil()).isNull();
	}

	@Test
	void whenSecondCooldownIsShorterThenTheDeadlineIsNotShortened() throws Exception {
		this.a.enqueue(Reply.rateLimited(Map.of("Retry-After", "30")), Reply.rateLimited(Map.of("Retry-After", "1")));
		DeploymentStateStore store = DeploymentStateStore.inMemory();
		LlmRouter router = builder(RoutingStrategy.ROUND_ROBIN).component(DeploymentStateStore.class, store).build();
		call(router);
		SharedDeploymentState state = store.state("gpt", "a");
		long deadline = state.cooldownUntil();
		assertThat(deadline).isEqualTo(this.timer.now(TimeUnit.MILLISECONDS) + 30_000);
		state.clearCooldown();
		state.coolDownUntil(deadline);
		assertThat(state.coolDownUntil(deadline - 29_000).block()).isFalse();
		assertThat(state.cooldownUntil()).isEqualTo(deadline);
	}

	@Test
	void whenEveryDeploymentCoolsAndRetriesRemainThenTheCallWaitsForTheEarliest() throws Exception {
		this.a.enqueue(Reply.rateLimited(Map.of("Retry-After", "3")));
		this.b.enqueue(Reply.rateLimited(Map.of("Retry-After", "5")));
		ChatResponse response = call(builder(RoutingStrategy.ROUND_ROBIN).build());
		assertThat(deployments(response)).containsExactly("a", "b", "a");
		assertThat(this.timer.advanced()).containsExactly(Duration.ofSeconds(3));
	}

	@Test
	void whenEveryDeploymentCoolsBeyondMaxRetryAfterThenNoDeploymentAvailableWithTheRealWait() {
		this.a.enqueue(Reply.rateLimited(Map.of("Retry-After", "120")));
		this.b.enqueue(Reply.rateLimited(Map.of("Retry-After", "90")));
		CompletableFuture<ChatResponse> result = this.timer
			.run(builder(RoutingStrategy.ROUND_ROBIN).build().chatAsync(ChatRequest.of("gpt", "hi")));
		ExecutionException thrown = catchThrowableOfType(ExecutionException.class, result::get);
		assertThat(thrown.getCause()).isInstanceOf(NoDeploymentAvailableException.class);
		assertThat(((NoDeploymentAvailableException) thrown.getCause()).retryAfter()).contains(Duration.ofSeconds(90));
	}

	@Test
	void whenLeastBusyThenTheIdleDeploymentIsChosen() throws Exception {
		this.a.enqueue(Reply.hang());
		LlmRouter router = builder(RoutingStrategy.LEAST_BUSY).build();
		CompletableFuture<ChatResponse> hanging = router.chatAsync(ChatRequest.of("gpt", "hi")).toFuture();
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> this.a.hits() == 1);
		for (int i = 0; i < 3; i++) {
			assertThat(call(router).metadata().deployment()).isEqualTo("b");
		}
		hanging.cancel(true);
	}

	@Test
	void whenLatencyBasedThenTheFasterDeploymentIsChosen() {
		this.a.byDefault(Reply.delayed(Duration.ofMillis(80), Reply.completion("slow")));
		LlmRouter router = LlmRouter.builder()
			.routingStrategy(RoutingStrategy.LATENCY_BASED)
			.group("gpt",
					(g) -> g.deployment("a", (d) -> d.model("m").baseUrl(this.a.baseUrl()))
						.deployment("b", (d) -> d.model("m").baseUrl(this.b.baseUrl())))
			.build();
		for (int i = 0; i < 4; i++) {
			router.chat(ChatRequest.of("gpt", "warm up"));
		}
		int slowBefore = this.a.hits();
		for (int i = 0; i < 10; i++) {
			assertThat(router.chat(ChatRequest.of("gpt", "hi")).metadata().deployment()).isEqualTo("b");
		}
		assertThat(this.a.hits()).isEqualTo(slowBefore);
	}

	@Test
	void whenUsageBasedThenNoDeploymentGoesAboveItsRpmInTheMinute() throws Exception {
		LlmRouter router = LlmRouter.builder()
			.timer(this.timer)
			.routingStrategy(RoutingStrategy.USAGE_BASED)
			.group("gpt",
					(g) -> g.deployment("a", (d) -> d.model("m").baseUrl(this.a.baseUrl()).rpm(10))
						.deployment("b", (d) -> d.model("m").baseUrl(this.b.baseUrl()).rpm(10)))
			.build();
		List<CompletableFuture<ChatResponse>> calls = new ArrayList<>();
		for (int i = 0; i < 30; i++) {
			calls.add(router.chatAsync(ChatRequest.of("gpt", "hi")).toFuture());
		}
		Awaitility.await()
			.atMost(Duration.ofSeconds(20))
			.until(() -> calls.stream().filter(CompletableFuture::isDone).count() == 20);
		assertThat(this.a.hits()).isEqualTo(10);
		assertThat(this.b.hits()).isEqualTo(10);
		assertThat(this.timer.nextWait(Duration.ofMinutes(2))).contains(Duration.ofMinutes(1));
		this.timer.advance(Duration.ofMinutes(1));
		CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(20, java.util.concurrent.TimeUnit.SECONDS);
		assertThat(this.a.hits() + this.b.hits()).isEqualTo(30);
		assertThat(this.a.hits()).isLessThanOrEqualTo(20);
		assertThat(this.b.hits()).isLessThanOrEqualTo(20);
	}

	private static RouterView.DeploymentStatus status(LlmRouter router, String deployment) {
		RouterView.Group group = router.view().orElseThrow().group("gpt");
		return group.deployments().stream().filter((d) -> d.id().equals(deployment)).findFirst().orElseThrow().status();
	}

}
