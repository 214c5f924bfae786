package dev.llmrouter.redis;

import java.time.Duration;

import dev.llmrouter.redis.actuate.StateStoreHealthIndicator;
import dev.llmrouter.redis.autoconfigure.RedisStateAutoConfiguration;
import dev.llmrouter.redis.autoconfigure.StateStoreHealthContributorAutoConfiguration;
import org.awaitility.Awaitility;
import dev.llmrouter.test.RedisServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code llmRouterState} health follows Redis: UP while the store reaches it, DOWN
 * while Redis is stopped, UP again once it is back. Against a real {@code redis-server}.
 */
class StateStoreHealthTests {

	private final RedisServer server = new RedisServer();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(RedisStateAutoConfiguration.class,
				StateStoreHealthContributorAutoConfiguration.class))
		.withBean(ReactiveRedisConnectionFactory.class, () -> RedisConnections.connectionFactory(this.server),
				(definition) -> definition.setDestroyMethodName("destroy"))
		.withPropertyValues("llm.router.state.store=redis", "llm.router.state.redis.key-prefix=health:",
				"llm.router.state.redis.refresh-interval=100ms");

	@AfterEach
	void close() {
		this.server.close();
	}

	@Test
	void whenRedisStopsThenTheStateHealthIsDownAndUpAgainWhenItIsBack() {
		this.runner.run((context) -> {
			assertThat(context).hasBean("llmRouterStateHealthIndicator");
			StateStoreHealthIndicator health = context.getBean(StateStoreHealthIndicator.class);
			assertThat(health.health(true).getStatus()).isEqualTo(Status.UP);
			assertThat(health.health(true).getDetails()).containsEntry("store", "redis")
				.containsEntry("keyPrefix", "health:");
			this.server.stop();
			Awaitility.await()
				.atMost(Duration.ofSeconds(20))
				.until(() -> Status.DOWN.equals(health.health(true).getStatus()));
			assertThat(health.health(true).getDetails()).containsKey("state");
			this.server.start();
			Awaitility.await()
				.atMost(Duration.ofSeconds(20))
				.until(() -> Status.UP.equals(health.health(true).getStatus()));
		});
	}

	@Test
	void whenTheStoreIsInMemoryThenThereIsNoStateHealth() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(RedisStateAutoConfiguration.class,
					StateStoreHealthContributorAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean("llmRouterStateHealthIndicator"));
	}

}
