package dev.llmrouter.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import dev.llmrouter.LlmRouter;
import dev.llmrouter.autoconfigure.LlmClientAutoConfiguration;
import dev.llmrouter.autoconfigure.LlmRouterAutoConfiguration;
import dev.llmrouter.client.extra.ExtraAssistant;
import dev.llmrouter.client.extra.NotAClient;
import org.junit.jupiter.api.Test;

import org.springframework.aot.generate.ClassNameGenerator;
import org.springframework.aot.generate.DefaultGenerationContext;
import org.springframework.aot.generate.GeneratedFiles.Kind;
import org.springframework.aot.generate.InMemoryGeneratedFiles;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.boot.LazyInitializationBeanFactoryPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.aot.ApplicationContextAotGenerator;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.context.annotation.AnnotationConfigUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.InputStreamSource;
import org.springframework.javapoet.ClassName;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How {@code @LlmClient} interfaces become beans: found in the application's packages and
 * in those {@link EnableLlmClients} names, once each, by type.
 */
class LlmClientRegistrarTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LlmRouterAutoConfiguration.class, LlmClientAutoConfiguration.class))
		.withPropertyValues("llm.router.groups.gpt-4.deployments.main.model=gpt-4o",
				"llm.router.groups.gpt-4.deployments.main.base-url=http://127.0.0.1:9/v1");

	@Test
	void whenEnableLlmClientsNamesAPackageThenItsClientsAreBeansByType() {
		this.contextRunner.withUserConfiguration(ExtraClients.class).run((context) -> {
			assertThat(context).hasSingleBean(ExtraAssistant.class).doesNotHaveBean(NotAClient.class);
			assertThat(context.getBean(ExtraAssistant.class))
				.hasToString("LlmClient proxy for " + ExtraAssistant.class.getName() + " (model group gpt-4)");
		});
	}

	@Test
	void whenAutoConfigurationPackageAndEnableLlmClientsBothCoverAClientThenItIsRegisteredOnce() {
		this.contextRunner.withUserConfiguration(ExtraClients.class)
			.withInitializer((context) -> AutoConfigurationPackages.register((BeanDefinitionRegistry) context,
					ExtraAssistant.class.getPackageName()))
			.run((context) -> {
				assertThat(context).hasSingleBean(ExtraAssistant.class).hasSingleBean(LlmClientFactory.class);
				assertThat(context.getBeanNamesForType(ExtraAssistant.class))
					.containsExactly(ExtraAssistant.class.getName());
			});
	}

	@Test
	void whenApplicationPackageHoldsClientsThenTheyAreRegisteredWithoutSetUp() {
		this.contextRunner
			.withInitializer((context) -> AutoConfigurationPackages.register((BeanDefinitionRegistry) context,
					ExtraAssistant.class.getPackageName()))
			.run((context) -> assertThat(context).hasSingleBean(ExtraAssistant.class));
	}

	@Test
	void whenRouterIsDisabledThenNoClientIsRegisteredByTheAutoConfiguration() {
		this.contextRunner.withPropertyValues("llm.router.enabled=false")
			.withInitializer((context) -> AutoConfigurationPackages.register((BeanDefinitionRegistry) context,
					ExtraAssistant.class.getPackageName()))
			.run((context) -> assertThat(context).doesNotHaveBean(LlmRouter.class)
				.doesNotHaveBean(ExtraAssistant.class)
				.doesNotHaveBean(LlmClientFactory.class));
	}

	@Test
	void whenLazyInitializationIsOnThenClientsAreStillCreatedAtStartup() {
		this.contextRunner.withUserConfiguration(ExtraClients.class)
			.withInitializer(
					(context) -> context.addBeanFactoryPostProcessor(new LazyInitializationBeanFactoryPostProcessor()))
			.run((context) -> assertThat(context.getBeanFactory().containsSingleton(ExtraAssistant.class.getName()))
				.isTrue());
	}

	@Test
	void whenProcessedAheadOfTimeThenInstanceSupplierIsGeneratedAndProxyHintsRegistered() throws IOException {
		GenericApplicationContext context = new GenericApplicationContext();
		AnnotationConfigUtils.registerAnnotationConfigProcessors(context);
		context.registerBean(RouterConfiguration.class);
		context.registerBean(ExtraClients.class);
		DefaultGenerationContext generationContext = new DefaultGenerationContext(
				new ClassNameGenerator(ClassName.get("com.example", "AotTest")), new InMemoryGeneratedFiles());
		new ApplicationContextAotGenerator().processAheadOfTime(context, generationContext);
		generationContext.writeGeneratedContent();
		assertThat(RuntimeHintsPredicates.proxies().forInterfaces(ExtraAssistant.class))
			.accepts(generationContext.getRuntimeHints());
		assertThat(generatedSources((InMemoryGeneratedFiles) generationContext.getGeneratedFiles()))
			.contains("getBean(\"llmClientFactory\", LlmClientFactory.class).create(ExtraAssistant.class)");
	}

	private static String generatedSources(InMemoryGeneratedFiles files) throws IOException {
		StringBuilder sources = new StringBuilder();
		for (InputStreamSource source : files.getGeneratedFiles(Kind.SOURCE).values()) {
			sources.append(new String(source.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
		}
		return sources.toString();
	}

	@Configuration(proxyBeanMethods = false)
	static class RouterConfiguration {

		@Bean
		LlmRouter llmRouter() {
			return LlmRouter.builder()
				.group("gpt-4",
						(group) -> group.deployment("main",
								(deployment) -> deployment.model("gpt-4o").baseUrl("http://127.0.0.1:9/v1")))
				.build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableLlmClients(basePackageClasses = ExtraAssistant.class)
	static class ExtraClients {

	}

}
