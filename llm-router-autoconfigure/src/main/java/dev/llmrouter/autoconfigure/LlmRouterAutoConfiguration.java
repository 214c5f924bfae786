package dev.llmrouter.autoconfigure;

import dev.llmrouter.LlmRouter;
import dev.llmrouter.LlmRouterCustomizer;
import dev.llmrouter.observation.LlmRouterListener;
import dev.llmrouter.provider.LlmCredentialsProvider;
import dev.llmrouter.provider.LlmProvider;
import dev.llmrouter.RetryPolicy;
import dev.llmrouter.routing.DeploymentStateStore;
import dev.llmrouter.routing.InvalidRouterConfigurationException;
import io.github.resilience4j.retry.RetryRegistry;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Auto-configures an {@link LlmRouter} from the {@code llm.router.*} properties, sending
 * its requests through the application's {@link WebClient.Builder} so that Boot's
 * customizers (codecs, SSL, observation, proxies) apply, with a connector that never
 * follows redirects. {@link LlmProvider}, {@link LlmRouterListener},
 * {@link DeploymentStateStore} and {@link RetryRegistry} beans are handed to the router,
 * and {@link LlmRouterCustomizer} beans adjust its builder last, all in order.
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

	private static final String STATE_STORE = "llm.router.state.store";

	@Bean
	@ConditionalOnMissingBean
	LlmRouter llmRouter(LlmRouterProperties properties, RetryPolicy retryPolicy,
			ObjectProvider<WebClient.Builder> webClientBuilder, ObjectProvider<LlmProvider> providers,
			ObjectProvider<LlmRouterListener> listeners, ObjectProvider<DeploymentStateStore> stateStore,
			ObjectProvider<RetryRegistry> retryRegistry, ObjectProvider<LlmCredentialsProvider> credentials,
			ObjectProvider<LlmRouterCustomizer> customizers, BeanFactory beanFactory, ResourceLoader resourceLoader) {
		LlmRouter.Builder builder = LlmRouter.builder();
		RouterSettingsMapper.apply(properties, retryPolicy, builder);
		builder.component(WebClient.class, ProviderWebClient.create(webClientBuilder.getIfAvailable(WebClient::builder),
				beanFactory, resourceLoader.getClassLoader()));
		providers.orderedStream().forEach((provider) -> builder.component(LlmProvider.class, provider));
		listeners.orderedStream().forEach((listener) -> builder.component(LlmRouterListener.class, listener));
		DeploymentStateStore store = stateStore.getIfAvailable();
		if (store != null) {
			builder.component(DeploymentStateStore.class, store);
		}
		else if ("redis".equalsIgnoreCase(beanFactory.getBean(Environment.class).getProperty(STATE_STORE, ""))) {
			// llm-router-redis, when on the class path, provides the store or fails
			// itself
			throw new InvalidRouterConfigurationException(STATE_STORE,
					"is redis, but no shared DeploymentStateStore is configured (llm-router-redis is not on the class path)",
					"Add the dependency dev.llmrouter:llm-router-redis (with Spring Data Redis), or remove the property"
							+ " to keep state in memory.");
		}
		retryRegistry.ifAvailable((registry) -> builder.component(RetryRegistry.class, registry));
		credentials.orderedStream().forEach((provider) -> builder.component(LlmCredentialsProvider.class, provider));
		customizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
		return builder.build();
	}

}
