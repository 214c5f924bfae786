package dev.llmrouter.redis;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.llmrouter.routing.SharedDeploymentState;
import dev.llmrouter.test.RedisServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances in two JVMs share one real {@code redis-server}: the cooldown the other
 * JVM takes reaches this one, and the in-flight leases it held stop counting once it is
 * killed.
 */
class SeparateJvmTests {

	private final String prefix = "jvm" + System.nanoTime() + ":";

	private final RedisServer redis = new RedisServer();

	private final LettuceConnectionFactory factory = RedisConnections.connectionFactory(this.redis);

	private final RedisDeploymentStateStore store = new RedisDeploymentStateStore(this.factory,
			new RedisStateOptions(this.prefix, Duration.ofSeconds(2), Duration.ofMillis(100), Duration.ofMillis(500)));

	private Process other;

	@AfterEach
	void close() {
		if (this.other != null) {
			this.other.destroyForcibly();
		}
		this.store.close();
		this.factory.destroy();
		this.redis.close();
	}

	@Test
	void aCooldownFromAnotherJvmArrivesAndItsLeasesLapseWhenItIsKilled() throws Exception {
		this.store.start();
		SharedDeploymentState state = this.store.state("gpt", "one");
		String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
		this.other = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
				SecondInstance.class.getName(), Integer.toString(this.redis.port()), this.prefix)
			.redirectErrorStream(true)
			.start();
		CompletableFuture<Boolean> ready = CompletableFuture.supplyAsync(() -> {
			try (BufferedReader out = new BufferedReader(
					new InputStreamReader(this.other.getInputStream(), StandardCharsets.UTF_8))) {
				String line;
				while ((line = out.readLine()) != null) {
					if (line.equals("READY")) {
						return true;
					}
				}
				return false;
			}
			catch (Exception ex) {
				return false;
			}
		});
		assertThat(ready.get(60, TimeUnit.SECONDS)).as("the other JVM started").isTrue();
		await().atMost(Duration.ofSeconds(5)).until(() -> state.cooldownUntil() > System.currentTimeMillis() + 500_000);
		await().atMost(Duration.ofSeconds(5)).until(() -> state.inFlight() == 3);
		this.other.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
		await().atMost(Duration.ofSeconds(10)).until(() -> state.inFlight() == 0);
		assertThat(state.cooldownUntil()).as("the cooldown outlives the instance that took it")
			.isGreaterThan(System.currentTimeMillis() + 500_000);
	}

}
