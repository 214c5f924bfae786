package dev.llmrouter.autoconfigure;

import java.util.Collection;
import java.util.List;

import dev.llmrouter.client.AbstractLlmClientsRegistrar;
import dev.llmrouter.client.LlmClient;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.core.type.AnnotationMetadata;

/**
 * Registers the {@link LlmClient} interfaces in the application's
 * {@link AutoConfigurationPackages auto-configuration packages}.
 *
 * @author llm-router
 */
class AutoConfigurationPackagesLlmClientsRegistrar extends AbstractLlmClientsRegistrar {

	@Override
	protected Collection<String> getBasePackages(AnnotationMetadata importingClassMetadata) {
		BeanFactory beanFactory = getBeanFactory();
		return AutoConfigurationPackages.has(beanFactory) ? AutoConfigurationPackages.get(beanFactory) : List.of();
	}

}
