package dev.llmrouter.autoconfigure;

import dev.llmrouter.LlmRouter;
import dev.llmrouter.LlmRouterCustomizer;
import dev.llmrouter.observation.GenAiTokenUsageObservationHandler;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configures observation of routed calls when the application has an
 * {@link ObservationRegistry}: one {@code gen_ai.client.operation.duration} observation
 * per call, a child {@code llm.router.attempt} per attempt, and with a
 * {@link MeterRegistry} the {@code gen_ai.client.token.usage} histogram.
 *
 * @author llm-router
 */
@AutoConfiguration(after = LlmRouterAutoConfiguration.class, afterName = {
		"org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration" })
@ConditionalOnBean({ ObservationRegistry.class, LlmRouter.class })
public final class LlmRouterObservationAutoConfiguration {

	@Bean
	LlmRouterCustomizer llmRouterObservationCustomizer(ObservationRegistry observationRegistry) {
		return (builder) -> builder.component(ObservationRegistry.class, observationRegistry);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	@ConditionalOnBean(MeterRegistry.class)
	static class TokenUsageConfiguration {

		@Bean
		@ConditionalOnMissingBean
		GenAiTokenUsageObservationHandler genAiTokenUsageObservationHandler(MeterRegistry meterRegistry) {
			return new GenAiTokenUsageObservationHandler(meterRegistry);
		}

	}

}
