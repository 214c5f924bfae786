package dev.llmrouter.provider.openai;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import dev.llmrouter.ChatMessage;
import dev.llmrouter.ChatRequest;
import dev.llmrouter.ChatResponse;
import dev.llmrouter.ContentPart;
import dev.llmrouter.LlmRouter;
import dev.llmrouter.ResponseFormat;
import dev.llmrouter.ToolCall;
import dev.llmrouter.ToolChoice;
import dev.llmrouter.ToolDefinition;
import dev.llmrouter.test.MockLlmServer;
import dev.llmrouter.test.MockLlmServer.Reply;
import dev.llmrouter.test.TestTimer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the request bodies the OpenAI adapter writes: messages with content parts,
 * tool calls and tool results, tools, tool choice, response formats, the typed options
 * and extra parameters. Each body is read back with Jackson and checked field by field.
 */
class OpenAiRequestBodyTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final String WEATHER_SCHEMA = "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},"
			+ "\"required\":[\"city\"],\"additionalProperties\":false}";

	private static final String TOOL_CALL_ANSWER = """
			{"id":"chatcmpl-abc123","object":"chat.completion","created":1699896916,"model":"gpt-4o-2024-08-06",
			"choices":[{"index":0,"message":{"role":"assistant","content":null,"tool_calls":[
			{"id":"call_abc123","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}}],
			"refusal":null},"logprobs":null,"finish_reason":"tool_calls"}],
			"usage":{"prompt_tokens":82,"completion_tokens":17,"total_tokens":99}}""";

	private final MockLlmServer server = new MockLlmServer();

	private final TestTimer timer = new TestTimer();

	@AfterEach
	void close() {
		this.server.close();
	}

	@Test
	void whenToolRoundTripThenEachTurnIsWrittenAndTheToolCallIsRead() {
		LlmRouter router = router();
		ToolDefinition weather = ToolDefinition.function("get_weather", "The weather in a city", WEATHER_SCHEMA)
			.strictly();
		ChatRequest first = ChatRequest.builder()
			.model("gpt")
			.message(ChatMessage.user("Weather in Paris?"))
			.tool(weather)
			.toolChoice(ToolChoice.auto())
			.parallelToolCalls(false)
			.build();
		this.server.enqueue(Reply.json(200, TOOL_CALL_ANSWER, Map.of()));
		ChatResponse toolTurn = router.chat(first);
		assertThat(toolTurn.finishReason()).isEqualTo("tool_calls");
		assertThat(toolTurn.content()).isEmpty();
		assertThat(toolTurn.toolCalls())
			.containsExactly(new ToolCall("call_abc123", "get_weather", "{\"city\":\"Paris\"}"));

		JsonNode firstBody = body(0);
		assertThat(firstBody.get("messages").toString())
			.isEqualTo("[{\"role\":\"user\",\"content\":\"Weather in Paris?\"}]");
		JsonNode tool = firstBody.get("tools").get(0);
		assertThat(firstBody.get("tools").size()).isEqualTo(1);
		assertThat(tool.get("type").asString()).isEqualTo("function");
		assertThat(tool.get("function").get("name").asString()).isEqualTo("get_weather");
		assertThat(tool.get("function").get("description").asString()).isEqualTo("The weather in a city");
		assertThat(tool.get("function").get("parameters")).isEqualTo(json.readTree(WEATHER_SCHEMA));
		assertThat(tool.get("function").get("strict").asBoolean()).isTrue();
		assertThat(firstBody.get("tool_choice").asString()).isEqualTo("auto");
		assertThat(firstBody.get("parallel_tool_calls").asBoolean()).isFalse();

		ToolCall call = toolTurn.toolCalls().get(0);
		ChatRequest second = first.toBuilder()
			.message(toolTurn.choices().get(0).message())
			.message(ChatMessage.tool(call.id(), "{\"temperature\":18}"))
			.build();
		this.server.enqueue(Reply.completion("It is 18 degrees in Paris."));
		ChatResponse answer = router.chat(second);
		assertThat(answer.content()).isEqualTo("It is 18 degrees in Paris.");

		JsonNode messages = body(1).get("messages");
		assertThat(messages.size()).isEqualTo(3);
		JsonNode assistant = messages.get(1);
		assertThat(assistant.get("role").asString()).isEqualTo("assistant");
		assertThat(assistant.has("content")).isTrue();
		assertThat(assistant.get("content").isNull()).isTrue();
		assertThat(assistant.has("refusal")).isFalse();
		JsonNode toolCall = assistant.get("tool_calls").get(0);
		assertThat(assistant.get("tool_calls").size()).isEqualTo(1);
		assertThat(toolCall.get("id").asString()).isEqualTo("call_abc123");
		assertThat(toolCall.get("type").asString()).isEqualTo("function");
		assertThat(toolCall.get("function").get("name").asString()).isEqualTo("get_weather");
		assertThat(toolCall.get("function").get("arguments").asString()).isEqualTo("{\"city\":\"Paris\"}");
		JsonNode result = messages.get(2);
		assertThat(result.get("role").asString()).isEqualTo("tool");
		assertThat(result.get("tool_call_id").asString()).isEqualTo("call_abc123");
		assertThat(result.get("content").asString()).isEqualTo("{\"temperature\":18}");
		assertThat(names(result)).containsExactly("role", "content", "tool_call_id");
	}

	@Test
	void whenAssistantMessageHasTextAndToolCallsThenBothAreWritten() {
		router().chat(ChatRequest.builder()
			.model("gpt")
			.message(ChatMessage.user("Weather?"))
			.message(ChatMessage.assistant("Let me look.", List.of(new ToolCall("call_1", "get_weather", "{}"))))
			.message(ChatMessage.tool("call_1", "sunny"))
			.build());
		JsonNode assistant = body(0).get("messages").get(1);
		assertThat(assistant.get("content").asString()).isEqualTo("Let me look.");
		assertThat(assistant.get("tool_calls").get(0).get("function").get("arguments").asString()).isEqualTo("{}");
	}

	@Test
	void whenAssistantMessageHasARefusalThenItIsWrittenWithNullContent() {
		router().chat(ChatRequest.builder()
			.model("gpt")
			.message(ChatMessage.user("Help me with something bad"))
			.message(new ChatMessage(ChatMessage.ASSISTANT, List.of(), List.of(), null, "I can't help with that."))
			.message(ChatMessage.user("Fine, the weather then"))
			.build());
		JsonNode assistant = body(0).get("messages").get(1);
		assertThat(assistant.get("content").isNull()).isTrue();
		assertThat(assistant.get("refusal").asString()).isEqualTo("I can't help with that.");
		assertThat(assistant.has("tool_calls")).isFalse();
	}

	@Test
	void whenUserMessageHasImagesThenContentIsAnArrayOfParts() {
		byte[] png = { (byte) 0x89, 'P', 'N', 'G', 0, 1, 2, (byte) 0xff };
		router().chat(ChatRequest.builder()
			.model("gpt")
			.message(ChatMessage.user(ContentPart.text("What is in these images?"),
					ContentPart.imageUrl("https://example.com/cat.jpg"), ContentPart.image(png, "image/png")))
			.build());
		JsonNode content = body(0).get("messages").get(0).get("content");
		assertThat(content.isArray()).isTrue();
		assertThat(content.size()).isEqualTo(3);
		assertThat(content.get(0).get("type").asString()).isEqualTo("text");
		assertThat(content.get(0).get("text").asString()).isEqualTo("What is in these images?");
		assertThat(content.get(1).get("type").asString()).isEqualTo("image_url");
		assertThat(content.get(1).get("image_url").get("url").asString()).isEqualTo("https://example.com/cat.jpg");
		assertThat(content.get(2).get("type").asString()).isEqualTo("image_url");
		String dataUrl = content.get(2).get("image_url").get("url").asString();
		assertThat(dataUrl).startsWith("data:image/png;base64,");
		assertThat(Base64.getDecoder().decode(dataUrl.substring("data:image/png;base64,".length()))).isEqualTo(png);
	}

	@Test
	void whenMessageHasSeveralTextPartsThenTheyAreSentAsParts() {
		router().chat(ChatRequest.builder()
			.model("gpt")
			.message(ChatMessage.user(ContentPart.text("first"), ContentPart.text("second")))
			.build());
		JsonNode content = body(0).get("messages").get(0).get("content");
		assertThat(content.toString())
			.isEqualTo("[{\"type\":\"text\",\"text\":\"first\"},{\"type\":\"text\",\"text\":\"second\"}]");
	}

	@Test
	void whenTypedOptionsAreSetThenEachIsWrittenUnderItsWireName() {
		router().chat(ChatRequest.builder()
			.model("gpt")
			.message(ChatMessage.user("Hi"))
			.temperature(0.3)
			.maxTokens(100)
			.topP(0.9)
			.n(3)
			.stop(List.of("\n", "END"))
			.seed(42L)
			.user("user-7")
			.build());
		JsonNode body = body(0);
		assertThat(names(body)).containsExactly("model", "messages", "temperature", "max_tokens", "top_p", "n", "stop",
				"seed", "user");
		assertThat(body.get("model").asString()).isEqualTo("gpt-4o");
		assertThat(body.get("temperature").asDouble()).isEqualTo(0.3);
		assertThat(body.get("max_tokens").asInt()).isEqualTo(100);
		assertThat(body.get("top_p").asDouble()).isEqualTo(0.9);
		assertThat(body.get("n").asInt()).isEqualTo(3);
		assertThat(body.get("stop").toString()).isEqualTo("[\"\\n\",\"END\"]");
		assertThat(body.get("seed").asLong()).isEqualTo(42L);
		assertThat(body.get("user").asString()).isEqualTo("user-7");
	}

	@Test
	void whenToolChoiceNamesAToolThenItIsAFunctionObject() {
		router().chat(request().tool(ToolDefinition.function("lookup", null, null))
			.toolChoice(ToolChoice.tool("lookup"))
			.build());
		JsonNode body = body(0);
		assertThat(body.get("tool_choice").toString())
			.isEqualTo("{\"type\":\"function\",\"function\":{\"name\":\"lookup\"}}");
		JsonNode function = body.get("tools").get(0).get("function");
		assertThat(names(function)).containsExactly("name", "parameters");
		assertThat(function.get("parameters").toString()).isEqualTo("{\"type\":\"object\",\"properties\":{}}");
	}

	@Test
	void whenToolChoiceIsNoneOrRequiredThenItIsAString() {
		router()
			.chat(request().tool(ToolDefinition.function("lookup", null, null)).toolChoice(ToolChoice.none()).build());
		router().chat(request().tool(ToolDefinition.function("lookup", null, null))
			.toolChoice(ToolChoice.required())
			.build());
		assertThat(body(0).get("tool_choice").asString()).isEqualTo("none");
		assertThat(body(1).get("tool_choice").asString()).isEqualTo("required");
	}

	@Test
	void whenResponseFormatIsAJsonSchemaThenTheSchemaIsWrittenVerbatimAndStrict() {
		String schema = "{\"type\":\"object\",\"properties\":{\"verdict\":{\"enum\":[\"yes\",\"no\"]}},\"required\":[\"verdict\"]}";
		router().chat(request().responseFormat(ResponseFormat.jsonSchema("verdict", schema)).build());
		JsonNode format = body(0).get("response_format");
		assertThat(format.get("type").asString()).isEqualTo("json_schema");
		assertThat(format.get("json_schema").get("name").asString()).isEqualTo("verdict");
		assertThat(format.get("json_schema").get("schema")).isEqualTo(json.readTree(schema));
		assertThat(format.get("json_schema").get("strict").asBoolean()).isTrue();
		assertThat(this.server.requests().get(0).body()).contains("\"schema\":" + schema);
	}

	@Test
	void whenResponseFormatIsTextOrJsonObjectThenOnlyItsTypeIsWritten() {
		router().chat(request().responseFormat(ResponseFormat.text()).build());
		router().chat(request().responseFormat(ResponseFormat.jsonObject()).build());
		assertThat(body(0).get("response_format").toString()).isEqualTo("{\"type\":\"text\"}");
		assertThat(body(1).get("response_format").toString()).isEqualTo("{\"type\":\"json_object\"}");
	}

	@Test
	void whenParamNamesATypedFieldThenTheBodyHoldsTheKeyOnceWithTheParamsValue() {
		router().chat(request().temperature(0.1)
			.maxTokens(10)
			.param("temperature", 0.5)
			.rawParam("max_tokens", "20")
			.tool(ToolDefinition.function("typed", null, null))
			.param("tools", List.of(Map.of("type", "function", "function", Map.of("name", "from_param"))))
			.build());
		String body = this.server.requests().get(0).body();
		assertThat(topLevelNames(body)).containsExactly("model", "messages", "temperature", "max_tokens", "tools");
		JsonNode tree = json.readTree(body);
		assertThat(tree.get("temperature").asDouble()).isEqualTo(0.5);
		assertThat(tree.get("max_tokens").asInt()).isEqualTo(20);
		assertThat(tree.get("tools").get(0).get("function").get("name").asString()).isEqualTo("from_param");
	}

	@Test
	void whenRawParamIsGivenThenItsJsonIsWrittenVerbatim() {
		router().chat(request().rawParam("reasoning", "{\"effort\": \"low\", \"summary\": null}").build());
		String body = this.server.requests().get(0).body();
		assertThat(body).contains("\"reasoning\":{\"effort\": \"low\", \"summary\": null}");
		assertThat(json.readTree(body).get("reasoning").get("effort").asString()).isEqualTo("low");
	}

	@Test
	void whenParamIsAPojoOrAStringThenJacksonWritesIt() {
		router().chat(request().param("prediction", new Prediction("content", "draft"))
			.param("service_tier", "flex")
			.param("logit_bias", Map.of("50256", -100))
			.build());
		JsonNode body = body(0);
		assertThat(body.get("prediction").toString()).isEqualTo("{\"type\":\"content\",\"content\":\"draft\"}");
		assertThat(body.get("service_tier").isString()).isTrue();
		assertThat(body.get("service_tier").asString()).isEqualTo("flex");
		assertThat(body.get("logit_bias").get("50256").asInt()).isEqualTo(-100);
	}

	@Test
	void whenStreamOptionsParamIsGivenToANonStreamingCallThenItIsNotSent() {
		router().chat(request().rawParam("stream_options", "{\"include_usage\":false}").build());
		JsonNode body = body(0);
		assertThat(body.has("stream_options")).isFalse();
		assertThat(body.has("stream")).isFalse();
	}

	private ChatRequest.Builder request() {
		return ChatRequest.builder().model("gpt").message(ChatMessage.user("Hi"));
	}

	private JsonNode body(int index) {
		return json.readTree(this.server.requests().get(index).body());
	}

	private static List<String> names(JsonNode node) {
		return new ArrayList<>(node.propertyNames());
	}

	/** The top-level keys as written, duplicates included (a tree keeps only one). */
	private static List<String> topLevelNames(String body) {
		List<String> names = new ArrayList<>();
		try (JsonParser parser = json.createParser(body)) {
			parser.nextToken();
			while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
				names.add(parser.currentName());
				parser.nextToken();
				parser.skipChildren();
			}
		}
		return names;
	}

	private LlmRouter router() {
		return LlmRouter.builder()
			.numRetries(0)
			.timer(this.timer)
			.group("gpt", (group) -> group.deployment("east",
					(deployment) -> deployment.model("gpt-4o").baseUrl(this.server.baseUrl()).apiKey("sk-test")))
			.build();
	}

	record Prediction(String type, String content) {

	}

}
