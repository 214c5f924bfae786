package dev.llmrouter.client;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import dev.llmrouter.client.structured.Classifier;
import dev.llmrouter.client.structured.Order;
import dev.llmrouter.client.structured.Sentiment;
import dev.llmrouter.client.structured.Verdict;
import dev.llmrouter.autoconfigure.LlmClientAutoConfiguration;
import dev.llmrouter.autoconfigure.LlmRouterAutoConfiguration;
import dev.llmrouter.error.StructuredOutputException;
import dev.llmrouter.routing.InvalidRouterConfigurationException;
import dev.llmrouter.test.MockLlmServer;
import dev.llmrouter.test.MockLlmServer.Reply;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Structured output of {@code @LlmClient} methods (CONTRACT §5) over real HTTP against a
 * loopback OpenAI-compatible server: the request carries a strict JSON schema generated
 * from the return type, the answer is read with the application's Jackson mapper, an
 * answer that does not parse (or a refusal) is a {@link StructuredOutputException}, and
 * {@code llm.router.structured-output.retries} asks again with the parse error.
 */
class StructuredOutputTests {

	private static final String DEPLOYMENT = "llm.router.groups.gpt-4.deployments.main.";

	private static final JsonMapper json = JsonMapper.builder().build();

	private final MockLlmServer server = new MockLlmServer();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, WebClientAutoConfiguration.class,
				LlmRouterAutoConfiguration.class, LlmClientAutoConfiguration.class))
		.withInitializer((context) -> AutoConfigurationPackages.register((BeanDefinitionRegistry) context,
				Classifier.class.getPackageName()))
		.withPropertyValues(DEPLOYMENT + "model=gpt-4o-2024-08-06", DEPLOYMENT + "base-url=" + this.server.baseUrl(),
				DEPLOYMENT + "api-key=sk-test-00001234");

	@AfterEach
	void close() {
		this.server.close();
	}

	@Test
	void whenRecordThenAnswerIsReadIntoIt() {
		this.server.enqueue(answer("{\"sentiment\":\"POSITIVE\",\"confidence\":0.92,\"reason\":null}"));
		this.contextRunner.run((context) -> assertThat(context.getBean(Classifier.class).classify("I love it"))
			.isEqualTo(new Verdict(Sentiment.POSITIVE, 0.92, null)));
	}

	@Test
	void whenRecordThenRequestCarriesItsStrictJsonSchema() {
		this.server.enqueue(answer("{\"sentiment\":\"POSITIVE\",\"confidence\":0.92,\"reason\":null}"));
		this.contextRunner.run((context) -> {
			context.getBean(Classifier.class).classify("I love it");
			JsonNode format = lastBody().get("response_format");
			assertThat(format.get("type").asString()).isEqualTo("json_schema");
			assertThat(format.get("json_schema").get("name").asString()).isEqualTo("Verdict");
			assertThat(format.get("json_schema").get("strict").asBoolean()).isTrue();
			JsonNode schema = format.get("json_schema").get("schema");
			assertThat(schema.get("type").asString()).isEqualTo("object");
			assertThat(schema.get("additionalProperties").asBoolean()).isFalse();
			assertThat(strings(schema.get("required"))).containsExactly("sentiment", "confidence", "reason");
			JsonNode properties = schema.get("properties");
			assertThat(strings(properties.get("sentiment").get("enum"))).containsExactly("POSITIVE", "NEGATIVE",
					"NEUTRAL");
			assertThat(properties.get("confidence").get("type").asString()).isEqualTo("number");
			assertThat(strings(properties.get("reason").get("type"))).containsExactly("string", "null");
		});
	}

	@Test
	void whenListOfRecordsThenItemsOfTheAnswerAreRead() {
		this.server.enqueue(answer("{\"items\":[{\"sentiment\":\"POSITIVE\",\"confidence\":0.9,\"reason\":\"love\"},"
				+ "{\"sentiment\":\"NEGATIVE\",\"confidence\":0.7,\"reason\":null}]}"));
		this.contextRunner.run((context) -> assertThat(context.getBean(Classifier.class).classifyAll("Love. Hate."))
			.containsExactly(new Verdict(Sentiment.POSITIVE, 0.9, "love"), new Verdict(Sentiment.NEGATIVE, 0.7, null)));
	}

	@Test
	void whenListOfRecordsThenRequestSchemaWrapsTheArrayInItems() {
		this.server.enqueue(answer("{\"items\":[]}"));
		this.contextRunner.run((context) -> {
			context.getBean(Classifier.class).classifyAll("Love. Hate.");
			JsonNode jsonSchema = lastBody().get("response_format").get("json_schema");
			assertThat(jsonSchema.get("name").asString()).isEqualTo("Verdict_list");
			JsonNode schema = jsonSchema.get("schema");
			assertThat(schema.get("type").asString()).isEqualTo("object");
			assertThat(strings(schema.get("required"))).containsExactly("items");
			JsonNode items = schema.get("properties").get("items");
			assertThat(items.get("type").asString()).isEqualTo("array");
			assertThat(strings(items.get("items").get("required"))).containsExactly("sentiment", "confidence",
					"reason");
		});
	}

	@Test
	void whenListAnswerIsABareArrayThenItIsReadAsWell() {
		this.server.enqueue(answer("[{\"sentiment\":\"NEGATIVE\",\"confidence\":0.7,\"reason\":null}]"));
		this.contextRunner.run((context) -> assertThat(context.getBean(Classifier.class).classifyAll("Hate."))
			.containsExactly(new Verdict(Sentiment.NEGATIVE, 0.7, null)));
	}

	@Test
	void whenListItemHasAWrongValueThenMessageNamesItsPathUnderItems() {
		this.server.enqueue(answer("{\"items\":[{\"sentiment\":\"POSITIVE\",\"confidence\":0.9,\"reason\":null},"
				+ "{\"sentiment\":\"NEGATIVE\",\"confidence\":\"high\",\"reason\":null}]}"));
		this.contextRunner.run((context) -> {
			StructuredOutputException ex = catchThrowableOfType(StructuredOutputException.class,
					() -> context.getBean(Classifier.class).classifyAll("Love. Hate."));
			assertThat(ex.getMessage()).contains(": at $.items[1].confidence: ").contains("\"high\"");
		});
	}

	@Test
	void whenEnumThenValueOfTheAnswerIsRead() {
		this.server.enqueue(answer("{\"value\":\"NEGATIVE\"}"));
		this.contextRunner.run((context) -> {
			assertThat(context.getBean(Classifier.class).sentiment("I hate it")).isEqualTo(Sentiment.NEGATIVE);
			JsonNode schema = lastBody().get("response_format").get("json_schema").get("schema");
			assertThat(strings(schema.get("required"))).containsExactly("value");
			assertThat(strings(schema.get("properties").get("value").get("enum"))).containsExactly("POSITIVE",
					"NEGATIVE", "NEUTRAL");
		});
	}

	@Test
	void whenNestedPojoThenNestedObjectsAreRead() {
		this.server.enqueue(answer("{\"customerName\":\"Ada\",\"shippingAddress\":{\"city\":\"London\","
				+ "\"postCode\":\"N1\"},\"lines\":[{\"product\":\"tea\",\"quantity\":2}]}"));
		this.contextRunner.run((context) -> {
			Order order = context.getBean(Classifier.class).extract("Two teas for Ada, N1 London");
			assertThat(order.getCustomerName()).isEqualTo("Ada");
			assertThat(order.getShippingAddress().getCity()).isEqualTo("London");
			assertThat(order.getShippingAddress().getPostCode()).isEqualTo("N1");
			assertThat(order.getLines()).containsExactly(new Order.Line("tea", 2));
		});
	}

	@Test
	void whenMonoOfRecordThenLazyAndRead() {
		this.server.enqueue(answer("{\"sentiment\":\"NEUTRAL\",\"confidence\":0.5,\"reason\":null}"));
		this.contextRunner.run((context) -> {
			Mono<Verdict> verdict = context.getBean(Classifier.class).classifyAsync("Fine.");
			assertThat(this.server.hits()).isZero();
			assertThat(verdict.block()).isEqualTo(new Verdict(Sentiment.NEUTRAL, 0.5, null));
		});
	}

	@Test
	void whenCompletableFutureOfListThenRead() {
		this.server.enqueue(answer("{\"items\":[{\"sentiment\":\"NEUTRAL\",\"confidence\":0.5,\"reason\":null}]}"));
		this.contextRunner.run((context) -> {
			CompletableFuture<List<Verdict>> verdicts = context.getBean(Classifier.class).classifyAllLater("Fine.");
			assertThat(verdicts.get()).containsExactly(new Verdict(Sentiment.NEUTRAL, 0.5, null));
		});
	}

	@Test
	void whenAnswerDoesNotParseThenStructuredOutputExceptionWithTheRawTextAndNoSecondRequest() {
		this.server.enqueue(answer("The sentiment is positive."));
		this.contextRunner.run((context) -> {
			StructuredOutputException ex = catchThrowableOfType(StructuredOutputException.class,
					() -> context.getBean(Classifier.class).classify("I love it"));
			assertThat(ex.rawText()).isEqualTo("The sentiment is positive.");
			assertThat(ex.getMessage()).startsWith(Classifier.class.getName() + "#classify: the answer is not a "
					+ Verdict.class.getName() + ": Unrecognized token 'The'");
			assertThat(ex.metadata().modelGroup()).isEqualTo("gpt-4");
			assertThat(this.server.hits()).isEqualTo(1);
		});
	}

	@Test
	void whenAnswerHasAWrongValueThenMessageNamesItsPath() {
		this.server.enqueue(answer("{\"sentiment\":\"GLAD\",\"confidence\":0.9,\"reason\":null}"));
		this.contextRunner.run((context) -> {
			StructuredOutputException ex = catchThrowableOfType(StructuredOutputException.class,
					() -> context.getBean(Classifier.class).classify("I love it"));
			assertThat(ex.getMessage()).contains(": at $.sentiment: ").contains("GLAD");
		});
	}

	@Test
	void whenAnswerIsCutOffThenMessageSaysSo() {
		this.server.enqueue(answer("{\"sentiment\":\"POSITIVE\",\"confid", "length"));
		this.contextRunner.run((context) -> {
			StructuredOutputException ex = catchThrowableOfType(StructuredOutputException.class,
					() -> context.getBean(Classifier.class).classify("I love it"));
			assertThat(ex.rawText()).isEqualTo("{\"sentiment\":\"POSITIVE\",\"confid");
			assertThat(ex.getMessage())
				.endsWith(" (the answer was cut off at the token limit: finish_reason length; raise maxTokens)");
		});
	}

	@Test
	void whenRetriesIsOneThenSecondRequestCarriesTheAnswerAndTheParseError() {
		this.server.enqueue(answer("positive!"),
				answer("{\"sentiment\":\"POSITIVE\",\"confidence\":0.9,\"reason\":null}"));
		this.contextRunner.withPropertyValues("llm.router.structured-output.retries=1").run((context) -> {
			assertThat(context.getBean(Classifier.class).classify("I love it"))
				.isEqualTo(new Verdict(Sentiment.POSITIVE, 0.9, null));
			assertThat(this.server.hits()).isEqualTo(2);
			JsonNode messages = lastBody().get("messages");
			assertThat(messages).hasSize(4);
			assertThat(messages.get(0).get("role").asString()).isEqualTo("system");
			assertThat(messages.get(1).get("content").asString()).isEqualTo("I love it");
			assertThat(messages.get(2).get("role").asString()).isEqualTo("assistant");
			assertThat(messages.get(2).get("content").asString()).isEqualTo("positive!");
			assertThat(messages.get(3).get("role").asString()).isEqualTo("user");
			assertThat(messages.get(3).get("content").asString())
				.startsWith("Your answer could not be read: Unrecognized token 'positive'")
				.endsWith(". Answer again with only JSON that matches the Verdict schema.");
		});
	}

	@Test
	void whenRetriesIsOneAndBothAnswersFailThenAsyncCallFailsAfterTwoRequests() {
		this.server.enqueue(answer("positive!"), answer("still positive!"));
		this.contextRunner.withPropertyValues("llm.router.structured-output.retries=1").run((context) -> {
			Mono<Verdict> verdict = context.getBean(Classifier.class).classifyAsync("I love it");
			StructuredOutputException ex = catchThrowableOfType(StructuredOutputException.class, verdict::block);
			assertThat(ex.rawText()).isEqualTo("still positive!");
			assertThat(this.server.hits()).isEqualTo(2);
		});
	}

	@Test
	void whenModelRefusesThenStructuredOutputExceptionWithTheRefusalAndNoSecondRequest() {
		this.server.enqueue(refusal("I'm sorry, I cannot assist with that request."));
		this.contextRunner.withPropertyValues("llm.router.structured-output.retries=1").run((context) -> {
			StructuredOutputException ex = catchThrowableOfType(StructuredOutputException.class,
					() -> context.getBean(Classifier.class).classify("Something bad"));
			assertThat(ex.rawText()).isEqualTo("I'm sorry, I cannot assist with that request.");
			assertThat(ex.getMessage())
				.endsWith(": the model refused to answer: I'm sorry, I cannot assist with that request.");
			assertThat(this.server.hits()).isEqualTo(1);
		});
	}

	@Test
	void whenApplicationMapperHasSnakeCaseNamingThenSchemaAndAnswerUseIt() {
		this.server.enqueue(answer("{\"customer_name\":\"Ada\",\"shipping_address\":{\"city\":\"London\","
				+ "\"post_code\":\"N1\"},\"lines\":[]}"));
		this.contextRunner
			.withBean(JsonMapperBuilderCustomizer.class,
					() -> (builder) -> builder.propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE))
			.run((context) -> {
				Order order = context.getBean(Classifier.class).extract("Tea for Ada");
				assertThat(order.getCustomerName()).isEqualTo("Ada");
				assertThat(order.getShippingAddress().getPostCode()).isEqualTo("N1");
				JsonNode schema = lastBody().get("response_format").get("json_schema").get("schema");
				assertThat(strings(schema.get("required"))).containsExactlyInAnyOrder("customer_name", "lines",
						"shipping_address");
				assertThat(strings(schema.get("properties").get("shipping_address").get("required")))
					.containsExactlyInAnyOrder("city", "post_code");
			});
	}

	@Test
	void whenApplicationMapperHasSnakeCaseNamingThenFactoryUsesIt() {
		this.contextRunner
			.withBean(JsonMapperBuilderCustomizer.class,
					() -> (builder) -> builder.propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE))
			.run((context) -> assertThat(context.getBean(StructuredOutputSettings.class).jsonMapper())
				.isSameAs(context.getBean(JsonMapper.class)));
	}

	@Test
	void whenRetriesIsNegativeThenStartupFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("llm.router.structured-output.retries=-1").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(InvalidRouterConfigurationException.class)
				.hasMessageContaining("llm.router.structured-output.retries")
				.hasMessageContaining("must not be negative, was -1");
		});
	}

	private JsonNode lastBody() {
		List<MockLlmServer.RecordedRequest> requests = this.server.requests();
		return json.readTree(requests.get(requests.size() - 1).body());
	}

	private static List<String> strings(JsonNode array) {
		return array.valueStream().map(JsonNode::asString).toList();
	}

	private static Reply answer(String content) {
		return answer(content, "stop");
	}

	private static Reply answer(String content, String finishReason) {
		return completion(content, null, finishReason);
	}

	private static Reply refusal(String refusal) {
		return completion(null, refusal, "stop");
	}

	/**
	 * A chat completion as OpenAI answers a structured-output request.
	 */
	private static Reply completion(@Nullable String content, @Nullable String refusal, String finishReason) {
		ObjectNode body = json.createObjectNode();
		body.put("id", "chatcmpl-AbC123");
		body.put("object", "chat.completion");
		body.put("created", 1733100000);
		body.put("model", "gpt-4o-2024-08-06");
		ObjectNode choice = body.putArray("choices").addObject();
		choice.put("index", 0);
		ObjectNode message = choice.putObject("message");
		message.put("role", "assistant");
		message.put("content", content);
		message.put("refusal", refusal);
		choice.putNull("logprobs");
		choice.put("finish_reason", finishReason);
		ObjectNode usage = body.putObject("usage");
		usage.put("prompt_tokens", 81);
		usage.put("completion_tokens", 18);
		usage.put("total_tokens", 99);
		body.put("system_fingerprint", "fp_2f406b9113");
		return Reply.json(200, body.toString(), Map.of());
	}

}
