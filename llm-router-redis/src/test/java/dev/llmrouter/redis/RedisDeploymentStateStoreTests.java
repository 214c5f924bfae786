package dev.llmrouter.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.llmrouter.routing.SharedDeploymentState;
import dev.llmrouter.test.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two stores over one real {@code redis-server}, each with its own connection: two
 * instances of an application. What one changes the other sees.
 */
class RedisDeploymentStateStoreTests {

	private static final Duration WAIT = Duration.ofSeconds(5);

	private static RedisServer server;

	private final List<AutoCloseable> closeables = new ArrayList<>();

	private final String prefix = "test" + System.nanoTime() + ":";

	@BeforeAll
	static void startRedis() {
		server = new RedisServer();
	}

	@AfterAll
	static void stopRedis() {
		server.close();
	}

	@AfterEach
	void close() throws Exception {
		for (int i = this.closeables.size() - 1; i >= 0; i--) {
			this.closeables.get(i).close();
		}
	}

	@Test
	void aCooldownTakenByOneInstanceReachesTheOtherWithin100Millis() {
		RedisDeploymentStateStore a = store(options());
		RedisDeploymentStateStore b = store(options());
		SharedDeploymentState stateA = a.state("gpt", "one");
		SharedDeploymentState stateB = b.state("gpt", "one");
		long[] latencies = new long[50];
		for (int i = 0; i < latencies.length; i++) {
			long until = System.currentTimeMillis() + 60_000 + i;
			long start = System.nanoTime();
			assertThat(stateA.coolDownUntil(until).block(WAIT)).isTrue();
			await().atMost(Duration.ofMillis(100))
				.pollDelay(Duration.ZERO)
				.pollInterval(Duration.ofMillis(1))
				.until(() -> stateB.cooldownUntil() == until);
			latencies[i] = System.nanoTime() - start;
		}
		Arrays.sort(latencies);
		System.out.printf("cooldown propagation over %d cooldowns: p50 %.2f ms, p99 %.2f ms, max %.2f ms%n",
				latencies.length, latencies[latencies.length / 2] / 1e6, latencies[latencies.length * 99 / 100] / 1e6,
				latencies[latencies.length - 1] / 1e6);
		assertThat(stateA.coolDownUntil(1).block(WAIT)).isFalse();
		stateB.clearCooldown().block(WAIT);
		await().atMost(Duration.ofMillis(100))
			.pollDelay(Duration.ZERO)
			.pollInterval(Duration.ofMillis(1))
			.until(() -> stateA.cooldownUntil() == 0);
	}

	@Test
	void aShorterCooldownDoesNotMoveTheSharedEnd() {
		SharedDeploymentState stateA = store(options()).state("gpt", "one");
		SharedDeploymentState stateB = store(options()).state("gpt", "one");
		long until = System.currentTimeMillis() + 60_000;
		assertThat(stateA.coolDownUntil(until).block(WAIT)).isTrue();
		assertThat(stateB.coolDownUntil(until - 10_000).block(WAIT)).isFalse();
		assertThat(stateB.cooldownUntil()).isEqualTo(until);
	}

	@Test
	void failuresOnTwoInstancesCountTogether() {
		SharedDeploymentState stateA = store(options()).state("gpt", "one");
		SharedDeploymentState stateB = store(options()).state("gpt", "one");
		long now = 1_000_000;
		assertThat(stateA.failed(now).block(WAIT)).isEqualTo(1);
		assertThat(stateB.failed(now + 1).block(WAIT)).isEqualTo(2);
		assertThat(stateA.failed(now + 2).block(WAIT)).isEqualTo(3);
		// a minute later the first has left the window
		assertThat(stateB.failed(now + 60_000).block(WAIT)).isEqualTo(3);
		stateA.clearCooldown().block(WAIT);
		assertThat(stateB.failed(now + 60_001).block(WAIT)).isEqualTo(1);
	}

	@Test
	void theRequestLimitHoldsSummedOverInstances() {
		SharedDeploymentState stateA = store(options()).state("gpt", "one");
		SharedDeploymentState stateB = store(options()).state("gpt", "one");
		long now = 7 * 60_000 + 5;
		List<Mono<Boolean>> attempts = new ArrayList<>();
		for (int i = 0; i < 30; i++) {
			attempts.add(((i % 2 == 0) ? stateA : stateB).attemptStarted(now, 10));
		}
		List<Boolean> allowed = Flux.merge(attempts).collectList().block(WAIT);
		assertThat(allowed).hasSize(30);
		assertThat(allowed.stream().filter(Boolean::booleanValue)).hasSize(10);
		assertThat(stateA.requestsThisMinute(now)).isEqualTo(10);
		assertThat(stateB.requestsThisMinute(now)).isEqualTo(10);
		// the next minute starts afresh
		assertThat(stateA.attemptStarted(now + 60_000, 10).block(WAIT)).isTrue();
	}

	@Test
	void tokensAreSummedOverInstances() {
		SharedDeploymentState stateA = store(options()).state("gpt", "one");
		SharedDeploymentState stateB = store(options()).state("gpt", "one");
		long now = 3 * 60_000;
		stateA.attemptStarted(now, Long.MAX_VALUE).block(WAIT);
		stateB.attemptStarted(now, Long.MAX_VALUE).block(WAIT);
		stateA.attemptEnded(now, 100).block(WAIT);
		stateB.attemptEnded(now, 50).block(WAIT);
		// tokens go to Redis in batches: each instance sees the sum within a batch and a
		// refresh
		await().atMost(WAIT).until(() -> stateB.tokensThisMinute(now) == 150);
		await().atMost(WAIT).until(() -> stateA.tokensThisMinute(now) == 150);
	}

	@Test
	void requestsWithoutALimitAreCountedHereAtOnceAndInRedisInBatchesExactlyOnce() {
		SharedDeploymentState stateA = store(options()).state("gpt", "one");
		SharedDeploymentState stateB = store(options()).state("gpt", "one");
		long now = 9 * 60_000 + 1;
		for (int i = 0; i < 30; i++) {
			Mono<Boolean> started = stateA.attemptStarted(now, Long.MAX_VALUE);
			// no round trip: the answer is there before anyone subscribes
			assertThat(started.block(Duration.ZERO)).isTrue();
			stateA.attemptEnded(now, 7);
		}
		for (int i = 0; i < 20; i++) {
			stateB.attemptStarted(now, Long.MAX_VALUE);
		}
		assertThat(stateA.requestsThisMinute(now)).isGreaterThanOrEqualTo(30);
		assertThat(stateB.inFlight()).isGreaterThanOrEqualTo(20);
		ReactiveStringRedisTemplate redis = redis();
		await().atMost(WAIT)
			.until(() -> "50".equals(redis.opsForValue().get(this.prefix + "gpt:one:rpm:9").block(WAIT)));
		assertThat(redis.opsForValue().get(this.prefix + "gpt:one:tpm:9").block(WAIT)).isEqualTo("210");
		await().atMost(WAIT).until(() -> stateA.requestsThisMinute(now) == 50 && stateB.requestsThisMinute(now) == 50);
		await().atMost(WAIT).until(() -> stateA.inFlight() == 20 && stateB.inFlight() == 20);
		// more batches add only what is new
		stateB.attemptEnded(now, 0);
		stateA.attemptStarted(now, Long.MAX_VALUE);
		await().atMost(WAIT)
			.until(() -> "51".equals(redis.opsForValue().get(this.prefix + "gpt:one:rpm:9").block(WAIT)));
		await().atMost(WAIT).until(() -> stateA.inFlight() == 20 && stateB.inFlight() == 20);
		assertThat(redis.opsForValue().get(this.prefix + "gpt:one:rpm:9").block(WAIT)).isEqualTo("51");
	}

	@Test
	void theLeasesOfAnInstanceThatDiesExpire() {
		RedisStateOptions options = new RedisStateOptions(this.prefix, Duration.ofSeconds(2), Duration.ofMillis(100),
				Duration.ofMillis(500));
		LettuceConnectionFactory factoryA = RedisConnections.connectionFactory(server);
		RedisDeploymentStateStore a = new RedisDeploymentStateStore(factoryA, options);
		a.start();
		RedisDeploymentStateStore b = store(options);
		SharedDeploymentState stateA = a.state("gpt", "one");
		SharedDeploymentState stateB = b.state("gpt", "one");
		long now = 60_000;
		for (int i = 0; i < 3; i++) {
			assertThat(stateA.attemptStarted(now, Long.MAX_VALUE).block(WAIT)).isTrue();
		}
		assertThat(stateB.attemptStarted(now, Long.MAX_VALUE).block(WAIT)).isTrue();
		await().atMost(WAIT).untilAsserted(() -> assertThat(stateB.inFlight()).isEqualTo(4));
		await().atMost(WAIT).untilAsserted(() -> assertThat(stateA.inFlight()).isEqualTo(4));
		// instance A dies without giving its leases back
		factoryA.destroy();
		long died = System.nanoTime();
		await().atMost(WAIT).untilAsserted(() -> assertThat(stateB.inFlight()).isEqualTo(1));
		System.out.printf("a dead instance's leases stopped counting after %d ms (lease time 500 ms)%n",
				(System.nanoTime() - died) / 1_000_000);
		a.close();
		stateB.attemptEnded(now, 0).block(WAIT);
		assertThat(stateB.inFlight()).isZero();
	}

	@Test
	void foreignValuesUnderThePrefixAreIgnored() {
		RedisDeploymentStateStore a = store(options());
		SharedDeploymentState state = a.state("gpt", "one");
		LettuceConnectionFactory factory = RedisConnections.connectionFactory(server);
		this.closeables.add(factory::destroy);
		ReactiveStringRedisTemplate redis = new ReactiveStringRedisTemplate(factory);
		long now = 11 * 60_000;
		redis.opsForHash().put(this.prefix + "gpt:one:cooldown", "x", "y").block(WAIT);
		redis.opsForValue().set(this.prefix + "gpt:one:rpm:11", "lots").block(WAIT);
		redis.opsForValue().set(this.prefix + "gpt:one:failures", "nonsense").block(WAIT);
		redis.convertAndSend(this.prefix + "cooldowns", "not a cooldown").block(WAIT);
		redis.convertAndSend(this.prefix + "cooldowns", "x\u0000gpt\u0000one").block(WAIT);
		long until = System.currentTimeMillis() + 60_000;
		assertThat(state.coolDownUntil(until).block(WAIT)).isTrue();
		assertThat(state.cooldownUntil()).isEqualTo(until);
		assertThat(state.attemptStarted(now, 10).block(WAIT)).isTrue();
		assertThat(state.requestsThisMinute(now)).isEqualTo(1);
		assertThat(state.failed(now).block(WAIT)).isEqualTo(1);
		assertThat(a.healthy()).isTrue();
	}

	private ReactiveStringRedisTemplate redis() {
		LettuceConnectionFactory factory = RedisConnections.connectionFactory(server);
		this.closeables.add(factory::destroy);
		return new ReactiveStringRedisTemplate(factory);
	}

	private RedisStateOptions options() {
		return new RedisStateOptions(this.prefix, Duration.ofSeconds(2), Duration.ofMillis(200), Duration.ofSeconds(5));
	}

	private RedisDeploymentStateStore store(RedisStateOptions options) {
		LettuceConnectionFactory factory = RedisConnections.connectionFactory(server);
		this.closeables.add(factory::destroy);
		RedisDeploymentStateStore store = new RedisDeploymentStateStore(factory, options);
		store.start();
		this.closeables.add(store);
		return store;
	}

}
