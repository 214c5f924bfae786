package dev.llmrouter.client;

import dev.llmrouter.ChatChunk;
import dev.llmrouter.ChatRequest;
import dev.llmrouter.ChatResponse;
import dev.llmrouter.autoconfigure.LlmClientAutoConfiguration;
import dev.llmrouter.autoconfigure.LlmRouterAutoConfiguration;
import dev.llmrouter.client.bad.embedchat.EmbedOnChatGroup;
import dev.llmrouter.client.bad.embedfallback.EmbedFallingBackToChat;
import dev.llmrouter.client.bad.embedparam.EmbedManyFromOne;
import dev.llmrouter.client.bad.embedtemplate.EmbedWithTemplate;
import dev.llmrouter.provider.LlmProvider;
import dev.llmrouter.provider.ProviderEndpoint;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An embedding method the proxy cannot serve fails the application's start-up naming the
 * method: a group (or fallback) whose deployments cannot embed, a parameter that does not
 * fit the return type, a message template. Each bad interface sits alone in its own
 * package.
 */
class LlmClientEmbeddingStartupFailureTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LlmRouterAutoConfiguration.class, LlmClientAutoConfiguration.class))
		.withBean(LlmProvider.class, ChatOnlyProvider::new)
		.withPropertyValues("llm.router.groups.embed.deployments.main.model=text-embedding-3-small",
				"llm.router.groups.embed.deployments.main.base-url=http://127.0.0.1:9/v1",
				"llm.router.groups.chat.deployments.east.model=gpt-4o",
				"llm.router.groups.chat.deployments.east.base-url=http://127.0.0.1:9/v1",
				"llm.router.groups.chat.deployments.other.provider=chat-only",
				"llm.router.groups.chat.deployments.other.model=m",
				"llm.router.groups.chat.deployments.other.base-url=http://127.0.0.1:9/v1");

	@Test
	void whenTheGroupCannotEmbedThenStartupFailsNamingTheMethodAndTheGroup() {
		assertFailure(EmbedOnChatGroup.class, EmbedOnChatGroup.class.getName()
				+ "#embed: model group 'chat' does not serve embeddings: its deployments [other (chat-only)] have no"
				+ " embeddings. Name a group whose every deployment's provider serves embeddings (such as openai or"
				+ " azure-openai with an embedding model).");
	}

	@Test
	void whenTheGroupHasAnAnthropicDeploymentThenStartupFailsNamingIt() {
		this.contextRunner.withPropertyValues("llm.router.groups.chat.deployments.other.provider=anthropic")
			.withInitializer((context) -> AutoConfigurationPackages.register((BeanDefinitionRegistry) context,
					EmbedOnChatGroup.class.getPackageName()))
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidLlmClientException.class)
				.hasMessageStartingWith(EmbedOnChatGroup.class.getName()
						+ "#embed: model group 'chat' does not serve embeddings: its deployments [other (anthropic)]"));
	}

	@Test
	void whenAFallbackCannotEmbedThenStartupFailsNamingTheMethodAndTheFallback() {
		assertFailure(EmbedFallingBackToChat.class,
				EmbedFallingBackToChat.class.getName() + "#embed: model group 'chat' does not serve embeddings");
	}

	@Test
	void whenAListMethodTakesOneTextThenStartupFailsNamingTheMethod() {
		assertFailure(EmbedManyFromOne.class, EmbedManyFromOne.class.getName()
				+ "#embedAll: an embedding method returning java.util.List<float[]> takes one List<String> parameter,"
				+ " the texts. Declare float[] embed(String text) or List<float[]> embedAll(List<String> texts)"
				+ " (or their Mono forms).");
	}

	@Test
	void whenAnEmbeddingMethodHasAMessageTemplateThenStartupFailsNamingTheMethod() {
		assertFailure(EmbedWithTemplate.class, EmbedWithTemplate.class.getName()
				+ "#embed: @UserMessage and @SystemMessage do not apply to an embedding method");
	}

	private void assertFailure(Class<?> badInterface, String message) {
		this.contextRunner
			.withInitializer((context) -> AutoConfigurationPackages.register((BeanDefinitionRegistry) context,
					badInterface.getPackageName()))
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.isInstanceOf(InvalidLlmClientException.class)
					.hasMessageStartingWith(message);
			});
	}

	/** An adapter with chat only, as one for a provider without embeddings would be. */
	static final class ChatOnlyProvider implements LlmProvider {

		@Override
		public String id() {
			return "chat-only";
		}

		@Override
		public Mono<ChatResponse> chat(ProviderEndpoint endpoint, ChatRequest request) {
			return Mono.error(new UnsupportedOperationException());
		}

		@Override
		public Flux<ChatChunk> stream(ProviderEndpoint endpoint, ChatRequest request) {
			return Flux.error(new UnsupportedOperationException());
		}

	}

}
