package dev.llmrouter.autoconfigure;

import dev.llmrouter.ChatRequest;
import dev.llmrouter.LlmRouter;
import dev.llmrouter.observation.GenAiTokenUsageObservationHandler;
import dev.llmrouter.test.MockLlmServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link LlmRouterObservationAutoConfiguration}.
 */
class LlmRouterObservationAutoConfigurationTests {

	private final MockLlmServer server = new MockLlmServer();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(LlmRouterAutoConfiguration.class, LlmRouterObservationAutoConfiguration.class,
						ObservationAutoConfiguration.class, MetricsAutoConfiguration.class,
						CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class))
		.withPropertyValues("llm.router.groups.gpt.deployments.a.model=m",
				"llm.router.groups.gpt.deployments.a.base-url=" + this.server.baseUrl());

	@AfterEach
	void close() {
		this.server.close();
	}

	@Test
	void whenObservationRegistryThenCallsAreObserved() {
		TestObservationRegistry registry = TestObservationRegistry.create();
		this.contextRunner.withBean(TestObservationRegistry.class, () -> registry).run((context) -> {
			context.getBean(LlmRouter.class).chat(ChatRequest.of("gpt", "hi"));
			TestObservationRegistryAssert.assertThat(registry)
				.hasObservationWithNameEqualTo("gen_ai.client.operation.duration")
				.that()
				.hasLowCardinalityKeyValue("gen_ai.request.model", "gpt");
		});
	}

	@Test
	void whenMeterRegistryThenOperationDurationAndTokenUsageMeters() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(GenAiTokenUsageObservationHandler.class);
			context.getBean(LlmRouter.class).chat(ChatRequest.of("gpt", "hi"));
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			assertThat(meters.get("gen_ai.client.operation.duration").tag("gen_ai.system", "openai").timer().count())
				.isEqualTo(1);
			assertThat(
					meters.get("gen_ai.client.token.usage").tag("gen_ai.token.type", "output").summary().totalAmount())
				.isEqualTo(12);
		});
	}

	@Test
	void whenNoObservationRegistryThenNothingIsObserved() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(LlmRouterAutoConfiguration.class,
					LlmRouterObservationAutoConfiguration.class))
			.withPropertyValues("llm.router.groups.gpt.deployments.a.model=m",
					"llm.router.groups.gpt.deployments.a.base-url=" + this.server.baseUrl())
			.run((context) -> assertThat(context).hasSingleBean(LlmRouter.class)
				.doesNotHaveBean(GenAiTokenUsageObservationHandler.class)
				.doesNotHaveBean("llmRouterObservationCustomizer"));
	}

}
