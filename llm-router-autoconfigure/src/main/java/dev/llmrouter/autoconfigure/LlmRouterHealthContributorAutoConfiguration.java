package dev.llmrouter.autoconfigure;

import dev.llmrouter.LlmRouter;
import dev.llmrouter.actuate.LlmRouterHealthIndicator;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configures the {@code llmRouter} health contributor
 * ({@code management.health.llmrouter.enabled}, default on).
 *
 * @author llm-router
 */
@AutoConfiguration(after = LlmRouterAutoConfiguration.class,
		beforeName = "org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration")
@ConditionalOnClass({ HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class })
@ConditionalOnBean(LlmRouter.class)
@ConditionalOnEnabledHealthIndicator("llmrouter")
public final class LlmRouterHealthContributorAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "llmRouterHealthIndicator")
	LlmRouterHealthIndicator llmRouterHealthIndicator(LlmRouter router) {
		return new LlmRouterHealthIndicator(router);
	}

}
