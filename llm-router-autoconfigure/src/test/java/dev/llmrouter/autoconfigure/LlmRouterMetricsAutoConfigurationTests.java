package dev.llmrouter.autoconfigure;

import dev.llmrouter.ChatRequest;
import dev.llmrouter.LlmRouter;
import dev.llmrouter.observation.DeploymentAvailabilityMeterBinder;
import dev.llmrouter.observation.LlmRouterMetrics;
import dev.llmrouter.test.MockLlmServer;
import dev.llmrouter.test.UserRouter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link LlmRouterMetricsAutoConfiguration}.
 */
class LlmRouterMetricsAutoConfigurationTests {

	private final MockLlmServer server = new MockLlmServer();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LlmRouterAutoConfiguration.class,
				LlmRouterMetricsAutoConfiguration.class, MetricsAutoConfiguration.class,
				CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class))
		.withPropertyValues("llm.router.groups.gpt.deployments.a.model=m",
				"llm.router.groups.gpt.deployments.a.base-url=" + this.server.baseUrl());

	@AfterEach
	void close() {
		this.server.close();
	}

	@Test
	void whenMeterRegistryThenListenerAndAvailabilityGauges() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(LlmRouterMetrics.class)
				.hasSingleBean(DeploymentAvailabilityMeterBinder.class);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.get("llm.router.deployment.available")
				.tags("model.group", "gpt", "deployment", "a")
				.gauge()
				.value()).isEqualTo(1);
		});
	}

	@Test
	void whenCallMadeThenRouterCountsIntoTheApplicationRegistry() {
		this.contextRunner.run((context) -> {
			context.getBean(LlmRouter.class).chat(ChatRequest.of("gpt", "hi"));
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.get("llm.router.requests")
				.tags("model.group", "gpt", "outcome", "success")
				.timer()
				.count()).isEqualTo(1);
		});
	}

	@Test
	void whenPercentilesHistogramPropertySetThenPrometheusShowsRequestBuckets() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(LlmRouterAutoConfiguration.class,
					LlmRouterMetricsAutoConfiguration.class, MetricsAutoConfiguration.class,
					CompositeMeterRegistryAutoConfiguration.class, PrometheusMetricsExportAutoConfiguration.class))
			.withPropertyValues("llm.router.groups.gpt.deployments.a.model=m",
					"llm.router.groups.gpt.deployments.a.base-url=" + this.server.baseUrl(),
					"management.metrics.distribution.percentiles-histogram.llm.router.requests=true")
			.run((context) -> {
				context.getBean(LlmRouter.class).chat(ChatRequest.of("gpt", "hi"));
				assertThat(context.getBean(PrometheusMeterRegistry.class).scrape())
					.contains("llm_router_requests_seconds_bucket{")
					.contains("llm_router_requests_seconds_count{model_group=\"gpt\",outcome=\"success\"} 1");
			});
	}

	@Test
	void whenPercentilesPropertySetThenRequestsTimerPublishesThem() {
		this.contextRunner
			.withPropertyValues("management.metrics.distribution.percentiles.llm.router.requests=0.5,0.99")
			.run((context) -> {
				context.getBean(LlmRouter.class).chat(ChatRequest.of("gpt", "hi"));
				Timer timer = context.getBean(MeterRegistry.class).get("llm.router.requests").timer();
				assertThat(timer.takeSnapshot().percentileValues()).hasSize(2);
			});
	}

	@Test
	void whenNoDistributionPropertyThenNoPercentiles() {
		this.contextRunner.run((context) -> {
			context.getBean(LlmRouter.class).chat(ChatRequest.of("gpt", "hi"));
			Timer timer = context.getBean(MeterRegistry.class).get("llm.router.requests").timer();
			assertThat(timer.takeSnapshot().percentileValues()).isEmpty();
		});
	}

	@Test
	void whenNoMeterRegistryThenNoMeters() {
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(LlmRouterAutoConfiguration.class, LlmRouterMetricsAutoConfiguration.class))
			.withPropertyValues("llm.router.groups.gpt.deployments.a.model=m",
					"llm.router.groups.gpt.deployments.a.base-url=" + this.server.baseUrl())
			.run((context) -> assertThat(context).hasSingleBean(LlmRouter.class)
				.doesNotHaveBean(LlmRouterMetrics.class)
				.doesNotHaveBean(DeploymentAvailabilityMeterBinder.class));
	}

	@Test
	void whenRouterDisabledThenNoMeters() {
		this.contextRunner.withPropertyValues("llm.router.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(LlmRouterMetrics.class)
				.doesNotHaveBean(DeploymentAvailabilityMeterBinder.class));
	}

	@Test
	void whenApplicationDefinesMetricsThenAutoConfiguredOneBacksOff() {
		this.contextRunner
			.withBean("customMetrics", LlmRouterMetrics.class,
					() -> new LlmRouterMetrics(new io.micrometer.core.instrument.simple.SimpleMeterRegistry()))
			.run((context) -> assertThat(context).getBean(LlmRouterMetrics.class)
				.isSameAs(context.getBean("customMetrics")));
	}

	@Test
	void whenUserRouterOffersNoViewThenNoAvailabilityGauges() {
		this.contextRunner
			.withBean(LlmRouter.class, () -> UserRouter.withoutView(UserRouter.built(this.server.baseUrl(), "gpt")))
			.run((context) -> {
				assertThat(context).hasSingleBean(DeploymentAvailabilityMeterBinder.class);
				assertThat(context.getBean(MeterRegistry.class).find("llm.router.deployment.available").gauges())
					.isEmpty();
			});
	}

	@Test
	void whenUserRouterPassesOnTheViewOfABuiltOneThenGaugesShowItsDeployments() {
		this.contextRunner
			.withBean(LlmRouter.class,
					() -> UserRouter.passingOnView(UserRouter.built(this.server.baseUrl(), "claude", "mini")))
			.run((context) -> {
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				assertThat(registry.find("llm.router.deployment.available").gauges())
					.extracting((gauge) -> gauge.getId().getTag("model.group"))
					.containsExactlyInAnyOrder("claude", "mini");
				assertThat(registry.get("llm.router.deployment.available")
					.tags("model.group", "claude", "deployment", "a")
					.gauge()
					.value()).isEqualTo(1);
			});
	}

}
