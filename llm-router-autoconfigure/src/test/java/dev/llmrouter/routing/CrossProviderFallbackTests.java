package dev.llmrouter.routing;

import java.util.List;

import dev.llmrouter.ChatMessage;
import dev.llmrouter.ChatRequest;
import dev.llmrouter.ChatResponse;
import dev.llmrouter.LlmRouter;
import dev.llmrouter.ToolCall;
import dev.llmrouter.ToolDefinition;
import dev.llmrouter.test.AnthropicReplies;
import dev.llmrouter.test.Endpoint;
import dev.llmrouter.test.FunctionCall;
import dev.llmrouter.test.MockLlmServer;
import dev.llmrouter.test.MockLlmServer.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A call that falls back from one provider's group to another's is translated again for
 * the second provider (CONTRACT §8): a tool-calling conversation started on OpenAI
 * continues on Claude, and one started on Claude continues on OpenAI, over real HTTP.
 */
class CrossProviderFallbackTests {

	private static final ToolDefinition WEATHER = ToolDefinition.function("get_weather", "The weather in a city",
			"{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}");

	private final MockLlmServer server = new MockLlmServer();

	@AfterEach
	void close() {
		this.server.close();
	}

	@Test
	void whenAToolConversationStartedOnOpenAiFallsBackToClaudeThenClaudeGetsTheToolUseAndItsResult() {
		LlmRouter router = router("gpt", "claude");
		// turn 1 on OpenAI: a tool call
		this.server.enqueue(Endpoint.CHAT,
				Reply.toolCalls(FunctionCall.of("call_1", "get_weather", "{\"city\":\"Paris\"}")));
		ChatRequest first = ChatRequest.builder()
			.model("gpt")
			.message(ChatMessage.user("Weather in Paris?"))
			.tool(WEATHER)
			.build();
		ChatResponse asked = router.chat(first);
		assertThat(asked.toolCalls()).containsExactly(new ToolCall("call_1", "get_weather", "{\"city\":\"Paris\"}"));
		assertThat(asked.metadata().modelGroup()).isEqualTo("gpt");
		// turn 2: OpenAI is down, Claude answers
		this.server.enqueue(Endpoint.CHAT, Reply.status(503));
		this.server.enqueue(Endpoint.MESSAGES, AnthropicReplies.text("18 °C and sunny in Paris."));
		ChatRequest second = ChatRequest.builder()
			.model("gpt")
			.message(ChatMessage.user("Weather in Paris?"))
			.message(ChatMessage.assistant(null, asked.toolCalls()))
			.message(ChatMessage.tool("call_1", "{\"celsius\":18}"))
			.tool(WEATHER)
			.build();
		ChatResponse answered = router.chat(second);
		assertThat(answered.content()).isEqualTo("18 °C and sunny in Paris.");
		assertThat(answered.metadata().modelGroup()).isEqualTo("claude");
		assertThat(answered.metadata().fallbackCount()).isEqualTo(1);
		JsonNode body = this.server.requests(Endpoint.MESSAGES).get(0).json();
		assertThat(body.get("model").asString()).isEqualTo("claude-sonnet-4-5");
		assertThat(body.get("max_tokens").asInt()).isEqualTo(4096);
		assertThat(body.get("tools").get(0).get("name").asString()).isEqualTo("get_weather");
		assertThat(body.get("tools").get(0).get("input_schema").get("required").get(0).asString()).isEqualTo("city");
		JsonNode messages = body.get("messages");
		assertThat(messages).hasSize(3);
		assertThat(messages.get(0).get("role").asString()).isEqualTo("user");
		JsonNode toolUse = messages.get(1).get("content").get(0);
		assertThat(messages.get(1).get("role").asString()).isEqualTo("assistant");
		assertThat(toolUse.get("type").asString()).isEqualTo("tool_use");
		assertThat(toolUse.get("id").asString()).isEqualTo("call_1");
		assertThat(toolUse.get("name").asString()).isEqualTo("get_weather");
		assertThat(toolUse.get("input").get("city").asString()).isEqualTo("Paris");
		JsonNode toolResult = messages.get(2).get("content").get(0);
		assertThat(messages.get(2).get("role").asString()).isEqualTo("user");
		assertThat(toolResult.get("type").asString()).isEqualTo("tool_result");
		assertThat(toolResult.get("tool_use_id").asString()).isEqualTo("call_1");
		assertThat(toolResult.toString()).contains("celsius");
	}

	@Test
	void whenAToolConversationStartedOnClaudeFallsBackToOpenAiThenOpenAiGetsTheToolCallAndItsResult() {
		LlmRouter router = router("claude", "gpt");
		this.server.enqueue(Endpoint.MESSAGES,
				AnthropicReplies.toolUse("toolu_01A", "get_weather", "{\"city\":\"Oslo\"}"));
		ChatRequest first = ChatRequest.builder()
			.model("claude")
			.message(ChatMessage.user("Weather in Oslo?"))
			.tool(WEATHER)
			.build();
		ChatResponse asked = router.chat(first);
		assertThat(asked.toolCalls()).containsExactly(new ToolCall("toolu_01A", "get_weather", "{\"city\":\"Oslo\"}"));
		this.server.enqueue(Endpoint.MESSAGES, AnthropicReplies.overloaded());
		this.server.enqueue(Endpoint.CHAT, Reply.completion("-3 °C in Oslo."));
		ChatRequest second = ChatRequest.builder()
			.model("claude")
			.message(ChatMessage.user("Weather in Oslo?"))
			.message(ChatMessage.assistant(null, asked.toolCalls()))
			.message(ChatMessage.tool("toolu_01A", "{\"celsius\":-3}"))
			.tool(WEATHER)
			.build();
		ChatResponse answered = router.chat(second);
		assertThat(answered.content()).isEqualTo("-3 °C in Oslo.");
		assertThat(answered.metadata().modelGroup()).isEqualTo("gpt");
		assertThat(answered.metadata().fallbackCount()).isEqualTo(1);
		JsonNode body = this.server.requests(Endpoint.CHAT).get(0).json();
		assertThat(body.get("model").asString()).isEqualTo("gpt-4o");
		assertThat(body.has("max_tokens")).isFalse();
		JsonNode messages = body.get("messages");
		assertThat(messages).hasSize(3);
		JsonNode call = messages.get(1).get("tool_calls").get(0);
		assertThat(call.get("id").asString()).isEqualTo("toolu_01A");
		assertThat(call.get("type").asString()).isEqualTo("function");
		assertThat(call.get("function").get("name").asString()).isEqualTo("get_weather");
		assertThat(call.get("function").get("arguments").asString()).isEqualTo("{\"city\":\"Oslo\"}");
		assertThat(messages.get(2).get("role").asString()).isEqualTo("tool");
		assertThat(messages.get(2).get("tool_call_id").asString()).isEqualTo("toolu_01A");
		assertThat(messages.get(2).get("content").asString()).isEqualTo("{\"celsius\":-3}");
	}

	@Test
	void whenAStreamFallsBackFromOpenAiToClaudeThenItStreamsClaudesDeltas() {
		LlmRouter router = router("gpt", "claude");
		this.server.enqueue(Endpoint.CHAT, Reply.status(503));
		this.server.enqueue(Endpoint.MESSAGES, AnthropicReplies.streamText("Bonjour", " de Claude"));
		List<String> deltas = router.stream(ChatRequest.of("gpt", "hi"))
			.filter((chunk) -> chunk.hasContent())
			.map((chunk) -> chunk.content())
			.collectList()
			.block(java.time.Duration.ofSeconds(20));
		assertThat(deltas).containsExactly("Bonjour", " de Claude");
		assertThat(this.server.requests(Endpoint.MESSAGES).get(0).json().get("stream").asBoolean()).isTrue();
	}

	/**
	 * Two groups, one per provider, no retries; {@code primary} falls back to
	 * {@code fallback}.
	 */
	private LlmRouter router(String primary, String fallback) {
		return LlmRouter.builder().numRetries(0).random(() -> 0.5).group("gpt", (group) -> {
			group.deployment("openai",
					(d) -> d.provider("openai")
						.model("gpt-4o")
						.baseUrl(this.server.baseUrl())
						.apiKey("sk-test-KEY0001"));
			if (primary.equals("gpt")) {
				group.fallbacks(fallback);
			}
		}).group("claude", (group) -> {
			group.deployment("sonnet",
					(d) -> d.provider("anthropic")
						.model("claude-sonnet-4-5")
						.baseUrl(this.server.baseUrl())
						.apiKey("sk-ant-test-KEY0002"));
			if (primary.equals("claude")) {
				group.fallbacks(fallback);
			}
		}).build();
	}

}
