package dev.llmrouter.autoconfigure;

import dev.llmrouter.actuate.LlmRouterEndpoint;
import dev.llmrouter.LlmRouter;
import dev.llmrouter.test.UserRouter;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link LlmRouterEndpointAutoConfiguration}.
 */
class LlmRouterEndpointAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(LlmRouterAutoConfiguration.class, LlmRouterEndpointAutoConfiguration.class))
		.withPropertyValues("llm.router.groups.gpt.deployments.a.model=m",
				"llm.router.groups.gpt.deployments.a.base-url=http://127.0.0.1:9/v1",
				"llm.router.groups.gpt.deployments.a.api-key=sk-0123456789abcd");

	@Test
	void whenExposedThenEndpointDescribesTheRouter() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=llmrouter").run((context) -> {
			assertThat(context).hasSingleBean(LlmRouterEndpoint.class);
			LlmRouterEndpoint.RouterDescriptor router = context.getBean(LlmRouterEndpoint.class).router();
			assertThat(router.groups().get("gpt").deployments().get("a").apiKey()).isEqualTo("****abcd");
		});
	}

	@Test
	void whenNotExposedThenNoEndpoint() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(LlmRouterEndpoint.class));
	}

	@Test
	void whenExposedButDisabledThenNoEndpoint() {
		this.contextRunner
			.withPropertyValues("management.endpoints.web.exposure.include=llmrouter",
					"management.endpoint.llmrouter.access=NONE")
			.run((context) -> assertThat(context).doesNotHaveBean(LlmRouterEndpoint.class));
	}

	@Test
	void whenNoRouterThenNoEndpoint() {
		this.contextRunner
			.withPropertyValues("management.endpoints.web.exposure.include=llmrouter", "llm.router.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(LlmRouterEndpoint.class));
	}

	@Test
	void whenUserRouterOffersNoViewThenEndpointSaysSoInsteadOfListingNoGroups() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=llmrouter")
			.withBean(LlmRouter.class, () -> UserRouter.withoutView(UserRouter.built("http://127.0.0.1:9/v1", "gpt")))
			.run((context) -> {
				LlmRouterEndpoint endpoint = context.getBean(LlmRouterEndpoint.class);
				LlmRouterEndpoint.RouterDescriptor router = endpoint.router();
				assertThat(router.router()).isEqualTo(UserRouter.class.getName());
				assertThat(router.unavailable()).contains(UserRouter.class.getName())
					.contains("offers no RouterView")
					.contains("view()");
				assertThat(router.groups()).isEmpty();
				assertThat(endpoint.group("gpt")).isNull();
				assertThat(endpoint.clearCooldown("gpt", "a")).isNull();
			});
	}

	@Test
	void whenUserRouterPassesOnTheViewOfABuiltOneThenEndpointShowsItsGroups() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=llmrouter")
			.withBean(LlmRouter.class,
					() -> UserRouter.passingOnView(UserRouter.built("http://127.0.0.1:9/v1", "claude", "mini")))
			.run((context) -> {
				LlmRouterEndpoint endpoint = context.getBean(LlmRouterEndpoint.class);
				LlmRouterEndpoint.RouterDescriptor router = endpoint.router();
				assertThat(router.unavailable()).isNull();
				assertThat(router.groups()).containsOnlyKeys("claude", "mini");
				assertThat(router.groups().get("claude").deployments()).containsOnlyKeys("a");
				assertThat(endpoint.group("claude")).isNotNull();
			});
	}

}
