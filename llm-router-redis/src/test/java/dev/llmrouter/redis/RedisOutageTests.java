package dev.llmrouter.redis;

import java.time.Duration;

import dev.llmrouter.ChatRequest;
import dev.llmrouter.LlmRouter;
import dev.llmrouter.routing.DeploymentStateStore;
import dev.llmrouter.routing.SharedDeploymentState;
import dev.llmrouter.test.MockLlmServer;
import dev.llmrouter.test.RedisServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Redis stops mid-run: every change goes on with local state, each instance says so once,
 * and when Redis is back on the same port the instances share state again.
 */
@ExtendWith(OutputCaptureExtension.class)
class RedisOutageTests {

	private static final Duration WAIT = Duration.ofSeconds(5);

	private static final String WARNING = "Redis does not answer";

	private final RedisServer redis = new RedisServer();

	private final MockLlmServer llm = new MockLlmServer();

	private final LettuceConnectionFactory factoryA = RedisConnections.connectionFactory(this.redis);

	private final LettuceConnectionFactory factoryB = RedisConnections.connectionFactory(this.redis);

	private final RedisStateOptions options = new RedisStateOptions("outage:", Duration.ofMillis(300),
			Duration.ofMillis(100), Duration.ofSeconds(2));

	private final RedisDeploymentStateStore storeA = new RedisDeploymentStateStore(this.factoryA, this.options);

	private final RedisDeploymentStateStore storeB = new RedisDeploymentStateStore(this.factoryB, this.options);

	@AfterEach
	void close() {
		this.storeA.close();
		this.storeB.close();
		this.factoryA.destroy();
		this.factoryB.destroy();
		this.redis.close();
		this.llm.close();
	}

	@Test
	void whenRedisStopsChangesGoOnLocallyAndTheStoresResynchroniseWhenItIsBack(CapturedOutput output) {
		this.storeA.start();
		this.storeB.start();
		SharedDeploymentState stateA = this.storeA.state("gpt", "one");
		SharedDeploymentState stateB = this.storeB.state("gpt", "one");
		long now = 5 * 60_000;
		assertThat(stateA.attemptStarted(now, 100).block(WAIT)).isTrue();
		stateA.attemptEnded(now, 0).block(WAIT);
		assertThat(this.storeA.healthy()).isTrue();

		LlmRouter router = LlmRouter.builder()
			.component(DeploymentStateStore.class, this.storeA)
			.group("gpt", (g) -> g.deployment("routed", (d) -> d.model("m").baseUrl(this.llm.baseUrl())))
			.build();
		assertThat(router.chatAsync(ChatRequest.of("gpt", "hi")).block(WAIT)).isNotNull();

		this.redis.stop();
		long stopped = System.nanoTime();
		for (int i = 0; i < 20; i++) {
			assertThat(router.chatAsync(ChatRequest.of("gpt", "hi")).block(WAIT)).isNotNull();
		}
		assertThat(this.llm.hits()).isEqualTo(21);
		int allowed = 0;
		for (int i = 0; i < 50; i++) {
			Boolean started = stateA.attemptStarted(now, 100).block(WAIT);
			assertThat(started).isNotNull();
			allowed += started ? 1 : 0;
			stateA.attemptEnded(now, 10).block(WAIT);
			assertThat(stateA.failed(now).block(WAIT)).isPositive();
		}
		System.out.printf("20 routed calls and 50 calls' changes with Redis stopped took %d ms%n",
				(System.nanoTime() - stopped) / 1_000_000);
		assertThat(allowed).isEqualTo(50);
		assertThat(stateA.requestsThisMinute(now)).isEqualTo(51);
		assertThat(stateA.tokensThisMinute(now)).isEqualTo(500);
		assertThat(stateA.inFlight()).isZero();
		long until = System.currentTimeMillis() + 60_000;
		assertThat(stateA.coolDownUntil(until).block(WAIT)).isTrue();
		assertThat(stateA.cooldownUntil()).isEqualTo(until);
		assertThat(this.storeA.healthy()).isFalse();
		await().atMost(WAIT).until(() -> !this.storeB.healthy());
		assertThat(output.getOut().split(WARNING, -1)).hasSize(3);

		this.redis.start();
		long restarted = System.nanoTime();
		await().atMost(Duration.ofSeconds(60)).until(() -> this.storeA.healthy() && this.storeB.healthy());
		System.out.printf("both stores healthy %d ms after Redis restarted%n",
				(System.nanoTime() - restarted) / 1_000_000);
		// the cooldown A took while Redis was away reaches B once it is back
		await().atMost(WAIT).until(() -> stateB.cooldownUntil() == until);
		// and the cooldown channel works again
		long later = until + 1_000;
		assertThat(stateB.coolDownUntil(later).block(WAIT)).isTrue();
		await().atMost(WAIT).until(() -> stateA.cooldownUntil() == later);
		// the 50 requests and 500 tokens A counted while Redis was away (a Redis without
		// persistence, so it came back empty) reach it with A's next batches
		ReactiveStringRedisTemplate redis = new ReactiveStringRedisTemplate(this.factoryB);
		await().atMost(WAIT).until(() -> "50".equals(redis.opsForValue().get("outage:gpt:one:rpm:5").block(WAIT)));
		assertThat(redis.opsForValue().get("outage:gpt:one:tpm:5").block(WAIT)).isEqualTo("500");
		assertThat(output.getOut().split(WARNING, -1)).hasSize(3);
	}

}
