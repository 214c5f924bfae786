package dev.llmrouter.autoconfigure;

import dev.llmrouter.LlmRouter;
import dev.llmrouter.client.LlmClient;
import dev.llmrouter.client.StructuredOutputSettings;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * Registers the {@link LlmClient} interfaces in the application's auto-configuration
 * packages (those of its {@code @SpringBootApplication} class) as beans, and the
 * {@link StructuredOutputSettings} their structured-output methods use: the application's
 * {@link JsonMapper} (a default one when it has none) and
 * {@code llm.router.structured-output.retries}.
 *
 * @author llm-router
 */
@AutoConfiguration(after = LlmRouterAutoConfiguration.class,
		afterName = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration")
@ConditionalOnBean(LlmRouter.class)
@EnableConfigurationProperties(LlmRouterProperties.class)
@Import(AutoConfigurationPackagesLlmClientsRegistrar.class)
public final class LlmClientAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	StructuredOutputSettings llmClientStructuredOutputSettings(LlmRouterProperties properties,
			ObjectProvider<JsonMapper> jsonMapper) {
		return RouterSettingsMapper.structuredOutput(properties.getStructuredOutput(),
				jsonMapper.getIfUnique(() -> JsonMapper.builder().build()));
	}

}
