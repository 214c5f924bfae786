package dev.llmrouter.redis.autoconfigure;

import dev.llmrouter.redis.RedisDeploymentStateStore;
import dev.llmrouter.routing.DeploymentStateStore;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;

/**
 * With {@code llm.router.state.store=redis}, a {@link RedisDeploymentStateStore} over the
 * application's {@link ReactiveRedisConnectionFactory}, which the router's
 * auto-configuration takes as its {@link DeploymentStateStore}.
 *
 * @author llm-router
 */
@AutoConfiguration(beforeName = "dev.llmrouter.autoconfigure.LlmRouterAutoConfiguration",
		afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration")
@ConditionalOnProperty(prefix = "llm.router.state", name = "store", havingValue = "redis")
@EnableConfigurationProperties(LlmRouterStateProperties.class)
public final class RedisStateAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(ReactiveRedisConnectionFactory.class)
	static class RedisStoreConfiguration {

		@Bean(initMethod = "start", destroyMethod = "close")
		@ConditionalOnMissingBean(DeploymentStateStore.class)
		RedisDeploymentStateStore llmRouterRedisStateStore(LlmRouterStateProperties properties,
				ObjectProvider<ReactiveRedisConnectionFactory> connectionFactory) {
			ReactiveRedisConnectionFactory factory = connectionFactory.getIfAvailable();
			if (factory == null) {
				throw new IllegalStateException("llm.router.state.store=redis needs a ReactiveRedisConnectionFactory:"
						+ " add spring-boot-starter-data-redis-reactive and set spring.data.redis.*"
						+ " (or set llm.router.state.store=memory)");
			}
			return new RedisDeploymentStateStore(factory, properties.getRedis().toOptions());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingClass("org.springframework.data.redis.connection.ReactiveRedisConnectionFactory")
	static class MissingRedisConfiguration {

		MissingRedisConfiguration() {
			throw new IllegalStateException("llm.router.state.store=redis needs Spring Data Redis on the class path:"
					+ " add spring-boot-starter-data-redis-reactive and set spring.data.redis.*"
					+ " (or set llm.router.state.store=memory)");
		}

	}

}
