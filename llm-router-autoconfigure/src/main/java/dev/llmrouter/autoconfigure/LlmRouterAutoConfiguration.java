package dev.llmrouter.autoconfigure;

import dev.llmrouter.LlmRouter;
import dev.llmrouter.LlmRouterCustomizer;
import dev.llmrouter.observation.LlmRouterListener;
import dev.llmrouter.retry.RetryPolicy;
import dev.llmrouter.routing.DeploymentStateStore;
import io.github.resilience4j.retry.RetryRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Auto-configures an {@link LlmRouter} from the {@code llm.router.*} properties, sending
 * its requests through the application's {@link WebClient.Builder} so that Boot's
 * customizers (codecs, SSL, observation, proxies) apply.
 *
 * @author llm-router
 */
@AutoConfiguration(afterName = "org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration")
@ConditionalOnClass(WebClient.class)
@ConditionalOnBooleanProperty(name = "llm.router.enabled", matchIfMissing = true)
@EnableConfigurationProperties(LlmRouterProperties.class)
public final class LlmRouterAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	RetryPolicy llmRouterRetryPolicy(LlmRouterProperties properties) {
		return RouterSettingsMapper.retryPolicy(properties.getRetryPolicy(), "retry-policy.");
	}

	@Bean
	@ConditionalOnMissingBean
	LlmRouter llmRouter(LlmRouterProperties properties, RetryPolicy retryPolicy,
			ObjectProvider<WebClient.Builder> webClientBuilder, ObjectProvider<LlmRouterListener> listeners,
			ObjectProvider<DeploymentStateStore> stateStore, ObjectProvider<RetryRegistry> retryRegistry,
			ObjectProvider<LlmRouterCustomizer> customizers) {
		LlmRouter.Builder builder = LlmRouter.builder()
			.settings(RouterSettingsMapper.map(properties, retryPolicy))
			.webClient(webClientBuilder.getIfAvailable(WebClient::builder).build());
		listeners.orderedStream().forEach(builder::listener);
		stateStore.ifAvailable(builder::stateStore);
		retryRegistry.ifAvailable(builder::retryRegistry);
		customizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
		return builder.build();
	}

}
