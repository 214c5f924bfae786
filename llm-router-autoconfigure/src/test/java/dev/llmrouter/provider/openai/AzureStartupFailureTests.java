package dev.llmrouter.provider.openai;

import dev.llmrouter.autoconfigure.LlmRouterAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that Azure OpenAI settings in the wrong place fail start-up through the Spring
 * context, naming the property and the fix.
 */
class AzureStartupFailureTests {

	private static final String DEPLOYMENT = "llm.router.groups.gpt.deployments.east.";

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LlmRouterAutoConfiguration.class, WebClientAutoConfiguration.class))
		.withPropertyValues(DEPLOYMENT + "model=gpt-4o", DEPLOYMENT + "api-key=azure-test-SECRETKEY1234567890");

	@Test
	void whenBaseUrlCarriesAQueryStringThenStartupFailsNamingBaseUrlAndApiVersion() {
		this.contextRunner
			.withPropertyValues(DEPLOYMENT + "provider=azure-openai", DEPLOYMENT
					+ "base-url=https://my-resource.openai.azure.com/openai/deployments/gpt?api-version=2024-10-21")
			.run((context) -> assertFailure(context, DEPLOYMENT + "base-url", "carries a query string",
					"api-version goes in the deployment's api-version (with azure-deployment)"));
	}

	@Test
	void whenAzureDeploymentIsSetOnAnOpenAiDeploymentThenStartupFailsNamingIt() {
		this.contextRunner
			.withPropertyValues(DEPLOYMENT + "provider=openai", DEPLOYMENT + "base-url=https://api.openai.com/v1",
					DEPLOYMENT + "azure-deployment=gpt-4o-prod")
			.run((context) -> assertFailure(context, DEPLOYMENT + "azure-deployment",
					"a setting of provider 'azure-openai'", "set provider: azure-openai"));
	}

	@Test
	void whenApiVersionIsSetWithoutAzureDeploymentThenStartupFailsNamingIt() {
		this.contextRunner
			.withPropertyValues(DEPLOYMENT + "provider=azure-openai",
					DEPLOYMENT + "base-url=https://my-resource.openai.azure.com", DEPLOYMENT + "api-version=2024-10-21")
			.run((context) -> assertFailure(context, DEPLOYMENT + "api-version", "azure-deployment is not",
					"Set azure-deployment"));
	}

	@Test
	void whenAzureSettingsAreRightThenTheContextStarts() {
		this.contextRunner
			.withPropertyValues(DEPLOYMENT + "provider=azure-openai",
					DEPLOYMENT + "base-url=https://my-resource.openai.azure.com",
					DEPLOYMENT + "azure-deployment=gpt-4o-prod", DEPLOYMENT + "api-version=2024-10-21")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	private static void assertFailure(AssertableApplicationContext context, String property, String reason,
			String fix) {
		assertThat(context).hasFailed();
		assertThat(context.getStartupFailure()).rootCause()
			.hasMessageContaining("'" + property + "'")
			.hasMessageContaining(reason)
			.hasMessageContaining(fix)
			.hasMessageNotContaining("SECRETKEY");
	}

}
