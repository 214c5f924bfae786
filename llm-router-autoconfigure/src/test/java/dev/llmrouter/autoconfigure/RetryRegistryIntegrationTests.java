package dev.llmrouter.autoconfigure;

import dev.llmrouter.ChatRequest;
import dev.llmrouter.LlmRouter;
import dev.llmrouter.test.MockOpenAiServer;
import dev.llmrouter.test.MockOpenAiServer.Reply;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.springboot.retry.autoconfigure.RetryAutoConfiguration;
import io.github.resilience4j.springboot.retry.autoconfigure.RetryMetricsAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code resilience4j-spring-boot4}'s {@link RetryRegistry} in the application, the
 * router's group retries are registered in it and show in
 * {@code resilience4j.retry.calls}.
 */
class RetryRegistryIntegrationTests {

	private final MockOpenAiServer server = new MockOpenAiServer();

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

}
