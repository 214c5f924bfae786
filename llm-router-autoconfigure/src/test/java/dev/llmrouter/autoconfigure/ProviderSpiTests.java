package dev.llmrouter.autoconfigure;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.llmrouter.Attempt;
import dev.llmrouter.ChatChunk;
import dev.llmrouter.ChatRequest;
import dev.llmrouter.ChatResponse;
import dev.llmrouter.LlmRouter;
import dev.llmrouter.error.ErrorType;
import dev.llmrouter.error.LlmException;
import dev.llmrouter.provider.LlmProvider;
import dev.llmrouter.provider.ProviderEndpoint;
import dev.llmrouter.provider.ProviderError;
import dev.llmrouter.provider.openai.OpenAiProvider;
import dev.llmrouter.routing.InvalidRouterConfigurationException;
import dev.llmrouter.test.MockLlmServer;
import dev.llmrouter.test.MockLlmServer.Reply;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The provider SPI through auto-configuration (CONTRACT §8, "Custom adapters"): an
 * application {@link LlmProvider} bean serves the deployments naming its id, one with a
 * built-in id replaces the built-in adapter, several are taken in order, an unknown id
 * fails start-up naming the property and the ids there are, and an adapter's own
 * classification of its provider's errors comes before the shared one. The application
 * adapters here speak OpenAI's wire format to a loopback server by delegating to
 * {@link OpenAiProvider}.
 */
class ProviderSpiTests {

	private static final String DEPLOYMENT = "llm.router.groups.gpt.deployments.east.";

	private final MockLlmServer server = new MockLlmServer();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LlmRouterAutoConfiguration.class, WebClientAutoConfiguration.class))
		.withPropertyValues("llm.router.backoff.initial-interval=10ms", DEPLOYMENT + "model=gpt-4o",
				DEPLOYMENT + "base-url=" + this.server.baseUrl(), DEPLOYMENT + "api-key=sk-test-key-0000");

	@AfterEach
	void close() {
		this.server.close();
	}

	@Test
	void whenApplicationAdapterHasItsOwnIdThenDeploymentNamingItIsServedByIt() {
		this.contextRunner.withUserConfiguration(AcmeAdapter.class)
			.withPropertyValues(DEPLOYMENT + "provider=acme")
			.run((context) -> {
				this.server.enqueue(Reply.completion("from acme"));
				ChatResponse response = context.getBean(LlmRouter.class).chat(ChatRequest.of("gpt", "hi"));
				assertThat(response.content()).isEqualTo("from acme");
				assertThat(served(context, "acme")).containsExactly("east via acme");
				assertThat(this.server.hits()).isEqualTo(1);
				assertThat(context.getBean(LlmRouter.class)
					.view()
					.orElseThrow()
					.group("gpt")
					.deployments()
					.get(0)
					.provider()).isEqualTo("acme");
			});
	}

	@Test
	void whenApplicationAdapterHasItsOwnIdThenStreamsToItsDeploymentsUseIt() {
		this.contextRunner.withUserConfiguration(AcmeAdapter.class)
			.withPropertyValues(DEPLOYMENT + "provider=acme")
			.run((context) -> {
				this.server.enqueue(Reply.sse("a", "b", "c"));
				List<String> deltas = context.getBean(LlmRouter.class)
					.stream(ChatRequest.of("gpt", "hi"))
					.filter(ChatChunk::hasContent)
					.map(ChatChunk::content)
					.collectList()
					.block(java.time.Duration.ofSeconds(20));
				assertThat(deltas).containsExactly("a", "b", "c");
				assertThat(served(context, "acme")).containsExactly("east via acme");
			});
	}

	@Test
	void whenApplicationAdapterHasTheBuiltInIdThenItReplacesTheBuiltInAdapter() {
		this.contextRunner.withUserConfiguration(OpenAiReplacement.class).run((context) -> {
			this.server.enqueue(Reply.completion("replaced"));
			assertThat(context.getBean(LlmRouter.class).chat(ChatRequest.of("gpt", "hi")).content())
				.isEqualTo("replaced");
			assertThat(served(context, "openai")).containsExactly("east via openai");
		});
	}

	@Test
	void whenApplicationReplacesOneBuiltInAdapterThenTheOtherStaysBuiltIn() {
		this.contextRunner.withUserConfiguration(OpenAiReplacement.class)
			.withPropertyValues(DEPLOYMENT + "provider=azure-openai")
			.run((context) -> {
				this.server.enqueue(Reply.completion("built-in azure"));
				assertThat(context.getBean(LlmRouter.class).chat(ChatRequest.of("gpt", "hi")).content())
					.isEqualTo("built-in azure");
				assertThat(served(context, "openai")).isEmpty();
				assertThat(this.server.requests().get(0).header("api-key")).isEqualTo("sk-test-key-0000");
			});
	}

	@Test
	void whenSeveralApplicationAdaptersThenEachServesTheDeploymentsNamingIt() {
		this.contextRunner.withUserConfiguration(OrderedAdapters.class)
			.withPropertyValues(DEPLOYMENT + "provider=first",
					"llm.router.groups.other.deployments.west.provider=second",
					"llm.router.groups.other.deployments.west.model=m",
					"llm.router.groups.other.deployments.west.base-url=" + this.server.baseUrl())
			.run((context) -> {
				this.server.byDefault(Reply.completion("ok"));
				LlmRouter router = context.getBean(LlmRouter.class);
				router.chat(ChatRequest.of("gpt", "hi"));
				router.chat(ChatRequest.of("other", "hi"));
				assertThat(served(context, "first")).containsExactly("east via first");
				assertThat(served(context, "second")).containsExactly("west via second");
			});
	}

	@Test
	void whenSeveralApplicationAdaptersThenTheyAreTakenInTheirOrderAfterTheBuiltInOnes() {
		this.contextRunner.withUserConfiguration(OrderedAdapters.class)
			.withPropertyValues(DEPLOYMENT + "provider=cohere")
			.run((context) -> assertThat(analysis(context).getAction())
				.contains("Use one of [openai, azure-openai, anthropic, first, second]"));
	}

	@Test
	void whenTwoApplicationAdaptersShareAnIdThenStartupFailsNamingBoth() {
		this.contextRunner.withUserConfiguration(SameIdAdapters.class)
			.withPropertyValues(DEPLOYMENT + "provider=acme")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.isInstanceOf(InvalidRouterConfigurationException.class)
					.hasMessageContaining("two LlmProvider adapters have the id 'acme'")
					.hasMessageContaining("Give each LlmProvider bean an id() of its own");
			});
	}

	@Test
	void whenDeploymentNamesAnUnknownIdThenStartupFailsNamingThePropertyAndTheIdsAvailable() {
		this.contextRunner.withUserConfiguration(AcmeAdapter.class)
			.withPropertyValues(DEPLOYMENT + "provider=cohere")
			.run((context) -> {
				FailureAnalysis analysis = analysis(context);
				assertThat(analysis.getDescription())
					.contains("Property: llm.router.groups.gpt.deployments.east.provider\n")
					.contains("no provider adapter has the id 'cohere'");
				assertThat(analysis.getAction()).contains("Use one of [openai, azure-openai, anthropic, acme]")
					.contains("define an LlmProvider bean whose id() is 'cohere'");
			});
	}

	@Test
	void whenAdapterClassifiesAnErrorThenItsTypeDecidesTheRetry() {
		this.contextRunner.withUserConfiguration(TeapotAdapter.class)
			.withPropertyValues(DEPLOYMENT + "provider=teapot")
			.run((context) -> {
				this.server.enqueue(Reply.status(418), Reply.completion("brewed"));
				ChatResponse response = context.getBean(LlmRouter.class).chat(ChatRequest.of("gpt", "hi"));
				assertThat(response.content()).isEqualTo("brewed");
				assertThat(this.server.hits()).isEqualTo(2);
				assertThat(response.metadata().retryCount()).isEqualTo(1);
				assertThat(response.metadata().attempts()).extracting(Attempt::outcome)
					.startsWith("RateLimitException");
			});
	}

	@Test
	void whenBuiltInAdapterMeetsTheSameErrorThenTheSharedClassificationDoesNotRetryIt() {
		this.contextRunner.run((context) -> {
			this.server.enqueue(Reply.status(418), Reply.completion("brewed"));
			LlmException error = catchThrowableOfType(LlmException.class,
					() -> context.getBean(LlmRouter.class).chat(ChatRequest.of("gpt", "hi")));
			assertThat(error.errorType()).isNotEqualTo(ErrorType.RATE_LIMIT);
			assertThat(this.server.hits()).isEqualTo(1);
		});
	}

	@Test
	void whenAdapterLeavesAnErrorUnclassifiedThenTheSharedClassificationApplies() {
		this.contextRunner.withUserConfiguration(TeapotAdapter.class)
			.withPropertyValues(DEPLOYMENT + "provider=teapot")
			.run((context) -> {
				this.server.enqueue(Reply.status(429), Reply.completion("ok"));
				ChatResponse response = context.getBean(LlmRouter.class).chat(ChatRequest.of("gpt", "hi"));
				assertThat(response.metadata().attempts()).extracting(Attempt::outcome)
					.startsWith("RateLimitException");
				assertThat(((RecordingAdapter) context.getBean(LlmProvider.class)).classified).containsExactly(429);
			});
	}

	private static FailureAnalysis analysis(AssertableApplicationContext context) {
		assertThat(context).hasFailed();
		Throwable failure = context.getStartupFailure();
		assertThat(failure).rootCause()
			.isInstanceOf(InvalidRouterConfigurationException.class)
			.hasMessageContaining("'llm.router.groups.gpt.deployments.east.provider'");
		FailureAnalysis analysis = new LlmRouterConfigurationFailureAnalyzer().analyze(failure);
		assertThat(analysis).isNotNull();
		return analysis;
	}

	private static List<String> served(AssertableApplicationContext context, String id) {
		return context.getBeansOfType(RecordingAdapter.class)
			.values()
			.stream()
			.filter((adapter) -> adapter.id().equals(id))
			.flatMap((adapter) -> adapter.served.stream())
			.toList();
	}

	/**
	 * An application adapter under an id of its own that speaks OpenAI's wire format and
	 * records the deployments it served.
	 */
	static class RecordingAdapter implements LlmProvider {

		private final String id;

		private final LlmProvider wire = OpenAiProvider.openAi(WebClient.create(), Schedulers.parallel());

		final List<String> served = new CopyOnWriteArrayList<>();

		final List<Integer> classified = new CopyOnWriteArrayList<>();

		RecordingAdapter(String id) {
			this.id = id;
		}

		@Override
		public String id() {
			return this.id;
		}

		@Override
		public Mono<ChatResponse> chat(ProviderEndpoint endpoint, ChatRequest request) {
			this.served.add(endpoint.deploymentId() + " via " + endpoint.provider());
			return this.wire.chat(endpoint, request);
		}

		@Override
		public Flux<ChatChunk> stream(ProviderEndpoint endpoint, ChatRequest request) {
			this.served.add(endpoint.deploymentId() + " via " + endpoint.provider());
			return this.wire.stream(endpoint, request);
		}

		@Override
		public @Nullable ErrorType classify(ProviderError error) {
			this.classified.add(error.status());
			return null;
		}

	}

	/** An adapter whose provider answers 418 when it is busy. */
	static class TeapotRecordingAdapter extends RecordingAdapter {

		TeapotRecordingAdapter() {
			super("teapot");
		}

		@Override
		public @Nullable ErrorType classify(ProviderError error) {
			super.classify(error);
			return (error.status() == 418) ? ErrorType.RATE_LIMIT : null;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class AcmeAdapter {

		@Bean
		RecordingAdapter acme() {
			return new RecordingAdapter("acme");
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OpenAiReplacement {

		@Bean
		RecordingAdapter openAiReplacement() {
			return new RecordingAdapter(OpenAiProvider.OPENAI);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OrderedAdapters {

		@Bean
		@Order(2)
		RecordingAdapter second() {
			return new RecordingAdapter("second");
		}

		@Bean
		@Order(1)
		RecordingAdapter first() {
			return new RecordingAdapter("first");
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class SameIdAdapters {

		@Bean
		@Order(2)
		RecordingAdapter laterAcme() {
			return new RecordingAdapter("acme");
		}

		@Bean
		@Order(1)
		RecordingAdapter earlierAcme() {
			return new RecordingAdapter("acme");
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class TeapotAdapter {

		@Bean
		RecordingAdapter teapot() {
			return new TeapotRecordingAdapter();
		}

	}

}
