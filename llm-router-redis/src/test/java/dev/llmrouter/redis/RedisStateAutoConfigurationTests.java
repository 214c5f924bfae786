package dev.llmrouter.redis;

import java.time.Duration;

import dev.llmrouter.LlmRouter;
import dev.llmrouter.autoconfigure.LlmRouterAutoConfiguration;
import dev.llmrouter.redis.autoconfigure.RedisStateAutoConfiguration;
import dev.llmrouter.routing.DeploymentStateStore;
import dev.llmrouter.RouterView;
import dev.llmrouter.StateStoreStatus;
import dev.llmrouter.test.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code llm.router.state.store=redis} makes a Redis store over the application's
 * connection; without one start-up fails naming the property and the fix.
 */
class RedisStateAutoConfigurationTests {

	private static RedisServer server;

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(RedisStateAutoConfiguration.class));

	@BeforeAll
	static void startRedis() {
		server = new RedisServer();
	}

	@AfterAll
	static void stopRedis() {
		server.close();
	}

	@Test
	void whenTheStoreIsRedisThenTheStoreUsesTheApplicationsConnection() {
		this.runner
			.withBean(ReactiveRedisConnectionFactory.class, () -> RedisConnections.connectionFactory(server),
					(definition) -> definition.setDestroyMethodName("destroy"))
			.withPropertyValues("llm.router.state.store=redis", "llm.router.state.redis.key-prefix=app:")
			.run((context) -> {
				assertThat(context).hasSingleBean(DeploymentStateStore.class);
				RedisDeploymentStateStore store = context.getBean(RedisDeploymentStateStore.class);
				assertThat(store.options().keyPrefix()).isEqualTo("app:");
				assertThat(store.healthy()).isTrue();
			});
	}

	@Test
	void theRouterKeepsItsDeploymentStateInTheRedisStore() {
		this.runner.withConfiguration(AutoConfigurations.of(LlmRouterAutoConfiguration.class))
			.withBean(ReactiveRedisConnectionFactory.class, () -> RedisConnections.connectionFactory(server),
					(definition) -> definition.setDestroyMethodName("destroy"))
			.withPropertyValues("llm.router.state.store=redis", "llm.router.state.redis.key-prefix=wired:",
					"llm.router.groups.gpt.deployments.east.model=gpt-4o",
					"llm.router.groups.gpt.deployments.east.base-url=http://127.0.0.1:9")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				RedisDeploymentStateStore store = context.getBean(RedisDeploymentStateStore.class);
				long until = System.currentTimeMillis() + 60_000;
				assertThat(store.state("gpt", "east").coolDownUntil(until).block(Duration.ofSeconds(5))).isTrue();
				RouterView.Deployment east = context.getBean(LlmRouter.class)
					.view()
					.orElseThrow()
					.group("gpt")
					.deployments()
					.get(0);
				assertThat(east.status().coolingDown()).isTrue();
				StateStoreStatus status = context.getBean(LlmRouter.class).view().orElseThrow().stateStore();
				assertThat(status.kind()).isEqualTo("redis");
				assertThat(status.available()).isTrue();
				assertThat(status.details()).containsEntry("keyPrefix", "wired:").containsKey("instance");
			});
	}

	@Test
	void byDefaultThereIsNoRedisStore() {
		this.runner.withBean(ReactiveRedisConnectionFactory.class, () -> RedisConnections.connectionFactory(server))
			.run((context) -> assertThat(context).doesNotHaveBean(DeploymentStateStore.class));
	}

	@Test
	void whenTheStoreIsRedisWithoutAConnectionThenStartUpFailsNamingTheFix() {
		this.runner.withPropertyValues("llm.router.state.store=redis")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("llm.router.state.store=redis")
				.hasMessageContaining("spring-boot-starter-data-redis-reactive"));
	}

}
