package dev.llmrouter.provider.anthropic;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.llmrouter.ChatChunk;
import dev.llmrouter.ChatRequest;
import dev.llmrouter.ChatResponse;
import dev.llmrouter.LlmRouter;
import dev.llmrouter.ToolCall;
import dev.llmrouter.ToolCallDelta;
import dev.llmrouter.error.AuthenticationException;
import dev.llmrouter.error.BadRequestException;
import dev.llmrouter.error.ContentPolicyViolationException;
import dev.llmrouter.error.ContextWindowExceededException;
import dev.llmrouter.error.InternalServerException;
import dev.llmrouter.error.LlmException;
import dev.llmrouter.error.MidStreamException;
import dev.llmrouter.error.NotFoundException;
import dev.llmrouter.error.PermissionDeniedException;
import dev.llmrouter.error.QuotaExceededException;
import dev.llmrouter.error.RateLimitException;
import dev.llmrouter.error.ServiceUnavailableException;
import dev.llmrouter.test.AnthropicMessage;
import dev.llmrouter.test.AnthropicReplies;
import dev.llmrouter.test.AnthropicStream;
import dev.llmrouter.test.MockLlmServer;
import dev.llmrouter.test.MockLlmServer.Reply;
import dev.llmrouter.test.TestTimer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Tests for what {@link AnthropicProvider} reads: messages, every stream event kind, the
 * error table of CONTRACT §8 and the wait hints, over real HTTP against
 * {@link MockLlmServer}.
 */
class AnthropicResponseTests {

	private static final String API_KEY = "sk-ant-test-SECRETKEY1234567890";

	private final MockLlmServer server = new MockLlmServer();

	private final TestTimer timer = new TestTimer();

	@AfterEach
	void close() {
		this.server.close();
	}

	// ---- messages ---------------------------------------------------------------

	@Test
	void whenTextMessageThenContentStopUsageModelAndFields() {
		this.server.enqueue(AnthropicReplies.message(AnthropicMessage.create()
			.identity("msg_42", "claude-sonnet-4-5-20250929")
			.text("Hello ")
			.text("world")
			.usage(12, 5)));
		ChatResponse response = router(0).chat(ChatRequest.of("claude", "hi"));
		assertThat(response.content()).isEqualTo("Hello world");
		assertThat(response.finishReason()).isEqualTo("stop");
		assertThat(response.model()).isEqualTo("claude-sonnet-4-5-20250929");
		assertThat(response.usage().promptTokens()).isEqualTo(12);
		assertThat(response.usage().completionTokens()).isEqualTo(5);
		assertThat(response.usage().totalTokens()).isEqualTo(17);
		assertThat(response.providerFields()).containsEntry("id", "msg_42")
			.containsEntry("cache_creation_input_tokens", 0)
			.containsEntry("cache_read_input_tokens", 0)
			.containsEntry("service_tier", "standard");
		assertThat(response.toolCalls()).isEmpty();
		assertThat(response.refusal()).isNull();
	}

	@Test
	void whenToolUseThenToolCallsWithInputAsArguments() {
		this.server.enqueue(AnthropicReplies.message(AnthropicMessage.create()
			.text("Let me check.")
			.toolUse("toolu_1", "get_weather", "{\"city\":\"Paris\"}")
			.toolUse("toolu_2", "now", "{}")
			.stopReason("tool_use")));
		ChatResponse response = router(0).chat(ChatRequest.of("claude", "hi"));
		assertThat(response.content()).isEqualTo("Let me check.");
		assertThat(response.finishReason()).isEqualTo("tool_calls");
		assertThat(response.toolCalls()).containsExactly(new ToolCall("toolu_1", "get_weather", "{\"city\":\"Paris\"}"),
				new ToolCall("toolu_2", "now", "{}"));
	}

	@ParameterizedTest
	@CsvSource({ "max_tokens, length", "stop_sequence, stop", "end_turn, stop", "pause_turn, pause_turn" })
	void whenStopReasonThenNormalised(String stopReason, String finishReason) {
		this.server.enqueue(AnthropicReplies.message(AnthropicMessage.create().text("x").stopReason(stopReason)));
		ChatResponse response = router(0).chat(ChatRequest.of("claude", "hi"));
		assertThat(response.finishReason()).isEqualTo(finishReason);
		if (stopReason.equals(finishReason)) {
			assertThat(response.choices().get(0).providerFields()).containsEntry("stop_reason", stopReason);
		}
		else {
			assertThat(response.choices().get(0).providerFields()).doesNotContainKey("stop_reason");
		}
	}

	@Test
	void whenMaxTokensReplyThenLength() {
		this.server.enqueue(AnthropicReplies.maxTokens("cut sh"));
		ChatResponse response = router(0).chat(ChatRequest.of("claude", "hi"));
		assertThat(response.content()).isEqualTo("cut sh");
		assertThat(response.finishReason()).isEqualTo("length");
	}

	@Test
	void whenThinkingAndUnknownBlocksThenKeptInChoiceFields() {
		this.server.enqueue(AnthropicReplies.message(AnthropicMessage.create()
			.thinking("Let me think. ")
			.block("{\"type\":\"redacted_thinking\",\"data\":\"abc\"}")
			.text("42")));
		ChatResponse response = router(0).chat(ChatRequest.of("claude", "hi"));
		assertThat(response.content()).isEqualTo("42");
		Map<String, Object> fields = response.choices().get(0).providerFields();
		assertThat(fields).containsEntry("reasoning_content", "Let me think. ");
		assertThat(fields.get("content")).asString().contains("sig-1").contains("redacted_thinking");
	}

	@Test
	void whenRefusalThenContentPolicyViolationNotRetried() {
		this.server.enqueue(AnthropicReplies.refusal("I can't help with that."), AnthropicReplies.text("unused"));
		Throwable error = catchThrowable(() -> twoDeployments().chat(ChatRequest.of("claude", "hi")));
		assertThat(error).isExactlyInstanceOf(ContentPolicyViolationException.class)
			.hasMessageContaining("stop_reason: refusal");
		LlmException violation = (LlmException) error;
		assertThat(violation.statusCode()).isEmpty();
		assertThat(violation.providerFields()).containsEntry("content_text", "I can't help with that.");
		assertThat(this.server.hits()).isEqualTo(1);
	}

	@Test
	void whenErrorInA200BodyThenClassifiedByItsType() {
		this.server.enqueue(Reply.json(200, AnthropicReplies.errorJson("overloaded_error", "Overloaded"), Map.of()));
		Throwable error = catchThrowable(() -> router(0).chat(ChatRequest.of("claude", "hi")));
		assertThat(error).isExactlyInstanceOf(ServiceUnavailableException.class);
		assertThat(((LlmException) error).statusCode()).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "not json", "[1,2]", "null", "{\"type\":\"message\"}", "{\"content\":\"text\"}",
			"{\"content\":[{\"type\":\"text\",\"text\":5}]}", "{\"content\":[1]}", "{\"content\":[],\"usage\":[]}",
			"{\"content\":[],\"usage\":{\"input_tokens\":\"many\"}}", "{\"content\":[" })
	void whenBodyIsMalformedThenInternalServerError(String body) {
		this.server.enqueue(Reply.raw(200, "application/json", body));
		Throwable error = catchThrowable(() -> router(0).chat(ChatRequest.of("claude", "hi")));
		assertThat(error).isExactlyInstanceOf(InternalServerException.class).hasMessageContaining("Malformed response");
		assertNoSecret(error);
	}

	// ---- streams ----------------------------------------------------------------

	@Test
	void whenStreamThenTextDeltasFinishAndUsageWithPingIgnored() {
		this.server.enqueue(AnthropicReplies.stream(AnthropicStream.create()
			.identity("msg_7", "claude-sonnet-4-5-20250929")
			.messageStart()
			.ping()
			.text("Hel", "lo")
			.ping()
			.messageDelta("end_turn", 2)
			.messageStop()));
		List<ChatChunk> chunks = router(0).stream(ChatRequest.of("claude", "hi"))
			.collectList()
			.block(Duration.ofSeconds(20));
		assertThat(chunks).extracting(ChatChunk::content).containsExactly("", "Hel", "lo", "");
		assertThat(chunks.get(0).providerFields()).containsEntry("id", "msg_7")
			.containsEntry("model", "claude-sonnet-4-5-20250929");
		ChatChunk last = chunks.get(chunks.size() - 1);
		assertThat(last.finishReason()).isEqualTo("stop");
		assertThat(last.usage().promptTokens()).isEqualTo(11);
		assertThat(last.usage().completionTokens()).isEqualTo(2);
		assertThat(last.usage().totalTokens()).isEqualTo(13);
		ChatResponse assembled = ChatResponse.fromChunks(chunks);
		assertThat(assembled.content()).isEqualTo("Hello");
		assertThat(assembled.finishReason()).isEqualTo("stop");
	}

	@Test
	void whenStreamHasToolUseThenToolCallDeltasJoinIntoToolCalls() {
		this.server.enqueue(AnthropicReplies.stream(AnthropicStream.create()
			.messageStart()
			.text("Checking.")
			.toolUse("toolu_1", "get_weather", "{\"city\":", "\"Paris\"}")
			.toolUse("toolu_2", "now")
			.messageDelta("tool_use", 30)
			.messageStop()));
		List<ChatChunk> chunks = router(0).stream(ChatRequest.of("claude", "hi"))
			.collectList()
			.block(Duration.ofSeconds(20));
		List<ToolCallDelta> deltas = chunks.stream().flatMap((chunk) -> chunk.toolCalls().stream()).toList();
		assertThat(deltas).containsExactly(new ToolCallDelta(0, "toolu_1", "get_weather", ""),
				new ToolCallDelta(0, null, null, "{\"city\":"), new ToolCallDelta(0, null, null, "\"Paris\"}"),
				new ToolCallDelta(1, "toolu_2", "now", ""));
		ChatResponse assembled = ChatResponse.fromChunks(chunks);
		assertThat(assembled.content()).isEqualTo("Checking.");
		assertThat(assembled.finishReason()).isEqualTo("tool_calls");
		assertThat(assembled.toolCalls()).containsExactly(
				new ToolCall("toolu_1", "get_weather", "{\"city\":\"Paris\"}"), new ToolCall("toolu_2", "now", ""));
	}

	@Test
	void whenStreamHasThinkingAndUnknownEventThenReasoningKeptAndUnknownIgnored() {
		this.server.enqueue(AnthropicReplies.stream(AnthropicStream.create()
			.messageStart()
			.event("future_event", "{\"type\":\"future_event\",\"detail\":1}")
			.thinking("Let me ", "think.")
			.text("42")
			.messageDelta("end_turn", 3)
			.messageStop()));
		List<ChatChunk> chunks = router(0).stream(ChatRequest.of("claude", "hi"))
			.collectList()
			.block(Duration.ofSeconds(20));
		ChatResponse assembled = ChatResponse.fromChunks(chunks);
		assertThat(assembled.content()).isEqualTo("42");
		assertThat(assembled.choices().get(0).providerFields()).containsEntry("reasoning_content", "Let me think.");
		assertThat(chunks).noneMatch((chunk) -> chunk.providerFields().containsKey("detail"));
	}

	@Test
	void whenStreamStopsWithRefusalThenContentPolicyViolation() {
		this.server.enqueue(AnthropicReplies
			.stream(AnthropicStream.create().messageStart().messageDelta("refusal", 0).messageStop()));
		Throwable error = streamFailure(router(0), new ArrayList<>());
		assertThat(error).isExactlyInstanceOf(ContentPolicyViolationException.class);
	}

	@Test
	void whenErrorEventBeforeContentThenRetriedOnAnotherDeployment() {
		this.server.enqueue(
				AnthropicReplies
					.stream(AnthropicStream.create().messageStart().ping().error("overloaded_error", "Overloaded")),
				AnthropicReplies.streamText("Hi"));
		List<ChatChunk> chunks = twoDeployments().stream(ChatRequest.of("claude", "hi"))
			.collectList()
			.block(Duration.ofSeconds(20));
		assertThat(ChatResponse.fromChunks(chunks).content()).isEqualTo("Hi");
		assertThat(this.server.hits()).isEqualTo(2);
	}

	@Test
	void whenErrorEventBeforeContentAndNoRetryThenClassifiedWithoutStatus() {
		this.server.enqueue(AnthropicReplies
			.stream(AnthropicStream.create().messageStart().error("overloaded_error", "Overloaded")));
		Throwable error = streamFailure(router(0), new ArrayList<>());
		assertThat(error).isExactlyInstanceOf(ServiceUnavailableException.class)
			.hasMessageContaining("overloaded_error")
			.hasMessageNotContaining("HTTP");
		assertThat(((LlmException) error).statusCode()).isEmpty();
		assertThat(((LlmException) error).providerFields()).containsEntry("request_id", "req_01");
	}

	@ParameterizedTest
	@CsvSource({ "rate_limit_error, RateLimitException", "api_error, InternalServerException",
			"invalid_request_error, BadRequestException", "authentication_error, AuthenticationException",
			"permission_error, PermissionDeniedException", "not_found_error, NotFoundException",
			"billing_error, QuotaExceededException", "request_too_large, BadRequestException" })
	void whenErrorEventThenClassifiedByItsType(String type, String exception) {
		this.server.enqueue(AnthropicReplies.stream(AnthropicStream.create().messageStart().error(type, "failed")));
		Throwable error = streamFailure(router(0), new ArrayList<>());
		assertThat(error.getClass().getSimpleName()).isEqualTo(exception);
	}

	@Test
	void whenErrorEventSaysPromptTooLongThenContextWindowExceeded() {
		this.server.enqueue(AnthropicReplies.stream(AnthropicStream.create()
			.messageStart()
			.error("invalid_request_error", "prompt is too long: 210000 tokens > 200000 maximum")));
		assertThat(streamFailure(router(0), new ArrayList<>()))
			.isExactlyInstanceOf(ContextWindowExceededException.class);
	}

	@Test
	void whenErrorEventAfterContentThenMidStreamWithPartialContentAndToolCalls() {
		this.server.enqueue(AnthropicReplies.stream(AnthropicStream.create()
			.messageStart()
			.text("Hel", "lo")
			.event("content_block_start",
					"{\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"now\",\"input\":{}}}")
			.event("content_block_delta",
					"{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"a\\\"\"}}")
			.error("overloaded_error", "Overloaded")), AnthropicReplies.streamText("never"));
		List<ChatChunk> received = new ArrayList<>();
		Throwable error = streamFailure(twoDeployments(), received);
		assertThat(error).isExactlyInstanceOf(MidStreamException.class);
		MidStreamException midStream = (MidStreamException) error;
		assertThat(midStream.partialContent()).isEqualTo("Hello");
		assertThat(midStream.partialToolCalls()).containsExactly(new ToolCall("toolu_1", "now", "{\"a\""));
		assertThat(midStream.getCause()).isExactlyInstanceOf(ServiceUnavailableException.class);
		assertThat(midStream.statusCode()).isEmpty();
		assertThat(this.server.hits()).isEqualTo(1);
	}

	@Test
	void whenStreamEndsBeforeMessageStopThenMalformed() {
		this.server.enqueue(AnthropicReplies.stream(AnthropicStream.create().messageStart().ping()));
		assertThat(streamFailure(router(0), new ArrayList<>())).isExactlyInstanceOf(InternalServerException.class)
			.hasMessageContaining("before message_stop");
	}

	@Test
	void whenStreamDropsAfterContentThenMidStream() {
		this.server.enqueue(AnthropicReplies.streamThenDrop(AnthropicStream.create().messageStart().text("Hel")));
		Throwable error = streamFailure(router(0), new ArrayList<>());
		assertThat(error).isExactlyInstanceOf(MidStreamException.class);
		assertThat(((MidStreamException) error).partialContent()).isEqualTo("Hel");
	}

	@ParameterizedTest
	@ValueSource(strings = { "event: message_start\ndata: {not json\n\n", "data: [1]\n\n",
			"data: {\"no\":\"type\"}\n\n",
			"data: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\"}}\n\n",
			"data: {\"type\":\"content_block_delta\",\"index\":-1,\"delta\":{\"type\":\"text_delta\",\"text\":\"x\"}}\n\n",
			"data: {\"type\":\"message_start\",\"message\":7}\n\n" })
	void whenStreamEventIsMalformedThenInternalServerError(String frames) {
		this.server.enqueue(Reply.raw(200, "text/event-stream", frames));
		assertThat(streamFailure(router(0), new ArrayList<>())).isExactlyInstanceOf(InternalServerException.class)
			.hasMessageContaining("Malformed response");
	}

	// ---- the error table of CONTRACT §8 ----------------------------------------

	@ParameterizedTest
	@CsvSource({ "invalid_request_error, 400, BadRequestException, 1",
			"authentication_error, 401, AuthenticationException, 1", "billing_error, 402, QuotaExceededException, 2",
			"permission_error, 403, PermissionDeniedException, 1", "not_found_error, 404, NotFoundException, 1",
			"request_too_large, 413, BadRequestException, 1", "rate_limit_error, 429, RateLimitException, 2",
			"api_error, 500, InternalServerException, 2", "overloaded_error, 529, ServiceUnavailableException, 2" })
	// attempts with two deployments and numRetries 1: 2 when retried; a spent quota is
	// not retried on its deployment but moves on to the other one (CONTRACT §3)
	void whenErrorAnswerThenTypedAndRetriedAsTheTableSays(String type, int status, String exception, int attempts) {
		this.server.byDefault(AnthropicReplies.error(type, "failed with key " + API_KEY));
		Throwable error = catchThrowable(() -> twoDeployments().chat(ChatRequest.of("claude", "hi")));
		assertThat(error.getClass().getSimpleName()).isEqualTo(exception);
		LlmException llmException = (LlmException) error;
		assertThat(llmException.statusCode()).hasValue(status);
		assertThat(llmException.metadata().attempts()).hasSize(attempts);
		assertThat(llmException.providerFields()).containsEntry("request_id", "req_01");
		assertThat(error).hasMessageContaining("[" + type + "]").hasMessageContaining("****7890");
		assertNoSecret(error);
	}

	@Test
	void whenPromptIsTooLongThenContextWindowExceeded() {
		this.server.enqueue(
				AnthropicReplies.error("invalid_request_error", "prompt is too long: 210000 tokens > 200000 maximum"));
		Throwable error = catchThrowable(() -> router(0).chat(ChatRequest.of("claude", "hi")));
		assertThat(error).isExactlyInstanceOf(ContextWindowExceededException.class);
	}

	@Test
	void whenCreditBalanceIsTooLowThenQuotaExceeded() {
		this.server.enqueue(AnthropicReplies.error("invalid_request_error",
				"Your credit balance is too low to access the Anthropic API. Please go to Plans & Billing to upgrade or purchase credits."));
		Throwable error = catchThrowable(() -> router(0).chat(ChatRequest.of("claude", "hi")));
		assertThat(error).isExactlyInstanceOf(QuotaExceededException.class);
	}

	@Test
	void whenErrorBodyIsNotJsonThenStatusDecides() {
		this.server.enqueue(Reply.raw(529, "text/html", "<html>overloaded</html>"));
		Throwable error = catchThrowable(() -> router(0).chat(ChatRequest.of("claude", "hi")));
		assertThat(error).isExactlyInstanceOf(ServiceUnavailableException.class).hasMessageContaining("overloaded");
	}

	@Test
	void whenRetryAfterThenItIsTheHint() {
		this.server.enqueue(AnthropicReplies.rateLimited(Map.of("retry-after", "7")));
		RateLimitException error = (RateLimitException) catchThrowable(
				() -> router(0).chat(ChatRequest.of("claude", "hi")));
		assertThat(error.retryAfter()).contains(Duration.ofSeconds(7));
	}

	@Test
	void whenRateLimitResetHeadersThenTheLongestSpentOneIsTheHint() {
		Instant now = Instant.ofEpochMilli(this.timer.now(TimeUnit.MILLISECONDS));
		Map<String, String> headers = new java.util.HashMap<>();
		headers.putAll(AnthropicReplies.spentLimit("requests", now.plusSeconds(20).toString()));
		headers.putAll(AnthropicReplies.spentLimit("input-tokens", now.plusSeconds(45).toString()));
		headers.put("anthropic-ratelimit-output-tokens-remaining", "1000");
		headers.put("anthropic-ratelimit-output-tokens-reset", now.plusSeconds(50).toString());
		this.server.enqueue(AnthropicReplies.rateLimited(headers));
		RateLimitException error = (RateLimitException) catchThrowable(
				() -> router(0).chat(ChatRequest.of("claude", "hi")));
		assertThat(error.retryAfter()).contains(Duration.ofSeconds(45));
	}

	@Test
	void whenOverloadedWithRetryAfterThenRetryWaitsForTheHint() {
		this.server.enqueue(AnthropicReplies.error(529, "overloaded_error", "Overloaded", Map.of("retry-after", "3")),
				AnthropicReplies.text("Hi"));
		LlmRouter router = router(1);
		java.util.concurrent.CompletableFuture<ChatResponse> call = router.chatAsync(ChatRequest.of("claude", "hi"))
			.toFuture();
		Duration wait = this.timer.awaitWait(Duration.ofMinutes(1));
		assertThat(wait).isGreaterThanOrEqualTo(Duration.ofSeconds(3));
		this.timer.advance(wait);
		assertThat(call.join().content()).isEqualTo("Hi");
		assertThat(call.join().metadata().retryCount()).isEqualTo(1);
	}

	private LlmRouter router(int numRetries) {
		return LlmRouter.builder()
			.numRetries(numRetries)
			.timer(this.timer)
			.group("claude", (group) -> group.deployment("east", this::deployment))
			.build();
	}

	private LlmRouter twoDeployments() {
		return LlmRouter.builder()
			.numRetries(1)
			.timer(this.timer)
			.group("claude", (group) -> group.deployment("east", this::deployment).deployment("west", this::deployment))
			.build();
	}

	private void deployment(LlmRouter.DeploymentSpec deployment) {
		deployment.provider("anthropic").model("claude-sonnet-4-5").baseUrl(this.server.baseUrl()).apiKey(API_KEY);
	}

	private static Throwable streamFailure(LlmRouter router, List<ChatChunk> received) {
		Throwable error = catchThrowable(() -> router.stream(ChatRequest.of("claude", "hi"))
			.doOnNext(received::add)
			.blockLast(Duration.ofSeconds(20)));
		assertThat(error).isInstanceOf(LlmException.class);
		assertNoSecret(error);
		return error;
	}

	private static void assertNoSecret(@Nullable Throwable error) {
		if (error == null) {
			return;
		}
		assertThat(String.valueOf(error.getMessage())).doesNotContain(API_KEY);
		assertThat(error.toString()).doesNotContain(API_KEY);
		if (error instanceof LlmException llmException) {
			assertThat(llmException.metadata().toString()).doesNotContain(API_KEY);
			assertThat(llmException.providerFields().toString()).doesNotContain(API_KEY);
		}
		assertNoSecret(error.getCause());
	}

}
