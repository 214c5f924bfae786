package dev.llmrouter.autoconfigure;

import dev.llmrouter.LlmRouter;
import dev.llmrouter.client.LlmClient;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.context.annotation.Import;

/**
 * Registers the {@link LlmClient} interfaces in the application's auto-configuration
 * packages (those of its {@code @SpringBootApplication} class) as beans.
 *
 * @author llm-router
 */
@AutoConfiguration(after = LlmRouterAutoConfiguration.class)
@ConditionalOnBean(LlmRouter.class)
@Import(AutoConfigurationPackagesLlmClientsRegistrar.class)
public final class LlmClientAutoConfiguration {

}
