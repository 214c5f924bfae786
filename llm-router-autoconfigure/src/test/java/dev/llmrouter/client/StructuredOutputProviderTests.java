package dev.llmrouter.client;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.llmrouter.CallMetadata;
import dev.llmrouter.ChatChunk;
import dev.llmrouter.ChatMessage;
import dev.llmrouter.ChatRequest;
import dev.llmrouter.ChatResponse;
import dev.llmrouter.Choice;
import dev.llmrouter.ResponseFormat;
import dev.llmrouter.autoconfigure.LlmClientAutoConfiguration;
import dev.llmrouter.autoconfigure.LlmRouterAutoConfiguration;
import dev.llmrouter.client.structured.Classifier;
import dev.llmrouter.client.structured.RequestClassifier;
import dev.llmrouter.client.structured.Sentiment;
import dev.llmrouter.client.structured.Verdict;
import dev.llmrouter.error.StructuredOutputException;
import dev.llmrouter.provider.LlmProvider;
import dev.llmrouter.provider.ProviderEndpoint;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Structured output as an application's own {@link LlmProvider} adapter sees it: the
 * {@link ChatRequest} the proxy builds carries the generated {@link ResponseFormat}, and
 * the adapter's answers (a refusal among them) are read as the OpenAI adapter's are. The
 * adapter is a real one, registered as a bean and named by the deployment, that answers
 * from a script and records what it was asked.
 */
class StructuredOutputProviderTests {

	private static final String DEPLOYMENT = "llm.router.groups.gpt-4.deployments.main.";

	private final ScriptedProvider provider = new ScriptedProvider();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LlmRouterAutoConfiguration.class, LlmClientAutoConfiguration.class))
		.withInitializer((context) -> AutoConfigurationPackages.register((BeanDefinitionRegistry) context,
				Classifier.class.getPackageName()))
		.withBean(LlmProvider.class, () -> this.provider)
		.withPropertyValues(DEPLOYMENT + "provider=scripted", DEPLOYMENT + "model=m",
				DEPLOYMENT + "base-url=http://127.0.0.1:9/v1");

	@Test
	void whenRecordThenRequestCarriesJsonSchemaResponseFormat() {
		this.provider.answers.add(answer("{\"sentiment\":\"POSITIVE\",\"confidence\":1.0,\"reason\":null}", null));
		this.contextRunner.run((context) -> {
			assertThat(context.getBean(Classifier.class).classify("I love it"))
				.isEqualTo(new Verdict(Sentiment.POSITIVE, 1.0, null));
			ResponseFormat format = this.provider.requests.get(0).responseFormat();
			assertThat(format.type()).isEqualTo(ResponseFormat.Type.JSON_SCHEMA);
			assertThat(format.name()).isEqualTo("Verdict");
			JsonNode schema = JsonMapper.builder().build().readTree(format.schema());
			assertThat(schema.get("additionalProperties").asBoolean()).isFalse();
			assertThat(schema.get("properties").propertyNames()).containsExactly("sentiment", "confidence", "reason");
		});
	}

	@Test
	void whenModelRefusesThenStructuredOutputExceptionWithTheRefusalAndNoSecondCall() {
		this.provider.answers.add(answer(null, "I'm sorry, I cannot assist with that request."));
		this.contextRunner.withPropertyValues("llm.router.structured-output.retries=2").run((context) -> {
			StructuredOutputException ex = catchThrowableOfType(StructuredOutputException.class,
					() -> context.getBean(Classifier.class).classify("Something bad"));
			assertThat(ex.rawText()).isEqualTo("I'm sorry, I cannot assist with that request.");
			assertThat(ex.getMessage())
				.isEqualTo(Classifier.class.getName() + "#classify: the answer is not a " + Verdict.class.getName()
						+ ": the model refused to answer: I'm sorry, I cannot assist with that request.");
			assertThat(this.provider.requests).hasSize(1);
		});
	}

	@Test
	void whenCallerSetsAResponseFormatThenItIsKept() {
		this.provider.answers.add(answer("{\"sentiment\":\"POSITIVE\",\"confidence\":1.0,\"reason\":null}", null));
		this.contextRunner.run((context) -> {
			ResponseFormat own = ResponseFormat.jsonObject();
			ChatRequest request = ChatRequest.builder()
				.model("gpt-4")
				.message(ChatMessage.user("I love it"))
				.responseFormat(own)
				.build();
			assertThat(context.getBean(RequestClassifier.class).classify(request).sentiment())
				.isEqualTo(Sentiment.POSITIVE);
			assertThat(this.provider.requests.get(0).responseFormat()).isEqualTo(own);
		});
	}

	private static ChatResponse answer(String content, String refusal) {
		ChatMessage message = new ChatMessage(ChatMessage.ASSISTANT,
				(content != null) ? List.of(dev.llmrouter.ContentPart.text(content)) : List.of(), List.of(), null,
				refusal);
		return new ChatResponse(List.of(new Choice(0, message, "stop")), null, "m", CallMetadata.empty("gpt-4"));
	}

	/**
	 * An adapter that answers from a script and records each request.
	 */
	static final class ScriptedProvider implements LlmProvider {

		final Queue<ChatResponse> answers = new ConcurrentLinkedQueue<>();

		final List<ChatRequest> requests = new CopyOnWriteArrayList<>();

		@Override
		public String id() {
			return "scripted";
		}

		@Override
		public Mono<ChatResponse> chat(ProviderEndpoint endpoint, ChatRequest request) {
			return Mono.fromSupplier(() -> {
				this.requests.add(request);
				return this.answers.remove();
			});
		}

		@Override
		public Flux<ChatChunk> stream(ProviderEndpoint endpoint, ChatRequest request) {
			return Flux.error(new UnsupportedOperationException("not streamed here"));
		}

	}

}
