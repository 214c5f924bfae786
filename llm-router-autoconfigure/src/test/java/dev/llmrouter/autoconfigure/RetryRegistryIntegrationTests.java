package dev.llmrouter.autoconfigure;

import dev.llmrouter.ChatRequest;
import dev.llmrouter.LlmRouter;
import dev.llmrouter.routing.InvalidRouterConfigurationException;
import dev.llmrouter.test.MockLlmServer;
import dev.llmrouter.test.MockLlmServer.Reply;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.springboot.retry.autoconfigure.RetryAutoConfiguration;
import io.github.resilience4j.springboot.retry.autoconfigure.RetryMetricsAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code resilience4j-spring-boot4}'s {@link RetryRegistry} in the application, the
 * router's group retries are registered in it and show in
 * {@code resilience4j.retry.calls}; a Retry of the same name that the application
 * configured itself fails start-up naming it.
 */
class RetryRegistryIntegrationTests {

	private final MockLlmServer server = new MockLlmServer();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LlmRouterAutoConfiguration.class, RetryAutoConfiguration.class,
				RetryMetricsAutoConfiguration.class, MetricsAutoConfiguration.class,
				CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class))
		.withPropertyValues("llm.router.backoff.initial-interval=10ms", "llm.router.groups.gpt.deployments.a.model=m",
				"llm.router.groups.gpt.deployments.a.base-url=" + this.server.baseUrl());

	@AfterEach
	void close() {
		this.server.close();
	}

	@Test
	void whenApplicationHasRetryRegistryThenGroupRetriesAreRegisteredInIt() {
		this.contextRunner.run((context) -> {
			context.getBean(LlmRouter.class);
			assertThat(context.getBean(RetryRegistry.class).getAllRetries()).extracting(Retry::getName)
				.contains("llm-router.gpt");
		});
	}

	@Test
	void whenResilience4jPropertiesConfigureTheGroupsInstanceThenStartupFailsNamingIt() {
		this.contextRunner.withPropertyValues("resilience4j.retry.instances.[llm-router.gpt].max-attempts=7")
			.run((context) -> assertForeignInstance(context));
	}

	@Test
	void whenApplicationsRetryRegistryAlreadyHoldsTheGroupsInstanceThenStartupFailsNamingIt() {
		this.contextRunner.withUserConfiguration(RegistryWithGroupInstance.class)
			.run((context) -> assertForeignInstance(context));
	}

	@Test
	void whenResilience4jPropertiesConfigureOtherInstancesThenRouterStarts() {
		this.contextRunner
			.withPropertyValues("resilience4j.retry.instances.backend.max-attempts=7",
					"resilience4j.retry.configs.default.max-attempts=5")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				RetryRegistry registry = context.getBean(RetryRegistry.class);
				assertThat(registry.getAllRetries()).extracting(Retry::getName).contains("backend", "llm-router.gpt");
				assertThat(registry.retry("backend").getRetryConfig().getMaxAttempts()).isEqualTo(7);
			});
	}

	private static void assertForeignInstance(AssertableApplicationContext context) {
		String property = "resilience4j.retry.instances.llm-router.gpt";
		assertThat(context).hasFailed();
		Throwable failure = context.getStartupFailure();
		assertThat(failure).rootCause()
			.isInstanceOf(InvalidRouterConfigurationException.class)
			.hasMessageContaining("'" + property + "'");
		FailureAnalysis analysis = new LlmRouterConfigurationFailureAnalyzer().analyze(failure);
		assertThat(analysis).isNotNull();
		assertThat(analysis.getDescription()).contains("Property: " + property + "\n")
			.contains("already has a Retry named 'llm-router.gpt'");
		assertThat(analysis.getAction()).contains("Remove that instance or give it another name");
	}

	@Test
	void whenCallRetriedThenResilience4jRetryMetricsCountIt() {
		this.contextRunner.run((context) -> {
			this.server.enqueue(Reply.status(500));
			context.getBean(LlmRouter.class).chat(ChatRequest.of("gpt", "hi"));
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			assertThat(meters.get("resilience4j.retry.calls")
				.tags("name", "llm-router.gpt", "kind", "successful_with_retry")
				.functionCounter()
				.count()).isEqualTo(1);
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class RegistryWithGroupInstance {

		@Bean
		RetryRegistry retryRegistry() {
			RetryRegistry registry = RetryRegistry.ofDefaults();
			registry.retry("llm-router.gpt", RetryConfig.custom().maxAttempts(7).build());
			return registry;
		}

	}

}
