package dev.llmrouter.redis.autoconfigure;

import dev.llmrouter.redis.RedisDeploymentStateStore;
import dev.llmrouter.redis.actuate.StateStoreHealthIndicator;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configures the {@code llmRouterState} health contributor
 * ({@code management.health.llmrouterstate.enabled}, default on) when the Redis store is
 * in use.
 *
 * @author llm-router
 */
@AutoConfiguration(after = RedisStateAutoConfiguration.class,
		beforeName = "org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration")
@ConditionalOnClass({ HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class })
@ConditionalOnBean(RedisDeploymentStateStore.class)
@ConditionalOnEnabledHealthIndicator("llmrouterstate")
public final class StateStoreHealthContributorAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "llmRouterStateHealthIndicator")
	StateStoreHealthIndicator llmRouterStateHealthIndicator(RedisDeploymentStateStore store) {
		return new StateStoreHealthIndicator(store);
	}

}
