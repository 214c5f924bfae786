package dev.llmrouter.sample;

import java.time.Duration;
import java.util.Map;

import dev.llmrouter.routing.DeploymentStateStore;
import dev.llmrouter.test.RedisServer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code redis} profile: two instances of the sample app share one real
 * {@code redis-server}; a cooldown taken by instance A shows on instance B's
 * {@code llmrouter} endpoint, and both report the store UP in their health.
 *
 * @author llm-router
 */
class RedisProfileTests {

	/** One prefix for both instances, of this run only. */
	private static final String PREFIX = "sample-test" + System.nanoTime() + ":";

	private static RedisServer redis;

	private static ConfigurableApplicationContext a;

	private static ConfigurableApplicationContext b;

	@BeforeAll
	static void start() {
		redis = new RedisServer();
		a = instance();
		b = instance();
	}

	@AfterAll
	static void stop() {
		if (b != null) {
			b.close();
		}
		if (a != null) {
			a.close();
		}
		redis.close();
	}

	@Test
	@SuppressWarnings("unchecked")
	void whenInstanceATakesACooldownThenInstanceBShowsIt() {
		Map<String, Object> health = get(b, "/actuator/health/llmRouterState");
		assertThat(health).containsEntry("status", "UP");
		assertThat((Map<String, Object>) health.get("details")).containsEntry("store", "redis");
		assertThat((Map<String, Object>) get(b, "/actuator/llmrouter").get("stateStore")).containsEntry("kind", "redis")
			.containsEntry("available", true);
		// what the router does when a deployment of instance A answers 429
		a.getBean(DeploymentStateStore.class)
			.state("fast", "fast-a")
			.coolDownUntil(System.currentTimeMillis() + 60_000)
			.block(Duration.ofSeconds(5));
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
			Map<String, Object> deployments = (Map<String, Object>) get(b, "/actuator/llmrouter/fast")
				.get("deployments");
			return Boolean.TRUE.equals(((Map<String, Object>) deployments.get("fast-a")).get("coolingDown"));
		});
	}

	private static ConfigurableApplicationContext instance() {
		// command-line arguments: above application.yml, as an operator's would be
		return new SpringApplicationBuilder(SampleApplication.class).profiles("redis")
			.run("--server.port=0", "--REDIS_HOST=127.0.0.1", "--REDIS_PORT=" + redis.port(),
					"--llm.router.state.redis.key-prefix=" + PREFIX);
	}

	private static Map<String, Object> get(ConfigurableApplicationContext context, String path) {
		int port = ((WebServerApplicationContext) context).getWebServer().getPort();
		return WebClient.create("http://127.0.0.1:" + port)
			.get()
			.uri(path)
			.retrieve()
			.bodyToMono(new ParameterizedTypeReference<Map<String, Object>>() {
			})
			.block(Duration.ofSeconds(10));
	}

}
