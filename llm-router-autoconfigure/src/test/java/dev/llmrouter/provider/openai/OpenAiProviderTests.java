package dev.llmrouter.provider.openai;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import dev.llmrouter.Attempt;
import dev.llmrouter.ChatChunk;
import dev.llmrouter.ChatMessage;
import dev.llmrouter.ChatRequest;
import dev.llmrouter.ChatResponse;
import dev.llmrouter.LlmRouter;
import dev.llmrouter.error.ApiConnectionException;
import dev.llmrouter.error.AuthenticationException;
import dev.llmrouter.error.BadRequestException;
import dev.llmrouter.error.ContentPolicyViolationException;
import dev.llmrouter.error.ContextWindowExceededException;
import dev.llmrouter.error.InternalServerException;
import dev.llmrouter.error.LlmException;
import dev.llmrouter.error.LlmTimeoutException;
import dev.llmrouter.error.MidStreamException;
import dev.llmrouter.error.NoDeploymentAvailableException;
import dev.llmrouter.error.NotFoundException;
import dev.llmrouter.error.PermissionDeniedException;
import dev.llmrouter.error.RateLimitException;
import dev.llmrouter.error.ServiceUnavailableException;
import dev.llmrouter.error.UnsupportedParamsException;
import dev.llmrouter.provider.ProviderEndpoint;
import dev.llmrouter.provider.ProviderError;
import dev.llmrouter.provider.ProviderErrorException;
import dev.llmrouter.test.MockLlmServer;
import dev.llmrouter.test.MockLlmServer.RecordedRequest;
import dev.llmrouter.test.MockLlmServer.Reply;
import dev.llmrouter.test.TestTimer;
import org.awaitility.Awaitility;
import org.jspecify.annotations.Nullable;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Tests for {@link OpenAiProvider}: the OpenAI wire format and the classification of
 * every failure, over real HTTP against {@link MockLlmServer}, through a router that does
 * not retry.
 */
class OpenAiProviderTests {

	private static final String API_KEY = "sk-test-SECRETKEY1234567890";

	private static final JsonMapper json = JsonMapper.builder().build();

	private final MockLlmServer server = new MockLlmServer();

	private final TestTimer timer = new TestTimer();

	@AfterEach
	void close() {
		this.server.close();
	}

	// ---- request on the wire ----------------------------------------------------

	@Test
	void whenChatThenBodyCarriesDeploymentModelMessagesSamplingAndParams() {
		router().chat(ChatRequest.builder()
			.model("gpt")
			.message(ChatMessage.system("Be brief."))
			.message(ChatMessage.user("Hi"))
			.temperature(0.2)
			.maxTokens(256)
			.param("top_p", 0.9)
			.param("user", "u-1")
			.build());
		JsonNode body = json.readTree(lastRequest().body());
		assertThat(body.get("model").asString()).isEqualTo("gpt-4o");
		assertThat(body.get("messages").toString())
			.isEqualTo("[{\"role\":\"system\",\"content\":\"Be brief.\"},{\"role\":\"user\",\"content\":\"Hi\"}]");
		assertThat(body.get("temperature").asDouble()).isEqualTo(0.2);
		assertThat(body.get("max_tokens").asInt()).isEqualTo(256);
		assertThat(body.get("top_p").asDouble()).isEqualTo(0.9);
		assertThat(body.get("user").asString()).isEqualTo("u-1");
		assertThat(body.has("stream")).isFalse();
		assertThat(body.has("stream_options")).isFalse();
	}

	@Test
	void whenParamsAreStructuredThenWrittenAsJson() {
		router().chat(ChatRequest.builder()
			.model("gpt")
			.message(ChatMessage.user("Hi"))
			.param("response_format", Map.of("type", "json_object"))
			.param("stop", List.of("\n", "END"))
			.param("seed", 7)
			.build());
		JsonNode body = json.readTree(lastRequest().body());
		assertThat(body.get("response_format").get("type").asString()).isEqualTo("json_object");
		assertThat(body.get("stop").toString()).isEqualTo("[\"\\n\",\"END\"]");
		assertThat(body.get("seed").asInt()).isEqualTo(7);
	}

	@Test
	void whenTextIsNotAsciiThenItTravelsAsUtf8BothWays() {
		this.server.enqueue(Reply.json(200, MockLlmServer.completionJson("caf\\u00e9 \u2615", "stop"), Map.of()));
		ChatResponse response = router().chat(ChatRequest.of("gpt", "Grüße 😀 \"quoted\""));
		assertThat(json.readTree(lastRequest().body()).get("messages").get(0).get("content").asString())
			.isEqualTo("Grüße 😀 \"quoted\"");
		assertThat(response.content()).isEqualTo("café \u2615");
	}

	@Test
	void whenChatThenPostedAsJsonToChatCompletions() {
		router().chat(ChatRequest.of("gpt", "hi"));
		RecordedRequest request = lastRequest();
		assertThat(request.uri()).isEqualTo("/v1/chat/completions");
		assertThat(request.header("Content-Type")).startsWith("application/json");
		assertThat(request.header("Accept")).contains("application/json");
		// a sized body, not a chunked one: some gateways refuse chunked requests
		assertThat(request.header("Content-Length"))
			.isEqualTo(String.valueOf(request.body().getBytes(StandardCharsets.UTF_8).length));
		assertThat(request.header("Transfer-Encoding")).isNull();
	}

	@Test
	void whenStreamingThenBodyAsksForStreamWithUsage() {
		this.server.enqueue(Reply.sse("Hi"));
		router().stream(ChatRequest.of("gpt", "hi")).blockLast(Duration.ofSeconds(20));
		RecordedRequest request = lastRequest();
		JsonNode body = json.readTree(request.body());
		assertThat(body.get("stream").asBoolean()).isTrue();
		assertThat(body.get("stream_options").get("include_usage").asBoolean()).isTrue();
		assertThat(request.header("Accept")).contains("text/event-stream");
	}

	@Test
	void whenOpenAiThenApiKeySentAsBearerToken() {
		router().chat(ChatRequest.of("gpt", "hi"));
		assertThat(lastRequest().header("Authorization")).isEqualTo("Bearer " + API_KEY);
		assertThat(lastRequest().header("api-key")).isNull();
	}

	@Test
	void whenAzureOpenAiThenApiKeySentInApiKeyHeader() {
		router((deployment) -> deployment.provider("azure-openai")).chat(ChatRequest.of("gpt", "hi"));
		assertThat(lastRequest().header("api-key")).isEqualTo(API_KEY);
		assertThat(lastRequest().header("Authorization")).isNull();
	}

	@Test
	void whenNoApiKeyThenNoAuthorizationHeader() {
		router((deployment) -> deployment.apiKey(null)).chat(ChatRequest.of("gpt", "hi"));
		assertThat(lastRequest().header("Authorization")).isNull();
	}

	@Test
	void whenExtraHeadersConfiguredThenSent() {
		router((deployment) -> deployment.header("OpenAI-Organization", "org-1").header("X-Trace", "t-1"))
			.chat(ChatRequest.of("gpt", "hi"));
		assertThat(lastRequest().header("OpenAI-Organization")).isEqualTo("org-1");
		assertThat(lastRequest().header("X-Trace")).isEqualTo("t-1");
	}

	// ---- successful answers -----------------------------------------------------

	@Test
	void whenJsonCompletionThenContentFinishReasonUsageModelAndMetadata() {
		ChatResponse response = router().chat(ChatRequest.of("gpt", "hi"));
		assertThat(response.content()).isEqualTo("Hello from the mock");
		assertThat(response.finishReason()).isEqualTo("stop");
		assertThat(response.model()).isEqualTo("mock-model");
		assertThat(response.usage().promptTokens()).isEqualTo(9);
		assertThat(response.usage().completionTokens()).isEqualTo(12);
		assertThat(response.usage().totalTokens()).isEqualTo(21);
		assertThat(response.metadata().deployment()).isEqualTo("east");
		assertThat(response.metadata().attempts()).singleElement().satisfies((attempt) -> {
			assertThat(attempt.succeeded()).isTrue();
			assertThat(attempt.httpStatus()).hasValue(200);
		});
	}

	@Test
	void whenCompletionIsLargerThanTheDefaultCodecBufferThenItIsRead() {
		String content = "a".repeat(600_000);
		this.server.enqueue(Reply.completion(content));
		assertThat(router().chat(ChatRequest.of("gpt", "hi")).content()).hasSize(600_000);
	}

	@Test
	void whenCompletionHasUntypedFieldsThenTheyAreKeptInProviderFields() {
		this.server.enqueue(Reply.json(200, """
				{"id":"chatcmpl-9","object":"chat.completion","created":1,"model":"gpt-4o-2024-08-06",
				 "service_tier":"default","prompt_filter_results":[{"prompt_index":0,"content_filter_results":{}}],
				 "choices":[{"index":0,"message":{"role":"assistant","content":"ok","refusal":null,"annotations":[],
				   "tool_calls":null,"audio":null},"logprobs":{"content":[]},"finish_reason":"stop",
				   "content_filter_results":{"hate":{"filtered":false}}}],
				 "usage":{"prompt_tokens":1,"completion_tokens":2,"total_tokens":3,
				   "prompt_tokens_details":{"cached_tokens":0},"completion_tokens_details":{"reasoning_tokens":0}},
				 "x_future":{"anything":[1,2,3]}}
				""", Map.of()));
		ChatResponse response = router().chat(ChatRequest.of("gpt", "hi"));
		assertThat(response.content()).isEqualTo("ok");
		assertThat(response.usage().totalTokens()).isEqualTo(3);
		assertThat(response.model()).isEqualTo("gpt-4o-2024-08-06");
		assertThat(response.providerFields()).containsOnlyKeys("id", "object", "created", "service_tier",
				"prompt_filter_results", "x_future", "prompt_tokens_details", "completion_tokens_details");
		assertThat(response.choices().get(0).providerFields()).containsOnlyKeys("logprobs", "content_filter_results",
				"annotations", "audio");
	}

	@Test
	void whenStreamChunksHaveUnknownFieldsThenTheyAreIgnored() {
		this.server.enqueue(Reply.raw(200, "text/event-stream",
				frame("{\"id\":\"c\",\"obfuscation\":\"x1\",\"system_fingerprint\":\"fp\",\"choices\":[{\"index\":0,"
						+ "\"delta\":{\"content\":\"ok\",\"refusal\":null},\"logprobs\":null,\"finish_reason\":null}]}")
						+ frame(chunk("", "stop")) + "data: [DONE]\n\n"));
		List<ChatChunk> chunks = router().stream(ChatRequest.of("gpt", "hi"))
			.collectList()
			.block(Duration.ofSeconds(20));
		assertThat(chunks).extracting(ChatChunk::content).containsExactly("ok", "");
	}

	@Test
	void whenStreamingThenFirstChunkArrivesBeforeTheServerHasFinished() {
		Sinks.Empty<Void> release = Sinks.empty();
		this.server
			.enqueue((response) -> response.status(200)
				.header("Content-Type", "text/event-stream")
				.sendString(Flux.concat(Flux.just(frame(chunk("Hel", null))), release.asMono()
					.thenMany(Flux.just(frame(chunk("lo", null)), frame(chunk("", "stop")), "data: [DONE]\n\n"))))
				.then());
		StepVerifier.create(router().stream(ChatRequest.of("gpt", "hi")))
			.assertNext((chunk) -> assertThat(chunk.content()).isEqualTo("Hel"))
			.then(release::tryEmitEmpty)
			.assertNext((chunk) -> assertThat(chunk.content()).isEqualTo("lo"))
			.assertNext((chunk) -> assertThat(chunk.finishReason()).isEqualTo("stop"))
			.expectComplete()
			.verify(Duration.ofSeconds(20));
	}

	@Test
	void whenStreamHasCommentsEventNamesAndCrlfLineEndsThenDataIsStillRead() {
		this.server.enqueue(Reply.raw(200, "text/event-stream",
				": OPENROUTER PROCESSING\r\n\r\nevent: message\r\ndata:" + chunk("Hi", null) + "\r\n\r\n"
						+ ": keep-alive\r\n\r\ndata: " + chunk("", "stop") + "\r\n\r\ndata: [DONE]\r\n\r\n"));
		List<ChatChunk> chunks = router().stream(ChatRequest.of("gpt", "hi"))
			.collectList()
			.block(Duration.ofSeconds(20));
		assertThat(chunks).extracting(ChatChunk::content).containsExactly("Hi", "");
		assertThat(chunks.get(1).finishReason()).isEqualTo("stop");
	}

	@Test
	void whenDoneArrivesThenStreamCompletesWhileTheConnectionStaysOpen() {
		this.server.enqueue((response) -> response.status(200)
			.header("Content-Type", "text/event-stream")
			.sendString(Flux.concat(Flux.just(frame(chunk("Hi", null)), "data: [DONE]\n\n"), Flux.never()))
			.then());
		CompletableFuture<List<ChatChunk>> chunks = router().stream(ChatRequest.of("gpt", "hi"))
			.collectList()
			.toFuture();
		this.timer.step(OpenAiProvider.DRAIN_AFTER_DONE);
		assertThat(chunks).succeedsWithin(Duration.ofSeconds(20))
			.asInstanceOf(InstanceOfAssertFactories.list(ChatChunk.class))
			.extracting(ChatChunk::content)
			.containsExactly("Hi");
	}

	@Test
	void whenEventsFollowDoneThenTheyAreNotDelivered() {
		this.server.enqueue(Reply.raw(200, "text/event-stream",
				frame(chunk("Hi", null)) + "data: [DONE]\n\n" + frame(chunk(" again", null))));
		List<ChatChunk> chunks = router().stream(ChatRequest.of("gpt", "hi"))
			.collectList()
			.block(Duration.ofSeconds(20));
		assertThat(chunks).extracting(ChatChunk::content).containsExactly("Hi");
	}

	@Test
	void whenStreamEndsAfterFinishReasonWithoutDoneThenItCompletes() {
		this.server.enqueue(Reply.raw(200, "text/event-stream", frame(chunk("Hi", null)) + frame(chunk("", "stop"))));
		List<ChatChunk> chunks = router().stream(ChatRequest.of("gpt", "hi"))
			.collectList()
			.block(Duration.ofSeconds(20));
		assertThat(chunks).extracting(ChatChunk::finishReason).containsExactly(null, "stop");
	}

	@Test
	void whenStreamSendsUsageThenLastChunkCarriesIt() {
		this.server.enqueue(Reply.sse("a", "b"));
		List<ChatChunk> chunks = router().stream(ChatRequest.of("gpt", "hi"))
			.collectList()
			.block(Duration.ofSeconds(20));
		assertThat(chunks).extracting(ChatChunk::content).containsExactly("", "a", "b", "", "");
		assertThat(chunks.get(chunks.size() - 1).usage().totalTokens()).isEqualTo(7);
	}

	// ---- the CONTRACT §3 error table ---------------------------------------------

	@Test
	void when408ThenTimeout() {
		LlmTimeoutException error = failure(Reply.status(408), LlmTimeoutException.class);
		assertThat(error.statusCode()).hasValue(408);
		assertThat(error.isTotalTimeout()).isFalse();
		assertSingleAttempt(error, "LlmTimeoutException", 408);
	}

	@Test
	void whenServerHangsPastTheAttemptTimeoutThenTimeout() throws Exception {
		this.server.enqueue(Reply.hang());
		LlmRouter router = LlmRouter.builder()
			.numRetries(0)
			.timer(this.timer)
			.timeout(Duration.ofSeconds(5))
			.group("gpt", (group) -> group.deployment("east", this::deployment))
			.build();
		CompletableFuture<ChatResponse> call = router.chatAsync(ChatRequest.of("gpt", "hi")).toFuture();
		Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> this.server.hits() == 1);
		this.timer.advance(this.timer.awaitWait(Duration.ofMinutes(1)));
		Throwable error = failureOf(call);
		assertThat(error).isExactlyInstanceOf(LlmTimeoutException.class);
		LlmTimeoutException timeout = (LlmTimeoutException) error;
		assertThat(timeout.statusCode()).isEmpty();
		assertThat(timeout.isTotalTimeout()).isFalse();
		assertThat(this.timer.advanced()).containsExactly(Duration.ofSeconds(5));
		assertSingleAttempt(timeout, "LlmTimeoutException", 0);
		assertThat(timeout.metadata().attempts().get(0).duration()).isEqualTo(Duration.ofSeconds(5));
	}

	@Test
	void whenStreamHangsPastTheStreamTimeoutThenTimeout() throws Exception {
		this.server.enqueue(Reply.hang());
		LlmRouter router = LlmRouter.builder()
			.numRetries(0)
			.timer(this.timer)
			.streamTimeout(Duration.ofSeconds(3))
			.group("gpt", (group) -> group.deployment("east", this::deployment))
			.build();
		CompletableFuture<List<ChatChunk>> call = router.stream(ChatRequest.of("gpt", "hi")).collectList().toFuture();
		Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> this.server.hits() == 1);
		this.timer.advance(this.timer.awaitWait(Duration.ofMinutes(1)));
		Throwable error = failureOf(call);
		assertThat(error).isExactlyInstanceOf(LlmTimeoutException.class);
		assertThat(this.timer.advanced()).containsExactly(Duration.ofSeconds(3));
		assertSingleAttempt((LlmException) error, "LlmTimeoutException", 0);
	}

	@Test
	void when429ThenRateLimitWithRetryAfter() {
		RateLimitException error = failure(Reply.rateLimited(Map.of("Retry-After", "7")), RateLimitException.class);
		assertThat(error).isExactlyInstanceOf(RateLimitException.class);
		assertThat(error.statusCode()).hasValue(429);
		assertThat(error.retryAfter()).contains(Duration.ofSeconds(7));
		assertSingleAttempt(error, "RateLimitException", 429);
	}

	@Test
	void when429WithRetryAfterMsThenRetryAfterInMilliseconds() {
		RateLimitException error = failure(Reply.rateLimited(Map.of("retry-after-ms", "1500", "Retry-After", "2")),
				RateLimitException.class);
		assertThat(error.retryAfter()).contains(Duration.ofMillis(1500));
	}

	@ParameterizedTest
	@ValueSource(ints = { 500, 502, 504, 409 })
	void whenServerErrorOrConflictThenInternalServer(int status) {
		InternalServerException error = failure(Reply.status(status), InternalServerException.class);
		assertThat(error).isExactlyInstanceOf(InternalServerException.class);
		assertThat(error.statusCode()).hasValue(status);
		assertThat(error.retryAfter()).isEmpty();
		assertSingleAttempt(error, "InternalServerException", status);
	}

	@Test
	void when503ThenServiceUnavailable() {
		ServiceUnavailableException error = failure(Reply.error(503, "server_error", null,
				"The engine is currently overloaded", Map.of("Retry-After", "3")), ServiceUnavailableException.class);
		assertThat(error.statusCode()).hasValue(503);
		assertThat(error.retryAfter()).contains(Duration.ofSeconds(3));
		assertSingleAttempt(error, "ServiceUnavailableException", 503);
	}

	@Test
	void whenConnectionRefusedThenApiConnection() throws IOException {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			closedPort = socket.getLocalPort();
		}
		String baseUrl = "http://127.0.0.1:" + closedPort + "/v1";
		Throwable error = catchThrowable(
				() -> router((deployment) -> deployment.baseUrl(baseUrl)).chat(ChatRequest.of("gpt", "hi")));
		assertThat(error).isExactlyInstanceOf(ApiConnectionException.class);
		ApiConnectionException connection = (ApiConnectionException) error;
		assertThat(connection.statusCode()).isEmpty();
		assertSingleAttempt(connection, "ApiConnectionException", 0);
		assertNoSecret(connection);
	}

	@Test
	void whenConnectionDroppedBeforeAnswerThenApiConnection() {
		ApiConnectionException error = failure(Reply.drop(), ApiConnectionException.class);
		assertThat(error.statusCode()).isEmpty();
		assertSingleAttempt(error, "ApiConnectionException", 0);
	}

	@Test
	void whenBodyIsMalformedJsonThenInternalServer() {
		InternalServerException error = failure(Reply.raw(200, "application/json", "{\"choices\": [{\"index\""),
				InternalServerException.class);
		assertThat(error).isExactlyInstanceOf(InternalServerException.class)
			.hasMessageStartingWith("Malformed response from deployment 'east'");
		assertSingleAttempt(error, "InternalServerException", 0);
	}

	@Test
	void whenBodyIsNotJsonThenInternalServer() {
		InternalServerException error = failure(Reply.raw(200, "text/html", "<html>Bad gateway</html>"),
				InternalServerException.class);
		assertThat(error).isExactlyInstanceOf(InternalServerException.class);
	}

	@Test
	void whenBodyHasNoChoicesThenInternalServer() {
		InternalServerException error = failure(Reply.json(200, "{\"id\":\"x\",\"choices\":[]}", Map.of()),
				InternalServerException.class);
		assertThat(error).isExactlyInstanceOf(InternalServerException.class).hasMessageContaining("no choices");
	}

	@Test
	void whenBodyIsJsonOfTheWrongShapeThenInternalServerNamingTheField() {
		InternalServerException error = failure(Reply.json(200, "{\"id\":\"x\",\"choices\":\"not a list\"}", Map.of()),
				InternalServerException.class);
		assertThat(error).isExactlyInstanceOf(InternalServerException.class)
			.hasMessageStartingWith("Malformed response from deployment 'east'")
			.hasMessageContaining("'choices'");
	}

	@Test
	void whenBodyIsAJsonArrayThenInternalServer() {
		InternalServerException error = failure(Reply.json(200, "[1, 2]", Map.of()), InternalServerException.class);
		assertThat(error).isExactlyInstanceOf(InternalServerException.class)
			.hasMessageContaining("expected a JSON object");
	}

	@Test
	void whenBodyHasUnknownNestedFieldsThenTheyAreKeptAsProviderFields() {
		this.server.enqueue(Reply.json(200, """
				{"id":"x","extra":{"deep":[1,{"a":[]}]},"choices":[{"index":0,"logprobs":{"content":[{"t":1}]},
				"message":{"role":"assistant","content":"Hi","tool_calls":[{"id":"t"}]},"finish_reason":"stop"}],
				"usage":{"prompt_tokens":3,"completion_tokens":1,"total_tokens":4,"details":{"cached":0}}}""",
				Map.of()));
		ChatResponse response = router().chat(ChatRequest.of("gpt", "Hi"));
		assertThat(response.content()).isEqualTo("Hi");
		assertThat(response.usage().totalTokens()).isEqualTo(4);
		assertThat(response.providerFields()).containsEntry("extra", Map.of("deep", List.of(1, Map.of("a", List.of()))))
			.containsEntry("details", Map.of("cached", 0));
		assertThat(response.choices().get(0).providerFields()).containsOnlyKeys("logprobs");
		assertThat(response.toolCalls()).singleElement().satisfies((call) -> assertThat(call.id()).isEqualTo("t"));
	}

	@Test
	void whenBodyIsEmptyThenInternalServer() {
		InternalServerException error = failure(Reply.raw(200, "application/json", ""), InternalServerException.class);
		assertThat(error).isExactlyInstanceOf(InternalServerException.class).hasMessageContaining("empty body");
	}

	@Test
	void whenStreamEndsWithoutDoneOrFinishReasonThenInternalServer() {
		this.server.enqueue(Reply.sse(Duration.ZERO, false));
		Throwable error = streamFailure();
		assertThat(error).isExactlyInstanceOf(InternalServerException.class)
			.hasMessageContaining("ended before [DONE]");
		assertSingleAttempt((LlmException) error, "InternalServerException", 0);
	}

	@Test
	void whenStreamEventIsMalformedThenInternalServer() {
		this.server.enqueue(Reply.raw(200, "text/event-stream", "data: {\"choices\": [\n\n"));
		Throwable error = streamFailure();
		assertThat(error).isExactlyInstanceOf(InternalServerException.class).hasMessageStartingWith("Malformed");
	}

	@ParameterizedTest
	@ValueSource(ints = { 400, 422 })
	void whenBadRequestThenBadRequest(int status) {
		BadRequestException error = failure(
				Reply.error(status, "invalid_request_error", null, "'messages' is a required property", Map.of()),
				BadRequestException.class);
		assertThat(error).isExactlyInstanceOf(BadRequestException.class);
		assertThat(error.statusCode()).hasValue(status);
		assertThat(error).hasMessageContaining("'messages' is a required property");
		assertSingleAttempt(error, "BadRequestException", status);
	}

	@Test
	void whenContextLengthExceededThenContextWindowExceeded() {
		ContextWindowExceededException error = failure(Reply.error(400, "invalid_request_error",
				"context_length_exceeded",
				"This model's maximum context length is 128000 tokens. However, your messages resulted in 130000 tokens.",
				Map.of()), ContextWindowExceededException.class);
		assertThat(error.statusCode()).hasValue(400);
		assertSingleAttempt(error, "ContextWindowExceededException", 400);
	}

	@Test
	void whenContentFilterRejectsThePromptThenContentPolicyViolation() {
		ContentPolicyViolationException error = failure(Reply.error(400, "invalid_request_error", "content_filter",
				"The response was filtered due to the prompt triggering Azure OpenAI's content management policy.",
				Map.of()), ContentPolicyViolationException.class);
		assertThat(error.statusCode()).hasValue(400);
		assertSingleAttempt(error, "ContentPolicyViolationException", 400);
	}

	@Test
	void whenContentPolicyViolationCodeThenContentPolicyViolation() {
		failure(Reply.error(400, "invalid_request_error", "content_policy_violation",
				"Your request was rejected as a result of our safety system.", Map.of()),
				ContentPolicyViolationException.class);
	}

	@Test
	void whenCompletionFinishedByContentFilterThenContentPolicyViolation() {
		ContentPolicyViolationException error = failure(
				Reply.json(200, MockLlmServer.completionJson("", "content_filter"), Map.of()),
				ContentPolicyViolationException.class);
		assertThat(error.statusCode()).isEmpty();
		assertSingleAttempt(error, "ContentPolicyViolationException", 0);
	}

	@Test
	void whenStreamFinishedByContentFilterBeforeContentThenContentPolicyViolation() {
		this.server.enqueue(Reply.raw(200, "text/event-stream",
				frame(chunk("", null)) + frame(chunk("", "content_filter")) + "data: [DONE]\n\n"));
		assertThat(streamFailure()).isExactlyInstanceOf(ContentPolicyViolationException.class);
	}

	@Test
	void whenUnsupportedParameterThenUnsupportedParams() {
		UnsupportedParamsException error = failure(Reply.error(400, "invalid_request_error", "unsupported_parameter",
				"Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.",
				Map.of()), UnsupportedParamsException.class);
		assertSingleAttempt(error, "UnsupportedParamsException", 400);
	}

	@Test
	void when401ThenAuthentication() {
		AuthenticationException error = failure(
				Reply.error(401, "invalid_request_error", "invalid_api_key", "Incorrect API key provided.", Map.of()),
				AuthenticationException.class);
		assertThat(error).isExactlyInstanceOf(AuthenticationException.class);
		assertThat(error.statusCode()).hasValue(401);
		assertSingleAttempt(error, "AuthenticationException", 401);
	}

	@Test
	void when401EchoesTheKeyThenTheMessageShowsItMasked() {
		AuthenticationException error = failure(Reply.error(401, "invalid_request_error", "invalid_api_key",
				"Incorrect API key provided: " + API_KEY
						+ ". You can find your API key at https://platform.openai.com/account/api-keys.",
				Map.of()), AuthenticationException.class);
		assertThat(error).hasMessageContaining("Incorrect API key provided: ****7890.");
	}

	@Test
	void whenPlainTextErrorEchoesTheKeyThenTheMessageShowsItMasked() {
		AuthenticationException error = failure(Reply.raw(401, "text/plain", "bad key " + API_KEY),
				AuthenticationException.class);
		assertThat(error).hasMessageContaining("bad key ****7890");
	}

	@Test
	void whenAzureEchoesTheKeyThenTheMessageShowsItMasked() {
		this.server.enqueue(Reply.error(401, "invalid_request_error", "401",
				"Access denied due to invalid subscription key " + API_KEY, Map.of()));
		Throwable error = catchThrowable(
				() -> router((deployment) -> deployment.provider("azure-openai")).chat(ChatRequest.of("gpt", "hi")));
		assertThat(error).isExactlyInstanceOf(AuthenticationException.class);
		assertNoSecret(error);
	}

	@Test
	void whenOkBodyCarriesAnErrorEchoingTheKeyThenInternalServerWithTheKeyMasked() {
		InternalServerException error = failure(
				Reply.json(200,
						"{\"error\":{\"message\":\"Upstream rejected key " + API_KEY
								+ "\",\"type\":\"server_error\",\"code\":null}}",
						Map.of()),
				InternalServerException.class);
		assertThat(error).hasMessageContaining("Upstream rejected key ****7890");
	}

	@Test
	void whenStreamSendsAnErrorEventEchoingTheKeyThenInternalServerWithTheKeyMasked() {
		this.server.enqueue(Reply.raw(200, "text/event-stream", frame("{\"error\":{\"message\":\"Upstream rejected key "
				+ API_KEY + "\",\"type\":\"server_error\",\"code\":null}}")));
		Throwable error = streamFailure();
		assertThat(error).isExactlyInstanceOf(InternalServerException.class)
			.hasMessageContaining("Upstream rejected key ****7890");
	}

	@Test
	void whenLongPlainTextErrorEchoesTheKeyAtTheCutThenNoPartOfTheKeyShows() {
		AuthenticationException error = failure(Reply.raw(401, "text/plain", "x".repeat(285) + " " + API_KEY),
				AuthenticationException.class);
		assertThat(error.getMessage()).doesNotContain(API_KEY.substring(0, 12));
	}

	@Test
	void whenErrorCodeOrTypeEchoesTheKeyThenTheKeyIsMasked() {
		failure(Reply.error(401, "invalid_key:" + API_KEY, API_KEY, "Incorrect API key provided.", Map.of()),
				AuthenticationException.class);
	}

	@Test
	void when403ThenPermissionDenied() {
		PermissionDeniedException error = failure(Reply.error(403, "invalid_request_error", "unsupported_country",
				"Country, region, or territory not supported", Map.of()), PermissionDeniedException.class);
		assertThat(error.statusCode()).hasValue(403);
		assertSingleAttempt(error, "PermissionDeniedException", 403);
	}

	@Test
	void when404ThenNotFound() {
		NotFoundException error = failure(
				Reply.error(404, "invalid_request_error", "model_not_found",
						"The model `gpt-5o` does not exist or you do not have access to it.", Map.of()),
				NotFoundException.class);
		assertThat(error.statusCode()).hasValue(404);
		assertSingleAttempt(error, "NotFoundException", 404);
	}

	@Test
	void whenEveryDeploymentIsCoolingDownThenNoDeploymentAvailable() {
		this.server.enqueue(Reply.status(500), Reply.status(500));
		LlmRouter router = LlmRouter.builder()
			.numRetries(1)
			.allowedFails(1)
			.timer(this.timer)
			.group("gpt", (group) -> group.deployment("east", this::deployment).deployment("west", this::deployment))
			.build();
		assertThat(catchThrowable(() -> router.chat(ChatRequest.of("gpt", "hi"))))
			.isExactlyInstanceOf(InternalServerException.class);
		Throwable error = catchThrowable(() -> router.chat(ChatRequest.builder()
			.model("gpt")
			.message(dev.llmrouter.ChatMessage.user("hi"))
			.numRetries(0)
			.build()));
		assertThat(error).isExactlyInstanceOf(NoDeploymentAvailableException.class)
			.isInstanceOf(RateLimitException.class);
		NoDeploymentAvailableException noDeployment = (NoDeploymentAvailableException) error;
		assertThat(noDeployment.retryAfter()).contains(Duration.ofSeconds(5));
		assertThat(noDeployment.statusCode()).isEmpty();
		assertThat(noDeployment.metadata().modelGroup()).isEqualTo("gpt");
		assertThat(noDeployment.metadata().attempts()).isEmpty();
		assertThat(this.server.hits()).isEqualTo(2);
	}

	@Test
	void whenStreamTruncatedAfterContentThenMidStreamWithPartialContent() {
		this.server.enqueue(Reply.sse(Duration.ZERO, false, "Hel", "lo"));
		List<ChatChunk> received = new CopyOnWriteArrayList<>();
		Throwable error = streamFailure(received);
		assertThat(error).isExactlyInstanceOf(MidStreamException.class);
		MidStreamException midStream = (MidStreamException) error;
		assertThat(midStream.partialContent()).isEqualTo("Hello");
		assertThat(midStream.getCause()).isExactlyInstanceOf(InternalServerException.class);
		assertThat(received).extracting(ChatChunk::content).containsExactly("", "Hel", "lo");
		assertSingleAttempt(midStream, "MidStreamException", 0);
	}

	@Test
	void whenConnectionDropsAfterContentThenMidStreamWithPartialContent() {
		this.server.enqueue(Reply.sseThenDrop("Hel", "lo"));
		Throwable error = streamFailure();
		assertThat(error).isExactlyInstanceOf(MidStreamException.class);
		MidStreamException midStream = (MidStreamException) error;
		assertThat(midStream.partialContent()).isEqualTo("Hello");
		assertThat(midStream.getCause()).isInstanceOf(InternalServerException.class);
		assertThat(this.server.hits()).isEqualTo(1);
	}

	@Test
	void whenStreamFailsBeforeContentThenClassifiedNotMidStream() {
		this.server.enqueue(Reply.rateLimited(Map.of("Retry-After", "4")));
		Throwable error = streamFailure();
		assertThat(error).isExactlyInstanceOf(RateLimitException.class);
		assertThat(((LlmException) error).retryAfter()).contains(Duration.ofSeconds(4));
	}

	@Test
	void whenRetryAfterIsAnHttpDateThenWaitIsMeasuredAgainstTheRouterClock() {
		// the virtual clock starts at the epoch
		RateLimitException error = failure(Reply.rateLimited(Map.of("Retry-After", "Thu, 01 Jan 1970 00:00:30 GMT")),
				RateLimitException.class);
		assertThat(error.retryAfter()).contains(Duration.ofSeconds(30));
	}

	@Test
	void whenProviderIsCalledDirectlyThenAnErrorAnswerIsAProviderErrorExceptionWithItsHeaders() {
		OpenAiProvider provider = OpenAiProvider.openAi(WebClient.create(), this.timer);
		this.server.enqueue(Reply.rateLimited(Map.of("Retry-After", "4")));
		StepVerifier.create(provider.chat(endpoint(), ChatRequest.of("gpt", "hi"))).expectErrorSatisfies((error) -> {
			assertThat(error).isExactlyInstanceOf(ProviderErrorException.class);
			ProviderError answered = ((ProviderErrorException) error).error();
			assertThat(answered.status()).isEqualTo(429);
			assertThat(answered.code()).isEqualTo("rate_limit_exceeded");
			assertThat(answered.header("Retry-After")).isEqualTo("4");
		}).verify(Duration.ofSeconds(20));
	}

	private ProviderEndpoint endpoint() {
		return new ProviderEndpoint("east", OpenAiProvider.OPENAI, "gpt-4o", URI.create(this.server.baseUrl()), API_KEY,
				Map.of());
	}

	// ---- helpers ----------------------------------------------------------------

	private LlmRouter router() {
		return router((deployment) -> {
		});
	}

	private LlmRouter router(Consumer<LlmRouter.DeploymentSpec> customizer) {
		return LlmRouter.builder()
			.numRetries(0)
			.timer(this.timer)
			.group("gpt", (group) -> group.deployment("east", (deployment) -> {
				deployment(deployment);
				customizer.accept(deployment);
			}))
			.build();
	}

	private void deployment(LlmRouter.DeploymentSpec deployment) {
		deployment.model("gpt-4o").baseUrl(this.server.baseUrl()).apiKey(API_KEY);
	}

	private RecordedRequest lastRequest() {
		List<RecordedRequest> requests = this.server.requests();
		assertThat(requests).isNotEmpty();
		return requests.get(requests.size() - 1);
	}

	private <T extends LlmException> T failure(Reply reply, Class<T> type) {
		this.server.enqueue(reply);
		Throwable error = catchThrowable(() -> router().chat(ChatRequest.of("gpt", "hi")));
		assertThat(error).isInstanceOf(type);
		assertNoSecret(error);
		return type.cast(error);
	}

	private Throwable streamFailure() {
		return streamFailure(new ArrayList<>());
	}

	private Throwable streamFailure(List<ChatChunk> received) {
		Throwable error = catchThrowable(() -> router().stream(ChatRequest.of("gpt", "hi"))
			.doOnNext(received::add)
			.blockLast(Duration.ofSeconds(20)));
		assertThat(error).isInstanceOf(LlmException.class);
		assertNoSecret(error);
		return error;
	}

	private static Throwable failureOf(CompletableFuture<?> call) throws Exception {
		try {
			call.get(20, TimeUnit.SECONDS);
		}
		catch (ExecutionException ex) {
			assertNoSecret(ex.getCause());
			return ex.getCause();
		}
		throw new AssertionError("The call succeeded");
	}

	private static void assertSingleAttempt(LlmException error, String outcome, int status) {
		assertThat(error.metadata().modelGroup()).isEqualTo("gpt");
		assertThat(error.metadata().deployment()).isEqualTo("east");
		assertThat(error.metadata().retryCount()).isZero();
		assertThat(error.metadata().attempts()).singleElement().satisfies((attempt) -> {
			assertThat(attempt.modelGroup()).isEqualTo("gpt");
			assertThat(attempt.deployment()).isEqualTo("east");
			assertThat(attempt.outcome()).isEqualTo(outcome);
			assertThat(attempt.status()).isEqualTo(status);
			assertThat(attempt.backoff()).isEqualTo(Duration.ZERO);
		});
	}

	private static void assertNoSecret(@Nullable Throwable error) {
		if (error == null) {
			return;
		}
		assertThat(String.valueOf(error.getMessage())).doesNotContain(API_KEY);
		assertThat(error.toString()).doesNotContain(API_KEY);
		if (error instanceof LlmException llmException) {
			assertThat(llmException.metadata().toString()).doesNotContain(API_KEY);
		}
		assertNoSecret(error.getCause());
		for (Throwable suppressed : error.getSuppressed()) {
			assertNoSecret(suppressed);
		}
	}

	private static String frame(String data) {
		return "data: " + data + "\n\n";
	}

	private static String chunk(String content, @Nullable String finishReason) {
		String finish = (finishReason != null) ? "\"" + finishReason + "\"" : "null";
		return "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"model\":\"mock-model\","
				+ "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + content + "\"},\"finish_reason\":" + finish
				+ "}]}";
	}

}
