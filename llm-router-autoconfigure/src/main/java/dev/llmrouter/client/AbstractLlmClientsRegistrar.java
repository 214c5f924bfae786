package dev.llmrouter.client;

import java.util.Collection;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanClassLoaderAware;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.beans.factory.config.AutowireCapableBeanFactory;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.ResourceLoaderAware;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.util.Assert;
import org.springframework.util.ClassUtils;

/**
 * Registers a bean for each {@link LlmClient} interface found in the packages a subclass
 * names: one bean definition per interface, by the interface's type, whose instance
 * supplier asks the one shared {@link LlmClientFactory} bean for the proxy (which reads
 * structured answers as the context's {@link StructuredOutputSettings} bean says). An
 * interface already registered (by an earlier import of any registrar) is not registered
 * again.
 *
 * @author llm-router
 * @see EnableLlmClients
 */
public abstract class AbstractLlmClientsRegistrar implements ImportBeanDefinitionRegistrar, EnvironmentAware,
		ResourceLoaderAware, BeanFactoryAware, BeanClassLoaderAware {

	/**
	 * Attribute that marks the bean definition of an {@link LlmClient} proxy.
	 */
	static final String LLM_CLIENT_ATTRIBUTE = LlmClient.class.getName();

	private @Nullable Environment environment;

	private @Nullable ResourceLoader resourceLoader;

	private @Nullable BeanFactory beanFactory;

	private @Nullable ClassLoader beanClassLoader;

	@Override
	public void setEnvironment(Environment environment) {
		this.environment = environment;
	}

	@Override
	public void setResourceLoader(ResourceLoader resourceLoader) {
		this.resourceLoader = resourceLoader;
	}

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		this.beanFactory = beanFactory;
	}

	@Override
	public void setBeanClassLoader(ClassLoader beanClassLoader) {
		this.beanClassLoader = beanClassLoader;
	}

	/**
	 * The bean factory the registrar registers into.
	 * @return the bean factory
	 */
	protected final BeanFactory getBeanFactory() {
		Assert.state(this.beanFactory != null, "BeanFactory has not been set");
		return this.beanFactory;
	}

	/**
	 * The packages to scan for {@link LlmClient} interfaces, sub-packages included.
	 * @param importingClassMetadata the class that imported this registrar
	 * @return the package names
	 */
	protected abstract Collection<String> getBasePackages(AnnotationMetadata importingClassMetadata);

	@Override
	public final void registerBeanDefinitions(AnnotationMetadata importingClassMetadata,
			BeanDefinitionRegistry registry) {
		Collection<String> basePackages = getBasePackages(importingClassMetadata);
		if (basePackages.isEmpty()) {
			return;
		}
		ClassPathScanningCandidateComponentProvider scanner = scanner();
		for (String basePackage : basePackages) {
			for (BeanDefinition candidate : scanner.findCandidateComponents(basePackage)) {
				String typeName = candidate.getBeanClassName();
				if (typeName != null && !registry.containsBeanDefinition(typeName)) {
					registerClient(registry, ClassUtils.resolveClassName(typeName, this.beanClassLoader));
				}
			}
		}
	}

	private <T> void registerClient(BeanDefinitionRegistry registry, Class<T> type) {
		if (!registry.containsBeanDefinition(LlmClientFactory.BEAN_NAME)) {
			RootBeanDefinition factory = new RootBeanDefinition(ContextLlmClientFactory.class);
			factory.setAutowireMode(AutowireCapableBeanFactory.AUTOWIRE_CONSTRUCTOR);
			factory.setRole(BeanDefinition.ROLE_INFRASTRUCTURE);
			registry.registerBeanDefinition(LlmClientFactory.BEAN_NAME, factory);
		}
		RootBeanDefinition client = new RootBeanDefinition(type,
				() -> getBeanFactory().getBean(LlmClientFactory.BEAN_NAME, LlmClientFactory.class).create(type));
		client.setAttribute(LLM_CLIENT_ATTRIBUTE, Boolean.TRUE);
		client.setLazyInit(false);
		registry.registerBeanDefinition(type.getName(), client);
	}

	private ClassPathScanningCandidateComponentProvider scanner() {
		Assert.state(this.environment != null, "Environment has not been set");
		Assert.state(this.resourceLoader != null, "ResourceLoader has not been set");
		ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false,
				this.environment) {

			@Override
			protected boolean isCandidateComponent(AnnotatedBeanDefinition beanDefinition) {
				AnnotationMetadata metadata = beanDefinition.getMetadata();
				return metadata.isIndependent() && metadata.isInterface() && !metadata.isAnnotation();
			}

		};
		scanner.setResourceLoader(this.resourceLoader);
		scanner.addIncludeFilter(new AnnotationTypeFilter(LlmClient.class, false));
		return scanner;
	}

}
