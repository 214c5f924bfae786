package dev.llmrouter.autoconfigure;

import dev.llmrouter.LlmRouter;
import dev.llmrouter.observation.DeploymentAvailabilityMeterBinder;
import dev.llmrouter.observation.LlmRouterMetrics;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configures the router's Micrometer meters ({@code llm.router.*}) when the
 * application has a {@link MeterRegistry}.
 *
 * @author llm-router
 */
@AutoConfiguration(after = LlmRouterAutoConfiguration.class, afterName = {
		"org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration" })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean({ MeterRegistry.class, LlmRouter.class })
public final class LlmRouterMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	LlmRouterMetrics llmRouterMetrics(MeterRegistry meterRegistry) {
		return new LlmRouterMetrics(meterRegistry);
	}

	@Bean
	@ConditionalOnMissingBean
	DeploymentAvailabilityMeterBinder llmRouterDeploymentAvailability(LlmRouter router) {
		return new DeploymentAvailabilityMeterBinder(router);
	}

}
