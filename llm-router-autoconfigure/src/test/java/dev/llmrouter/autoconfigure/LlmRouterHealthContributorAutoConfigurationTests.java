package dev.llmrouter.autoconfigure;

import dev.llmrouter.actuate.LlmRouterHealthIndicator;
import dev.llmrouter.LlmRouter;
import dev.llmrouter.test.UserRouter;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link LlmRouterHealthContributorAutoConfiguration}.
 */
class LlmRouterHealthContributorAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LlmRouterAutoConfiguration.class,
				LlmRouterHealthContributorAutoConfiguration.class))
		.withPropertyValues("llm.router.groups.gpt.deployments.a.model=m",
				"llm.router.groups.gpt.deployments.a.base-url=http://127.0.0.1:9/v1");

	@Test
	void whenRouterThenHealthUpWithGroupDetails() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasBean("llmRouterHealthIndicator");
			Health health = context.getBean(LlmRouterHealthIndicator.class).health();
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails()).containsOnlyKeys("gpt");
		});
	}

	@Test
	void whenHealthIndicatorDisabledThenNoBean() {
		this.contextRunner.withPropertyValues("management.health.llmrouter.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(LlmRouterHealthIndicator.class));
	}

	@Test
	void whenNoRouterThenNoBean() {
		this.contextRunner.withPropertyValues("llm.router.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(LlmRouterHealthIndicator.class));
	}

	@Test
	void whenUserRouterOffersNoViewThenHealthUnknownWithTheReason() {
		this.contextRunner
			.withBean(LlmRouter.class, () -> UserRouter.withoutView(UserRouter.built("http://127.0.0.1:9/v1", "gpt")))
			.run((context) -> {
				Health health = context.getBean(LlmRouterHealthIndicator.class).health();
				assertThat(health.getStatus()).isEqualTo(Status.UNKNOWN);
				assertThat(health.getDetails()).containsOnlyKeys("reason");
				assertThat((String) health.getDetails().get("reason")).contains(UserRouter.class.getName())
					.contains("offers no RouterView");
			});
	}

	@Test
	void whenUserRouterPassesOnTheViewOfABuiltOneThenHealthShowsItsGroups() {
		this.contextRunner
			.withBean(LlmRouter.class,
					() -> UserRouter.passingOnView(UserRouter.built("http://127.0.0.1:9/v1", "claude", "mini")))
			.run((context) -> {
				Health health = context.getBean(LlmRouterHealthIndicator.class).health();
				assertThat(health.getStatus()).isEqualTo(Status.UP);
				assertThat(health.getDetails()).containsOnlyKeys("claude", "mini");
			});
	}

}
