package dev.llmrouter.provider.openai;

import java.util.List;
import java.util.Map;

import dev.llmrouter.ChatRequest;
import dev.llmrouter.ChatResponse;
import dev.llmrouter.Choice;
import dev.llmrouter.LlmRouter;
import dev.llmrouter.ToolCall;
import dev.llmrouter.error.ContentPolicyViolationException;
import dev.llmrouter.test.MockLlmServer;
import dev.llmrouter.test.MockLlmServer.Reply;
import dev.llmrouter.test.TestTimer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Tests for reading non-streaming answers over real HTTP: tool calls, refusals, content
 * given as parts, normalised finish reasons, and every field the types do not name kept
 * in {@code providerFields()}.
 */
class OpenAiResponseReadingTests {

	private final MockLlmServer server = new MockLlmServer();

	private final TestTimer timer = new TestTimer();

	@AfterEach
	void close() {
		this.server.close();
	}

	@Test
	void whenAnswerHasParallelToolCallsThenEachIsReadInOrder() {
		ChatResponse response = answer(
				"""
						{"id":"chatcmpl-1","object":"chat.completion","created":1727000000,"model":"gpt-4o",
						"choices":[{"index":0,"message":{"role":"assistant","content":null,"tool_calls":[
						{"id":"call_a","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}},
						{"id":"call_b","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Rome\\"}"}}],
						"refusal":null},"logprobs":null,"finish_reason":"tool_calls"}],
						"usage":{"prompt_tokens":80,"completion_tokens":40,"total_tokens":120}}""");
		assertThat(response.toolCalls()).containsExactly(new ToolCall("call_a", "get_weather", "{\"city\":\"Paris\"}"),
				new ToolCall("call_b", "get_weather", "{\"city\":\"Rome\"}"));
		assertThat(response.choices().get(0).message().hasToolCalls()).isTrue();
		assertThat(response.refusal()).isNull();
	}

	@Test
	void whenToolCallArgumentsAreAnObjectThenTheyAreReadAsJsonText() {
		ChatResponse response = answer("""
				{"model":"llama3.1","choices":[{"index":0,"message":{"role":"assistant","content":"",
				"tool_calls":[{"id":"call_1","function":{"name":"lookup","arguments":{"q":"x","n":2}}}]},
				"finish_reason":"tool_calls"}]}""");
		assertThat(response.toolCalls()).containsExactly(new ToolCall("call_1", "lookup", "{\"q\":\"x\",\"n\":2}"));
	}

	@Test
	void whenModelRefusesThenRefusalIsReadAndContentIsEmpty() {
		ChatResponse response = answer("""
				{"id":"chatcmpl-2","object":"chat.completion","created":1727000000,"model":"gpt-4o-2024-08-06",
				"choices":[{"index":0,"message":{"role":"assistant","content":null,
				"refusal":"I'm sorry, I cannot assist with that request."},"logprobs":null,"finish_reason":"stop"}],
				"usage":{"prompt_tokens":20,"completion_tokens":10,"total_tokens":30}}""");
		assertThat(response.refusal()).isEqualTo("I'm sorry, I cannot assist with that request.");
		assertThat(response.content()).isEmpty();
		assertThat(response.finishReason()).isEqualTo("stop");
	}

	@Test
	void whenAnswerHasUntypedFieldsThenTheyAreInProviderFields() {
		ChatResponse response = answer(
				"""
						{"id":"chatcmpl-3","object":"chat.completion","created":1727000000,"model":"gpt-4o-mini",
						"system_fingerprint":"fp_44709d6fcb","service_tier":"default",
						"choices":[{"index":0,"message":{"role":"assistant","content":"Hi","refusal":null,"annotations":[]},
						"logprobs":{"content":[{"token":"Hi","logprob":-0.25,"bytes":[72,105],"top_logprobs":[]}],"refusal":null},
						"finish_reason":"stop"}],
						"usage":{"prompt_tokens":9,"completion_tokens":1,"total_tokens":10,
						"prompt_tokens_details":{"cached_tokens":0,"audio_tokens":0},
						"completion_tokens_details":{"reasoning_tokens":0,"audio_tokens":0}}}""");
		assertThat(response.providerFields()).containsEntry("id", "chatcmpl-3")
			.containsEntry("object", "chat.completion")
			.containsEntry("created", 1727000000)
			.containsEntry("system_fingerprint", "fp_44709d6fcb")
			.containsEntry("service_tier", "default")
			.containsEntry("prompt_tokens_details", Map.of("cached_tokens", 0, "audio_tokens", 0))
			.containsEntry("completion_tokens_details", Map.of("reasoning_tokens", 0, "audio_tokens", 0))
			.doesNotContainKeys("model", "choices", "usage");
		Choice choice = response.choices().get(0);
		assertThat(choice.providerFields()).containsOnlyKeys("logprobs", "annotations");
		assertThat(choice.providerFields().get("annotations")).isEqualTo(List.of());
		Map<?, ?> logprobs = (Map<?, ?>) choice.providerFields().get("logprobs");
		Map<?, ?> token = (Map<?, ?>) ((List<?>) logprobs.get("content")).get(0);
		assertThat(token.get("token")).isEqualTo("Hi");
		assertThat(token.get("logprob")).isEqualTo(-0.25);
		assertThat(token.get("bytes")).isEqualTo(List.of(72, 105));
		assertThat(logprobs.containsKey("refusal")).isTrue();
		assertThat(response.usage().totalTokens()).isEqualTo(10);
	}

	@Test
	void whenMessageCarriesReasoningContentThenItIsInTheChoicesProviderFields() {
		ChatResponse response = answer("""
				{"id":"x","model":"deepseek-reasoner","choices":[{"index":0,"message":{"role":"assistant",
				"content":"4","reasoning_content":"2 plus 2 is 4."},"logprobs":null,"finish_reason":"stop"}]}""");
		assertThat(response.content()).isEqualTo("4");
		assertThat(response.choices().get(0).providerFields()).containsEntry("reasoning_content", "2 plus 2 is 4.")
			.containsEntry("logprobs", null);
	}

	@Test
	void whenContentIsAnArrayOfPartsThenTextIsReadAndOtherPartsKept() {
		ChatResponse response = answer("""
				{"id":"cmpl-9","object":"chat.completion","created":1750000000,"model":"magistral-medium-2506",
				"choices":[{"index":0,"message":{"role":"assistant","tool_calls":null,"content":[
				{"type":"thinking","thinking":[{"type":"text","text":"Two and two make four."}]},
				{"type":"text","text":"The answer"},{"type":"text","text":" is 4."}]},"finish_reason":"stop"}],
				"usage":{"prompt_tokens":10,"total_tokens":30,"completion_tokens":20}}""");
		assertThat(response.content()).isEqualTo("The answer is 4.");
		assertThat(response.choices().get(0).providerFields()).containsEntry("content", List.of(Map.of("type",
				"thinking", "thinking", List.of(Map.of("type", "text", "text", "Two and two make four.")))));
		assertThat(response.toolCalls()).isEmpty();
	}

	@Test
	void whenSeveralChoicesThenTheyAreReadInIndexOrder() {
		ChatResponse response = answer("""
				{"model":"gpt-4o","choices":[
				{"index":2,"message":{"role":"assistant","content":"c"},"finish_reason":"length"},
				{"index":0,"message":{"role":"assistant","content":"a"},"finish_reason":"stop"},
				{"index":1,"message":{"role":"assistant","content":"b"},"finish_reason":"stop"}]}""");
		assertThat(response.choices()).extracting(Choice::index).containsExactly(0, 1, 2);
		assertThat(response.choices()).extracting((choice) -> choice.message().content())
			.containsExactly("a", "b", "c");
		assertThat(response.choices().get(2).finishReason()).isEqualTo("length");
	}

	@ParameterizedTest
	@CsvSource({ "stop, stop", "length, length", "tool_calls, tool_calls", "function_call, tool_calls", "eos, stop",
			"eos_token, stop", "end_turn, stop", "stop_sequence, stop", "max_tokens, length", "tool_use, tool_calls",
			"abort, abort" })
	void whenFinishReasonIsAProvidersWordThenItIsNormalised(String sent, String read) {
		ChatResponse response = answer("{\"model\":\"m\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
				+ "\"content\":\"x\"},\"finish_reason\":\"" + sent + "\"}]}");
		assertThat(response.finishReason()).isEqualTo(read);
	}

	@Test
	void whenFinishReasonIsContentFilterThenContentPolicyViolationWithTheFilterResults() {
		this.server.enqueue(Reply.json(200,
				"""
						{"choices":[{"content_filter_results":{"hate":{"filtered":false,"severity":"safe"},
						"sexual":{"filtered":true,"severity":"medium"}},"finish_reason":"content_filter","index":0,
						"message":{"content":null,"role":"assistant"}}],"created":1727000000,"id":"chatcmpl-az",
						"model":"gpt-4o-2024-05-13","object":"chat.completion",
						"prompt_filter_results":[{"prompt_index":0,"content_filter_results":{"hate":{"filtered":false,"severity":"safe"}}}],
						"system_fingerprint":"fp_1","usage":{"completion_tokens":0,"prompt_tokens":12,"total_tokens":12}}""",
				Map.of()));
		ContentPolicyViolationException error = catchThrowableOfType(ContentPolicyViolationException.class,
				() -> router().chat(ChatRequest.of("gpt", "hi")));
		assertThat(error).hasMessageContaining("content_filter");
		assertThat(error.providerFields()).containsKeys("content_filter_results", "prompt_filter_results");
		Map<?, ?> results = (Map<?, ?>) error.providerFields().get("content_filter_results");
		assertThat(results.get("sexual")).isEqualTo(Map.of("filtered", true, "severity", "medium"));
		assertThat((List<?>) error.providerFields().get("prompt_filter_results")).hasSize(1);
	}

	@Test
	void whenToolCallHasAnotherTypeThenItIsKeptInProviderFields() {
		ChatResponse response = answer("""
				{"model":"gpt-5","choices":[{"index":0,"message":{"role":"assistant","content":null,"tool_calls":[
				{"id":"call_c","type":"custom","custom":{"name":"sql","input":"SELECT 1"}}]},
				"finish_reason":"tool_calls"}]}""");
		assertThat(response.toolCalls()).isEmpty();
		assertThat(response.choices().get(0).providerFields()).containsEntry("tool_calls", List
			.of(Map.of("id", "call_c", "type", "custom", "custom", Map.of("name", "sql", "input", "SELECT 1"))));
	}

	private ChatResponse answer(String body) {
		this.server.enqueue(Reply.json(200, body, Map.of()));
		return router().chat(ChatRequest.of("gpt", "hi"));
	}

	private LlmRouter router() {
		return LlmRouter.builder()
			.numRetries(0)
			.timer(this.timer)
			.group("gpt", (group) -> group.deployment("east",
					(deployment) -> deployment.model("gpt-4o").baseUrl(this.server.baseUrl()).apiKey("sk-test")))
			.build();
	}

}
