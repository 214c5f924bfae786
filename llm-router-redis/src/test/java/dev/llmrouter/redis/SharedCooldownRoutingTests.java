package dev.llmrouter.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import dev.llmrouter.Attempt;
import dev.llmrouter.ChatRequest;
import dev.llmrouter.ChatResponse;
import dev.llmrouter.LlmRouter;
import dev.llmrouter.routing.DeploymentStateStore;
import dev.llmrouter.RouterView;
import dev.llmrouter.RoutingStrategy;
import dev.llmrouter.routing.SharedDeploymentState;
import dev.llmrouter.test.MockLlmServer;
import dev.llmrouter.test.MockLlmServer.Reply;
import dev.llmrouter.test.RedisServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two routers, each with its own Redis store and connection (two instances), in front of
 * the same two deployments: a 429 that instance A gets keeps instance B off that
 * deployment within 100 ms.
 */
class SharedCooldownRoutingTests {

	private final String prefix = "routing" + System.nanoTime() + ":";

	private final RedisServer redis = new RedisServer();

	private final MockLlmServer a = new MockLlmServer();

	private final MockLlmServer b = new MockLlmServer();

	private final LettuceConnectionFactory factoryA = RedisConnections.connectionFactory(this.redis);

	private final LettuceConnectionFactory factoryB = RedisConnections.connectionFactory(this.redis);

	private final RedisDeploymentStateStore storeA = new RedisDeploymentStateStore(this.factoryA, options());

	private final RedisDeploymentStateStore storeB = new RedisDeploymentStateStore(this.factoryB, options());

	@AfterEach
	void close() {
		this.storeA.close();
		this.storeB.close();
		this.factoryA.destroy();
		this.factoryB.destroy();
		this.a.close();
		this.b.close();
		this.redis.close();
	}

	@Test
	void aRateLimitOnInstanceAKeepsInstanceBOffThatDeployment() throws Exception {
		this.storeA.start();
		this.storeB.start();
		LlmRouter routerA = router(this.storeA);
		LlmRouter routerB = router(this.storeB);
		warmUp(routerB);
		this.a.enqueue(Reply.rateLimited(Map.of()));
		ChatResponse first = call(routerA);
		assertThat(first.metadata().attempts()).extracting(Attempt::deployment).containsExactly("a", "b");
		long served = System.nanoTime();
		await().atMost(Duration.ofMillis(100))
			.pollDelay(Duration.ZERO)
			.pollInterval(Duration.ofMillis(1))
			.until(() -> deploymentA(routerB).status().coolingDown());
		System.out.printf("instance B saw instance A's cooldown %.2f ms after A's call returned%n",
				(System.nanoTime() - served) / 1e6);
		for (int i = 0; i < 6; i++) {
			assertThat(call(routerB).metadata().attempts()).extracting(Attempt::deployment).containsExactly("b");
		}
		assertThat(this.a.hits()).isEqualTo(1);
		assertThat(this.b.hits()).isEqualTo(7);
	}

	@Test
	void failuresSplitAcrossInstancesTripAllowedFailsTogether() throws Exception {
		this.storeA.start();
		this.storeB.start();
		LlmRouter routerA = router(this.storeA, 2);
		LlmRouter routerB = router(this.storeB, 2);
		this.a.enqueue(Reply.status(503), Reply.status(503));
		assertThat(call(routerA).metadata().attempts()).extracting(Attempt::deployment).containsExactly("a", "b");
		// one failure is within allowed-fails 2
		assertThat(deploymentA(routerA).status().coolingDown()).isFalse();
		assertThat(call(routerB).metadata().attempts()).extracting(Attempt::deployment).containsExactly("a", "b");
		// the second, on the other instance, makes two within the minute: a cools down on
		// both
		assertThat(deploymentA(routerB).status().coolingDown()).isTrue();
		await().atMost(Duration.ofSeconds(1)).until(() -> deploymentA(routerA).status().coolingDown());
		assertThat(this.a.hits()).isEqualTo(2);
	}

	@Test
	void usageBasedKeepsEachDeploymentUnderItsRpmSummedOverInstances() {
		this.storeA.start();
		this.storeB.start();
		LlmRouter routerA = usageBased(this.storeA);
		LlmRouter routerB = usageBased(this.storeB);
		// the minute is the router's real clock: start with at least 10 s of it left
		await().atMost(Duration.ofSeconds(11)).until(() -> System.currentTimeMillis() % 60_000 < 50_000);
		List<CompletableFuture<ChatResponse>> calls = new ArrayList<>();
		for (int i = 0; i < 30; i++) {
			LlmRouter router = (i % 2 == 0) ? routerA : routerB;
			calls.add(router.chatAsync(ChatRequest.of("gpt", "hi")).toFuture());
		}
		await().atMost(Duration.ofSeconds(20))
			.until(() -> calls.stream().filter(CompletableFuture::isDone).count() >= 20);
		// each instance alone would have sent its 15: the other 10 wait for the next
		// minute
		assertThat(this.a.hits()).isEqualTo(10);
		assertThat(this.b.hits()).isEqualTo(10);
		assertThat(calls.stream().filter(CompletableFuture::isDone).count()).isEqualTo(20);
		calls.forEach((call) -> call.cancel(true));
	}

	@Test
	void fourInstancesFiring400CallsSendAtMost60PerDeploymentInTheMinute() {
		List<LettuceConnectionFactory> factories = new ArrayList<>();
		List<RedisDeploymentStateStore> stores = new ArrayList<>();
		try {
			for (int i = 0; i < 4; i++) {
				LettuceConnectionFactory factory = RedisConnections.connectionFactory(this.redis);
				factories.add(factory);
				RedisDeploymentStateStore store = new RedisDeploymentStateStore(factory, options());
				store.start();
				stores.add(store);
			}
			List<LlmRouter> routers = stores.stream().map((store) -> usageBased(store, 60)).toList();
			// the minute is the router's real clock: start with at least 15 s of it left
			await().atMost(Duration.ofSeconds(16)).until(() -> System.currentTimeMillis() % 60_000 < 45_000);
			List<CompletableFuture<ChatResponse>> calls = new ArrayList<>();
			for (int i = 0; i < 400; i++) {
				calls.add(routers.get(i % 4).chatAsync(ChatRequest.of("gpt", "hi")).toFuture());
			}
			await().atMost(Duration.ofSeconds(30))
				.until(() -> calls.stream().filter(CompletableFuture::isDone).count() >= 120);
			// alone, each instance would have sent 60 to each deployment: 480 in all
			assertThat(this.a.hits()).isEqualTo(60);
			assertThat(this.b.hits()).isEqualTo(60);
			assertThat(calls.stream().filter(CompletableFuture::isDone).count()).isEqualTo(120);
			calls.forEach((call) -> call.cancel(true));
		}
		finally {
			stores.forEach(RedisDeploymentStateStore::close);
			factories.forEach(LettuceConnectionFactory::destroy);
		}
	}

	private LlmRouter usageBased(DeploymentStateStore store) {
		return usageBased(store, 10);
	}

	private LlmRouter usageBased(DeploymentStateStore store, int rpm) {
		return LlmRouter.builder()
			.component(DeploymentStateStore.class, store)
			.routingStrategy(RoutingStrategy.USAGE_BASED)
			.group("gpt",
					(g) -> g.deployment("a", (d) -> d.model("m").baseUrl(this.a.baseUrl()).rpm(rpm))
						.deployment("b", (d) -> d.model("m").baseUrl(this.b.baseUrl()).rpm(rpm)))
			.build();
	}

	/**
	 * One cooldown of deployment b through the channel and back, so that class loading
	 * and the first message's set-up are not what the 100 ms measure.
	 */
	private void warmUp(LlmRouter routerB) {
		SharedDeploymentState b = this.storeA.state("gpt", "b");
		b.coolDownUntil(System.currentTimeMillis() + 60_000).block(Duration.ofSeconds(5));
		await().atMost(Duration.ofSeconds(5)).until(() -> deployment(routerB, "b").status().coolingDown());
		b.clearCooldown().block(Duration.ofSeconds(5));
		await().atMost(Duration.ofSeconds(5)).until(() -> !deployment(routerB, "b").status().coolingDown());
	}

	private LlmRouter router(DeploymentStateStore store) {
		return router(store, 0);
	}

	private LlmRouter router(DeploymentStateStore store, int allowedFails) {
		LlmRouter.Builder builder = LlmRouter.builder();
		if (allowedFails > 0) {
			builder.allowedFails(allowedFails);
		}
		return builder.component(DeploymentStateStore.class, store)
			.random(() -> 0.5)
			.routingStrategy(RoutingStrategy.ROUND_ROBIN)
			.group("gpt",
					(g) -> g.deployment("a", (d) -> d.model("m").baseUrl(this.a.baseUrl()))
						.deployment("b", (d) -> d.model("m").baseUrl(this.b.baseUrl())))
			.build();
	}

	private static ChatResponse call(LlmRouter router) throws Exception {
		return router.chatAsync(ChatRequest.of("gpt", "hi")).block(Duration.ofSeconds(30));
	}

	private static RouterView.Deployment deploymentA(LlmRouter router) {
		return deployment(router, "a");
	}

	private static RouterView.Deployment deployment(LlmRouter router, String id) {
		return router.view()
			.orElseThrow()
			.group("gpt")
			.deployments()
			.stream()
			.filter((deployment) -> deployment.id().equals(id))
			.findFirst()
			.orElseThrow();
	}

	private RedisStateOptions options() {
		return new RedisStateOptions(this.prefix, Duration.ofSeconds(2), Duration.ofMillis(200), Duration.ofSeconds(5));
	}

}
