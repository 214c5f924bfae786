package dev.llmrouter.provider.anthropic;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import dev.llmrouter.ChatMessage;
import dev.llmrouter.ChatRequest;
import dev.llmrouter.ContentPart;
import dev.llmrouter.LlmRouter;
import dev.llmrouter.ResponseFormat;
import dev.llmrouter.ToolCall;
import dev.llmrouter.ToolChoice;
import dev.llmrouter.ToolDefinition;
import dev.llmrouter.error.BadRequestException;
import dev.llmrouter.error.UnsupportedParamsException;
import dev.llmrouter.test.AnthropicReplies;
import dev.llmrouter.test.Endpoint;
import dev.llmrouter.test.MockLlmServer;
import dev.llmrouter.test.MockLlmServer.RecordedRequest;
import dev.llmrouter.test.TestTimer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Tests for the requests {@link AnthropicProvider} sends: each field of a
 * {@link ChatRequest} translated to the Messages API, checked field by field in the body
 * {@link MockLlmServer} recorded.
 */
class AnthropicRequestTests {

	private static final String API_KEY = "sk-ant-test-SECRETKEY1234567890";

	private static final String WEATHER_SCHEMA = "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}";

	private final MockLlmServer server = new MockLlmServer();

	private final TestTimer timer = new TestTimer();

	@AfterEach
	void close() {
		this.server.close();
	}

	@Test
	void whenChatThenPostedToMessagesWithKeyVersionAndJson() {
		router().chat(ChatRequest.of("claude", "hi"));
		RecordedRequest request = lastRequest();
		assertThat(request.path()).isEqualTo("/v1/messages");
		assertThat(request.endpoint()).isEqualTo(Endpoint.MESSAGES);
		assertThat(request.header("x-api-key")).isEqualTo(API_KEY);
		assertThat(request.header("anthropic-version")).isEqualTo("2023-06-01");
		assertThat(request.header("authorization")).isNull();
		assertThat(request.header("content-type")).startsWith("application/json");
		assertThat(request.header("anthropic-beta")).isNull();
	}

	@Test
	void whenBaseUrlHasNoV1ThenV1MessagesIsAppended() {
		String root = this.server.baseUrl().substring(0, this.server.baseUrl().length() - "/v1".length());
		router((deployment) -> deployment.baseUrl(root + "/proxy/")).chat(ChatRequest.of("claude", "hi"));
		assertThat(lastRequest().path()).isEqualTo("/proxy/v1/messages");
	}

	@Test
	void whenDeploymentHeadersSetThenTheyOverrideVersionAndPassBeta() {
		router((deployment) -> deployment.header("anthropic-version", "2024-01-01")
			.header("anthropic-beta", "prompt-caching-2024-07-31")).chat(ChatRequest.of("claude", "hi"));
		assertThat(lastRequest().header("anthropic-version")).isEqualTo("2024-01-01");
		assertThat(lastRequest().header("anthropic-beta")).isEqualTo("prompt-caching-2024-07-31");
	}

	@Test
	void whenPlainRequestThenModelMaxTokensDefaultAndStringContent() {
		router().chat(ChatRequest.of("claude", "hi"));
		JsonNode body = lastBody();
		assertThat(body.get("model").asString()).isEqualTo("claude-sonnet-4-5");
		assertThat(body.get("max_tokens").asInt()).isEqualTo(4096);
		assertThat(body.get("messages").toString()).isEqualTo("[{\"role\":\"user\",\"content\":\"hi\"}]");
		assertThat(body.has("system")).isFalse();
		assertThat(body.has("stream")).isFalse();
		assertThat(body.properties()).extracting(Map.Entry::getKey)
			.containsExactlyInAnyOrder("model", "max_tokens", "messages");
	}

	@Test
	void whenDeploymentSetsMaxTokensThenItIsTheDefault() {
		router((deployment) -> deployment.maxTokens(1024)).chat(ChatRequest.of("claude", "hi"));
		assertThat(lastBody().get("max_tokens").asInt()).isEqualTo(1024);
	}

	@Test
	void whenRequestSetsMaxTokensThenItWinsOverTheDeployment() {
		router((deployment) -> deployment.maxTokens(1024))
			.chat(ChatRequest.builder().model("claude").message(ChatMessage.user("hi")).maxTokens(77).build());
		assertThat(lastBody().get("max_tokens").asInt()).isEqualTo(77);
	}

	@Test
	void whenOneSystemMessageThenTopLevelSystemString() {
		router().chat(ChatRequest.builder()
			.model("claude")
			.message(ChatMessage.system("Be brief."))
			.message(ChatMessage.user("hi"))
			.build());
		JsonNode body = lastBody();
		assertThat(body.get("system").asString()).isEqualTo("Be brief.");
		assertThat(body.get("messages").toString()).isEqualTo("[{\"role\":\"user\",\"content\":\"hi\"}]");
	}

	@Test
	void whenSeveralSystemMessagesThenSystemTextBlocksInOrder() {
		router().chat(ChatRequest.builder()
			.model("claude")
			.message(ChatMessage.system("One."))
			.message(ChatMessage.user("hi"))
			.message(ChatMessage.system("Two."))
			.build());
		assertThat(lastBody().get("system").toString())
			.isEqualTo("[{\"type\":\"text\",\"text\":\"One.\"},{\"type\":\"text\",\"text\":\"Two.\"}]");
	}

	@Test
	void whenConsecutiveMessagesOfOneRoleThenMergedIntoOneTurn() {
		router().chat(ChatRequest.builder()
			.model("claude")
			.message(ChatMessage.user("a"))
			.message(ChatMessage.user("b"))
			.message(ChatMessage.assistant("c"))
			.message(ChatMessage.assistant("d"))
			.message(ChatMessage.user("e"))
			.build());
		assertThat(lastBody().get("messages").toString()).isEqualTo("[{\"role\":\"user\",\"content\":["
				+ "{\"type\":\"text\",\"text\":\"a\"},{\"type\":\"text\",\"text\":\"b\"}]},"
				+ "{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"c\"},{\"type\":\"text\",\"text\":\"d\"}]},"
				+ "{\"role\":\"user\",\"content\":\"e\"}]");
	}

	@Test
	void whenImagePartsThenUrlAndBase64ImageBlocks() {
		router().chat(ChatRequest.builder()
			.model("claude")
			.message(ChatMessage.user(ContentPart.text("What is this?"),
					ContentPart.imageUrl("https://example.com/cat.png"),
					ContentPart.image(new byte[] { 1, 2, 3 }, "image/png"),
					ContentPart.imageUrl("data:image/jpeg;base64,/9j/AA==")))
			.build());
		JsonNode content = lastBody().get("messages").get(0).get("content");
		assertThat(content.get(0).toString()).isEqualTo("{\"type\":\"text\",\"text\":\"What is this?\"}");
		assertThat(content.get(1).toString())
			.isEqualTo("{\"type\":\"image\",\"source\":{\"type\":\"url\",\"url\":\"https://example.com/cat.png\"}}");
		assertThat(content.get(2).toString()).isEqualTo(
				"{\"type\":\"image\",\"source\":{\"type\":\"base64\",\"media_type\":\"image/png\",\"data\":\"AQID\"}}");
		assertThat(content.get(3).toString()).isEqualTo(
				"{\"type\":\"image\",\"source\":{\"type\":\"base64\",\"media_type\":\"image/jpeg\",\"data\":\"/9j/AA==\"}}");
	}

	@Test
	void whenToolsThenNameDescriptionInputSchemaAndStrict() {
		router().chat(ChatRequest.builder()
			.model("claude")
			.message(ChatMessage.user("weather?"))
			.tool(ToolDefinition.function("get_weather", "Weather of a city", WEATHER_SCHEMA))
			.tool(new ToolDefinition("now", null, "{\"type\":\"object\"}", true))
			.build());
		JsonNode body = lastBody();
		assertThat(body.get("tools").toString()).isEqualTo("[{\"name\":\"get_weather\",\"description\":"
				+ "\"Weather of a city\",\"input_schema\":" + WEATHER_SCHEMA + "},"
				+ "{\"name\":\"now\",\"input_schema\":{\"type\":\"object\"},\"strict\":true}]");
		assertThat(body.has("tool_choice")).isFalse();
	}

	@Test
	void whenToolChoiceThenAutoNoneAnyAndTool() {
		assertThat(toolChoice(ToolChoice.auto(), null)).isEqualTo("{\"type\":\"auto\"}");
		assertThat(toolChoice(ToolChoice.none(), null)).isEqualTo("{\"type\":\"none\"}");
		assertThat(toolChoice(ToolChoice.required(), null)).isEqualTo("{\"type\":\"any\"}");
		assertThat(toolChoice(ToolChoice.tool("get_weather"), null))
			.isEqualTo("{\"type\":\"tool\",\"name\":\"get_weather\"}");
	}

	@Test
	void whenParallelToolCallsFalseThenDisableParallelToolUseOnToolChoice() {
		assertThat(toolChoice(ToolChoice.required(), false))
			.isEqualTo("{\"type\":\"any\",\"disable_parallel_tool_use\":true}");
		assertThat(toolChoice(null, false)).isEqualTo("{\"type\":\"auto\",\"disable_parallel_tool_use\":true}");
		assertThat(toolChoice(ToolChoice.auto(), true)).isEqualTo("{\"type\":\"auto\"}");
		assertThat(toolChoice(null, true)).isEqualTo("null");
	}

	@Test
	void whenToolConversationThenToolUseBlocksAndMergedToolResults() {
		router().chat(ChatRequest.builder()
			.model("claude")
			.message(ChatMessage.user("Weather in Paris and Rome?"))
			.message(ChatMessage.assistant("Checking.",
					List.of(new ToolCall("toolu_1", "get_weather", "{\"city\":\"Paris\"}"),
							new ToolCall("toolu_2", "get_weather", ""))))
			.message(ChatMessage.tool("toolu_1", "18C"))
			.message(ChatMessage.tool("toolu_2", "21C"))
			.build());
		JsonNode messages = lastBody().get("messages");
		assertThat(messages).hasSize(3);
		assertThat(messages.get(1).toString()).isEqualTo("{\"role\":\"assistant\",\"content\":["
				+ "{\"type\":\"text\",\"text\":\"Checking.\"},"
				+ "{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"get_weather\",\"input\":{\"city\":\"Paris\"}},"
				+ "{\"type\":\"tool_use\",\"id\":\"toolu_2\",\"name\":\"get_weather\",\"input\":{}}]}");
		assertThat(messages.get(2).toString()).isEqualTo("{\"role\":\"user\",\"content\":["
				+ "{\"type\":\"tool_result\",\"tool_use_id\":\"toolu_1\",\"content\":\"18C\"},"
				+ "{\"type\":\"tool_result\",\"tool_use_id\":\"toolu_2\",\"content\":\"21C\"}]}");
	}

	@Test
	void whenToolResultFollowedByUserTextThenOneUserTurn() {
		router().chat(ChatRequest.builder()
			.model("claude")
			.message(ChatMessage.user("go"))
			.message(ChatMessage.assistant(null, List.of(new ToolCall("toolu_1", "now", "{}"))))
			.message(ChatMessage.tool("toolu_1", "noon"))
			.message(ChatMessage.user("and so?"))
			.build());
		JsonNode messages = lastBody().get("messages");
		assertThat(messages).hasSize(3);
		assertThat(messages.get(1).toString()).isEqualTo("{\"role\":\"assistant\",\"content\":["
				+ "{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"now\",\"input\":{}}]}");
		assertThat(messages.get(2).toString()).isEqualTo("{\"role\":\"user\",\"content\":["
				+ "{\"type\":\"tool_result\",\"tool_use_id\":\"toolu_1\",\"content\":\"noon\"},"
				+ "{\"type\":\"text\",\"text\":\"and so?\"}]}");
	}

	@Test
	void whenToolCallArgumentsAreNotAJsonObjectThenBadRequestWithoutARequest() {
		Throwable error = catchThrowable(() -> router().chat(ChatRequest.builder()
			.model("claude")
			.message(ChatMessage.user("go"))
			.message(ChatMessage.assistant(null, List.of(new ToolCall("toolu_1", "now", "[1,"))))
			.message(ChatMessage.tool("toolu_1", "noon"))
			.build()));
		assertThat(error).isExactlyInstanceOf(BadRequestException.class).hasMessageContaining("toolu_1");
		assertThat(this.server.hits()).isZero();
	}

	@Test
	void whenSamplingStopAndUserThenAnthropicNames() {
		router().chat(ChatRequest.builder()
			.model("claude")
			.message(ChatMessage.user("hi"))
			.temperature(0.2)
			.topP(0.9)
			.stop(List.of("\n\nHuman:", "END"))
			.user("user-42")
			.build());
		JsonNode body = lastBody();
		assertThat(body.get("temperature").asDouble()).isEqualTo(0.2);
		assertThat(body.get("top_p").asDouble()).isEqualTo(0.9);
		assertThat(body.get("stop_sequences").toString()).isEqualTo("[\"\\n\\nHuman:\",\"END\"]");
		assertThat(body.get("metadata").toString()).isEqualTo("{\"user_id\":\"user-42\"}");
		assertThat(body.has("stop")).isFalse();
		assertThat(body.has("user")).isFalse();
	}

	@Test
	void whenJsonSchemaResponseFormatThenOutputConfigFormat() {
		router().chat(ChatRequest.builder()
			.model("claude")
			.message(ChatMessage.user("hi"))
			.responseFormat(ResponseFormat.jsonSchema("weather", WEATHER_SCHEMA))
			.build());
		JsonNode body = lastBody();
		assertThat(body.get("output_config").toString())
			.isEqualTo("{\"format\":{\"type\":\"json_schema\",\"schema\":" + WEATHER_SCHEMA + "}}");
		assertThat(body.has("response_format")).isFalse();
	}

	@Test
	void whenTextResponseFormatThenNothingIsSent() {
		router().chat(ChatRequest.builder()
			.model("claude")
			.message(ChatMessage.user("hi"))
			.responseFormat(ResponseFormat.text())
			.build());
		assertThat(lastBody().has("output_config")).isFalse();
	}

	@Test
	void whenStreamingThenStreamTrueAndNoStreamOptions() {
		router().stream(ChatRequest.of("claude", "hi")).blockLast(Duration.ofSeconds(20));
		JsonNode body = lastBody();
		assertThat(body.get("stream").asBoolean()).isTrue();
		assertThat(body.has("stream_options")).isFalse();
		assertThat(lastRequest().header("accept")).contains("text/event-stream");
	}

	@Test
	void whenParamsThenPassedThroughAndReplaceTranslatedFields() {
		router().chat(ChatRequest.builder()
			.model("claude")
			.message(ChatMessage.system("typed system"))
			.message(ChatMessage.user("hi"))
			.maxTokens(10)
			.user("typed")
			.param("top_k", 5)
			.rawParam("thinking", "{\"type\":\"enabled\",\"budget_tokens\":2048}")
			.param("max_tokens", 3000)
			.param("system", "param system")
			.param("metadata", Map.of("user_id", "param-user"))
			.build());
		String body = lastRequest().body();
		JsonNode json = lastBody();
		assertThat(json.get("top_k").asInt()).isEqualTo(5);
		assertThat(json.get("thinking").toString()).isEqualTo("{\"type\":\"enabled\",\"budget_tokens\":2048}");
		assertThat(json.get("max_tokens").asInt()).isEqualTo(3000);
		assertThat(json.get("system").asString()).isEqualTo("param system");
		assertThat(json.get("metadata").toString()).isEqualTo("{\"user_id\":\"param-user\"}");
		assertThat(body.split("\"max_tokens\"", -1)).hasSize(2);
		assertThat(body.split("\"system\"", -1)).hasSize(2);
		assertThat(body.split("\"metadata\"", -1)).hasSize(2);
	}

	@Test
	void whenOpenAiOnlySamplingHintsThenDropped() {
		router().chat(ChatRequest.builder()
			.model("claude")
			.message(ChatMessage.user("hi"))
			.seed(7L)
			.param("presence_penalty", 0.5)
			.param("frequency_penalty", 0.5)
			.param("logit_bias", Map.of("50256", -100))
			.param("logprobs", true)
			.param("top_logprobs", 2)
			.build());
		assertThat(lastBody().properties()).extracting(Map.Entry::getKey)
			.containsExactlyInAnyOrder("model", "max_tokens", "messages");
	}

	@Test
	void whenNAboveOneThenUnsupportedParamsWithoutARequest() {
		Throwable error = catchThrowable(() -> router()
			.chat(ChatRequest.builder().model("claude").message(ChatMessage.user("hi")).n(2).build()));
		assertThat(error).isExactlyInstanceOf(UnsupportedParamsException.class).hasMessageContaining("n = 2");
		assertThat(((UnsupportedParamsException) error).metadata().attempts()).singleElement()
			.satisfies((attempt) -> assertThat(attempt.outcome()).isEqualTo("UnsupportedParamsException"));
		assertThat(this.server.hits()).isZero();
	}

	@Test
	void whenNIsOneThenNotSent() {
		router().chat(ChatRequest.builder().model("claude").message(ChatMessage.user("hi")).n(1).build());
		assertThat(lastBody().has("n")).isFalse();
	}

	@Test
	void whenJsonObjectResponseFormatThenUnsupportedParams() {
		Throwable error = catchThrowable(() -> router().chat(ChatRequest.builder()
			.model("claude")
			.message(ChatMessage.user("hi"))
			.responseFormat(ResponseFormat.jsonObject())
			.build()));
		assertThat(error).isExactlyInstanceOf(UnsupportedParamsException.class).hasMessageContaining("jsonObject");
		assertThat(this.server.hits()).isZero();
	}

	@Test
	void whenUnsupportedParamsThenNotRetried() {
		Throwable error = catchThrowable(() -> LlmRouter.builder()
			.numRetries(3)
			.timer(this.timer)
			.group("claude", (group) -> group.deployment("a", this::deployment).deployment("b", this::deployment))
			.build()
			.chat(ChatRequest.builder().model("claude").message(ChatMessage.user("hi")).n(3).build()));
		assertThat(error).isExactlyInstanceOf(UnsupportedParamsException.class);
		assertThat(((UnsupportedParamsException) error).metadata().attempts()).hasSize(1);
	}

	private String toolChoice(ToolChoice choice, Boolean parallel) {
		router().chat(ChatRequest.builder()
			.model("claude")
			.message(ChatMessage.user("weather?"))
			.tool(ToolDefinition.function("get_weather", null, WEATHER_SCHEMA))
			.toolChoice(choice)
			.parallelToolCalls(parallel)
			.build());
		JsonNode toolChoice = lastBody().get("tool_choice");
		return (toolChoice != null) ? toolChoice.toString() : "null";
	}

	private LlmRouter router() {
		return router((deployment) -> {
		});
	}

	private LlmRouter router(Consumer<LlmRouter.DeploymentSpec> customizer) {
		return LlmRouter.builder()
			.numRetries(0)
			.timer(this.timer)
			.group("claude", (group) -> group.deployment("east", (deployment) -> {
				deployment(deployment);
				customizer.accept(deployment);
			}))
			.build();
	}

	private void deployment(LlmRouter.DeploymentSpec deployment) {
		deployment.provider("anthropic").model("claude-sonnet-4-5").baseUrl(this.server.baseUrl()).apiKey(API_KEY);
	}

	private RecordedRequest lastRequest() {
		List<RecordedRequest> requests = this.server.requests();
		assertThat(requests).isNotEmpty();
		return requests.get(requests.size() - 1);
	}

	private JsonNode lastBody() {
		return lastRequest().json();
	}

}
