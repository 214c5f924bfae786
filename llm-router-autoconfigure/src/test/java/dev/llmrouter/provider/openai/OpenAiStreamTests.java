package dev.llmrouter.provider.openai;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import dev.llmrouter.ChatChunk;
import dev.llmrouter.ChatMessage;
import dev.llmrouter.ChatRequest;
import dev.llmrouter.ChatResponse;
import dev.llmrouter.Choice;
import dev.llmrouter.LlmRouter;
import dev.llmrouter.ToolCall;
import dev.llmrouter.ToolCallDelta;
import dev.llmrouter.Usage;
import dev.llmrouter.error.AuthenticationException;
import dev.llmrouter.error.ContentPolicyViolationException;
import dev.llmrouter.error.ContextWindowExceededException;
import dev.llmrouter.error.InternalServerException;
import dev.llmrouter.error.MidStreamException;
import dev.llmrouter.provider.ProviderEndpoint;
import dev.llmrouter.provider.ProviderError;
import dev.llmrouter.provider.ProviderErrorException;
import dev.llmrouter.test.MockLlmServer;
import dev.llmrouter.test.MockLlmServer.Reply;
import dev.llmrouter.test.TestTimer;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Streamed chat completions in OpenAI's wire format (CONTRACT §2 {@code ChatChunk}, §3
 * "Streaming"), over real HTTP against {@link MockLlmServer}: one chunk per choice,
 * tool-call deltas, refusals, provider fields, usage, in-stream errors, what counts as
 * delivered, and {@code stream_options}.
 * <p>
 * The events are written as OpenAI's API reference shows the chat completion chunk object
 * ({@code id}, {@code object: chat.completion.chunk}, {@code created}, {@code model},
 * {@code system_fingerprint}, {@code choices[].delta} with
 * {@code role}/{@code content}/{@code tool_calls}/{@code refusal},
 * {@code choices[].logprobs}, {@code finish_reason}, and the last event with
 * {@code choices: []} and {@code usage} when {@code stream_options.include_usage} is
 * set); streamed tool calls as its function-calling guide shows them (the first delta of
 * a call carries {@code index}, {@code id}, {@code type} and {@code function.name} with
 * empty {@code arguments}, the next ones only {@code index} and argument fragments).
 */
class OpenAiStreamTests {

	private static final String API_KEY = "sk-test-SECRETKEY1234567890";

	private static final JsonMapper json = JsonMapper.builder().build();

	/**
	 * How far the test timer runs the router's waits: retries here wait no time (the
	 * backoff's random is 0), and the read of a body after {@code [DONE]} (its timer is
	 * due in 1s) is left to end by itself.
	 */
	private static final Duration HORIZON = Duration.ofMillis(500);

	private final MockLlmServer server = new MockLlmServer();

	private final TestTimer timer = new TestTimer();

	@AfterEach
	void close() {
		this.server.close();
	}

	// ---- tool calls -------------------------------------------------------------

	@Test
	void whenToolCallsAreStreamedThenDeltasComeInOrderAndFromChunksAssemblesThem() {
		this.server.enqueue(sse(role(), toolCallStart(0, "call_abc", "get_weather"), toolCallArguments(0, "{\\\"loc"),
				toolCallStart(1, "call_def", "get_time"), toolCallArguments(0, "ation\\\":\\\"Paris\\\"}"),
				toolCallArguments(1, "{}"), finish(0, "tool_calls"), usageEvent(), "[DONE]"));
		List<ChatChunk> chunks = stream(router(0));
		assertThat(chunks).flatExtracting(ChatChunk::toolCalls)
			.containsExactly(new ToolCallDelta(0, "call_abc", "get_weather", ""),
					new ToolCallDelta(0, null, null, "{\"loc"), new ToolCallDelta(1, "call_def", "get_time", ""),
					new ToolCallDelta(0, null, null, "ation\":\"Paris\"}"), new ToolCallDelta(1, null, null, "{}"));
		ChatResponse response = ChatResponse.fromChunks(chunks);
		assertThat(response.toolCalls()).containsExactly(
				new ToolCall("call_abc", "get_weather", "{\"location\":\"Paris\"}"),
				new ToolCall("call_def", "get_time", "{}"));
		assertThat(response.finishReason()).isEqualTo("tool_calls");
		assertThat(response.content()).isEmpty();
		assertThat(response.usage()).isEqualTo(new Usage(5, 7, 12));
	}

	@Test
	void whenStreamFailsAfterToolCallFragmentsThenMidStreamCarriesThePartialToolCallsAndIsNotRetried() {
		this.server.byDefault(sse(role(), toolCallStart(0, "call_abc", "get_weather"),
				toolCallArguments(0, "{\\\"location\\\":"), error("server_error", null, "The server had an error")));
		Throwable failure = streamFailure(router(2), new ArrayList<>());
		assertThat(failure).isExactlyInstanceOf(MidStreamException.class);
		MidStreamException midStream = (MidStreamException) failure;
		assertThat(midStream.partialContent()).isEmpty();
		assertThat(midStream.partialToolCalls())
			.containsExactly(new ToolCall("call_abc", "get_weather", "{\"location\":"));
		assertThat(midStream.getCause()).isInstanceOf(InternalServerException.class);
		assertThat(this.server.hits()).isEqualTo(1);
	}

	@Test
	void whenToolCallsHaveTheWrongShapeThenMalformedResponseNotAParserException() {
		this.server.enqueue(sse(role(), choiceEvent(0, "{\"tool_calls\":\"get_weather\"}", null), "[DONE]"));
		Throwable failure = streamFailure(router(0), new ArrayList<>());
		assertThat(failure).isExactlyInstanceOf(InternalServerException.class)
			.hasMessageContaining("Malformed response from deployment 'east'")
			.hasMessageContaining("tool_calls");
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hel",
			"{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hel\"}}]",
			"{\"choices\":[{\"index\":0,\"delta\":{\"role\":{\"a\":[1,", "{\"choices\":[]}{\"choices\":[]}",
			"{\"choices\":[]} [1]" })
	void whenAnEventIsTruncatedOrHoldsSeveralValuesThenMalformedAndNothingLeaksIntoTheNextEvent(String data) {
		// each event is read by the stream's one parser: a broken event must fail the
		// stream, never wait for the next event to finish it
		this.server.enqueue(sse(role(), data, choiceEvent(0, "{\"content\":\"lo\"}", null), "[DONE]"));
		Throwable failure = streamFailure(router(0), new ArrayList<>());
		assertThat(failure).isExactlyInstanceOf(InternalServerException.class)
			.hasMessageContaining("Malformed response from deployment 'east'");
	}

	@Test
	void whenManyEventsAreReadThenEachIsReadAloneAndInOrder() {
		List<String> events = new ArrayList<>();
		events.add(role());
		StringBuilder expected = new StringBuilder();
		for (int i = 0; i < 300; i++) {
			String piece = (i % 7 == 0) ? "\\u00e9\\n" : "w" + i + " ";
			events.add(choiceEvent(0, "{\"content\":\"" + piece + "\"}", null));
			expected.append((i % 7 == 0) ? "\u00e9\n" : "w" + i + " ");
		}
		events.add(finish(0, "stop"));
		events.add("[DONE]");
		this.server.enqueue(sse(events.toArray(String[]::new)));
		ChatResponse response = ChatResponse.fromChunks(stream(router(0)));
		assertThat(response.content()).isEqualTo(expected.toString());
		assertThat(response.finishReason()).isEqualTo("stop");
	}

	// ---- several choices --------------------------------------------------------

	@Test
	void whenThreeChoicesAreStreamedThenChunksAreTaggedAndEachChoiceIsAssembledApart() {
		this.server.enqueue(sse(choiceEvent(0, "{\"role\":\"assistant\",\"content\":\"\"}", null),
				choiceEvent(1, "{\"role\":\"assistant\",\"content\":\"\"}", null),
				choiceEvent(2, "{\"role\":\"assistant\",\"content\":\"\"}", null), content(0, "Red"),
				content(2, "Blue"), content(1, "Green"), content(0, " apple"), content(1, " leaf"), content(2, " sky"),
				finish(1, "stop"), finish(0, "stop"), finish(2, "length"), usageEvent(), "[DONE]"));
		List<ChatChunk> chunks = stream(router(0));
		assertThat(chunks).filteredOn(ChatChunk::delivers)
			.extracting(ChatChunk::choiceIndex, ChatChunk::content)
			.containsExactly(tuple(0, "Red"), tuple(2, "Blue"), tuple(1, "Green"), tuple(0, " apple"),
					tuple(1, " leaf"), tuple(2, " sky"));
		ChatResponse response = ChatResponse.fromChunks(chunks);
		assertThat(response.choices()).extracting(Choice::index).containsExactly(0, 1, 2);
		assertThat(response.choices()).extracting((choice) -> choice.message().content())
			.containsExactly("Red apple", "Green leaf", "Blue sky");
		assertThat(response.choices()).extracting(Choice::finishReason).containsExactly("stop", "stop", "length");
	}

	@Test
	void whenOneEventCarriesSeveralChoicesThenEachBecomesItsOwnChunk() {
		this.server.enqueue(sse(
				"{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"choices\":["
						+ "{\"index\":0,\"delta\":{\"content\":\"Yes\"},\"finish_reason\":null},"
						+ "{\"index\":1,\"delta\":{\"content\":\"No\"},\"finish_reason\":null}]}",
				finish(0, "stop"), finish(1, "stop"), "[DONE]"));
		List<ChatChunk> chunks = stream(router(0));
		assertThat(chunks).filteredOn(ChatChunk::delivers)
			.extracting(ChatChunk::choiceIndex, ChatChunk::content)
			.containsExactly(tuple(0, "Yes"), tuple(1, "No"));
	}

	// ---- refusals ---------------------------------------------------------------

	@Test
	void whenRefusalIsStreamedThenChunksCarryItsFragmentsAndFromChunksJoinsThem() {
		this.server.enqueue(sse(choiceEvent(0, "{\"role\":\"assistant\",\"content\":null,\"refusal\":\"\"}", null),
				choiceEvent(0, "{\"refusal\":\"I'm sorry, \"}", null),
				choiceEvent(0, "{\"refusal\":\"I can't help with that.\"}", null), finish(0, "stop"), "[DONE]"));
		List<ChatChunk> chunks = stream(router(0));
		assertThat(chunks).filteredOn(ChatChunk::delivers)
			.extracting(ChatChunk::refusal)
			.containsExactly("I'm sorry, ", "I can't help with that.");
		ChatResponse response = ChatResponse.fromChunks(chunks);
		assertThat(response.refusal()).isEqualTo("I'm sorry, I can't help with that.");
		assertThat(response.content()).isEmpty();
	}

	@Test
	void whenStreamFailsAfterARefusalFragmentThenMidStreamAndNotRetried() {
		this.server.byDefault(Reply.raw(200, "text/event-stream",
				frames(role(), choiceEvent(0, "{\"refusal\":\"I'm sorry\"}", null))));
		Throwable failure = streamFailure(router(2), new ArrayList<>());
		assertThat(failure).isExactlyInstanceOf(MidStreamException.class);
		assertThat(this.server.hits()).isEqualTo(1);
	}

	// ---- provider fields --------------------------------------------------------

	@Test
	void whenChunksCarryLogprobsThenEachChunkHasThemInItsProviderFields() {
		String logprobs = "{\"content\":[{\"token\":\"Hi\",\"logprob\":-0.31725305,\"bytes\":[72,105],"
				+ "\"top_logprobs\":[{\"token\":\"Hi\",\"logprob\":-0.31725305,\"bytes\":[72,105]}]}],\"refusal\":null}";
		this.server.enqueue(sse(role(),
				"{\"id\":\"chatcmpl-123\",\"object\":\"chat.completion.chunk\",\"choices\":"
						+ "[{\"index\":0,\"delta\":{\"content\":\"Hi\"},\"logprobs\":" + logprobs
						+ ",\"finish_reason\":null}]}",
				finish(0, "stop"), "[DONE]"));
		List<ChatChunk> chunks = stream(router(0));
		ChatChunk hi = chunks.stream().filter(ChatChunk::delivers).findFirst().orElseThrow();
		assertThat(hi.providerFields()).containsOnlyKeys("logprobs");
		assertThat((JsonNode) json.valueToTree(hi.providerFields().get("logprobs"))).isEqualTo(json.readTree(logprobs));
		Choice choice = ChatResponse.fromChunks(chunks).choices().get(0);
		assertThat(choice.providerFields().get("logprobs")).asInstanceOf(InstanceOfAssertFactories.LIST).hasSize(1);
	}

	@Test
	void whenDeltasCarryReasoningContentThenFromChunksJoinsIt() {
		this.server.enqueue(sse(role(), choiceEvent(0, "{\"reasoning_content\":\"Two plus \"}", null),
				choiceEvent(0, "{\"reasoning_content\":\"two is four.\"}", null), content(0, "4"), finish(0, "stop"),
				"[DONE]"));
		List<ChatChunk> chunks = stream(router(0));
		assertThat(chunks.get(1).delivers()).isFalse();
		assertThat(chunks.get(1).providerFields()).containsEntry("reasoning_content", "Two plus ");
		Choice choice = ChatResponse.fromChunks(chunks).choices().get(0);
		assertThat(choice.providerFields()).containsEntry("reasoning_content", "Two plus two is four.");
		assertThat(choice.message().content()).isEqualTo("4");
	}

	@Test
	void whenTopLevelFieldsRepeatInEveryEventThenTheFirstChunkCarriesThemOnce() {
		this.server.enqueue(sse(role(), content(0, "Hel"), content(0, "lo"), finish(0, "stop"), "[DONE]"));
		List<ChatChunk> chunks = stream(router(0));
		assertThat(chunks.get(0).providerFields()).containsEntry("id", "chatcmpl-123")
			.containsEntry("object", "chat.completion.chunk")
			.containsEntry("created", 1694268190)
			.containsEntry("model", "gpt-4o-mini")
			.containsEntry("system_fingerprint", "fp_44709d6fcb");
		assertThat(chunks.subList(1, chunks.size()))
			.allSatisfy((chunk) -> assertThat(chunk.providerFields()).isEmpty());
	}

	@Test
	void whenUsageEventCarriesDetailsThenTheUsageChunkHasUsageAndDetails() {
		this.server.enqueue(sse(role(), content(0, "Hi"), finish(0, "stop"),
				"{\"id\":\"chatcmpl-123\",\"object\":\"chat.completion.chunk\",\"created\":1694268190,"
						+ "\"model\":\"gpt-4o-mini\",\"system_fingerprint\":\"fp_44709d6fcb\",\"choices\":[],"
						+ "\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":1,\"total_tokens\":10,"
						+ "\"prompt_tokens_details\":{\"cached_tokens\":0}}}",
				"[DONE]"));
		List<ChatChunk> chunks = stream(router(0));
		ChatChunk last = chunks.get(chunks.size() - 1);
		assertThat(last.usage()).isEqualTo(new Usage(9, 1, 10));
		assertThat(last.providerFields()).containsOnlyKeys("prompt_tokens_details");
		assertThat(last.delivers()).isFalse();
	}

	@Test
	void whenFinishReasonIsAnotherServersWordThenItIsNormalised() {
		// TGI's OpenAI-compatible stream ends with "eos_token"
		this.server.enqueue(sse(role(), content(0, "Hi"), finish(0, "eos_token"), "[DONE]"));
		List<ChatChunk> chunks = stream(router(0));
		assertThat(chunks.get(chunks.size() - 1).finishReason()).isEqualTo("stop");
	}

	// ---- delivery and in-stream errors ------------------------------------------

	@Test
	void whenFirstEventsCarryOnlyRoleAndEmptyContentAndThenAnErrorThenRetriedTransparently() {
		this.server.enqueue(sse(role(), content(0, ""), error("server_error", null, "The server had an error")),
				sse(role(), content(0, "Hello"), finish(0, "stop"), "[DONE]"));
		List<ChatChunk> chunks = stream(router(2));
		assertThat(chunks).filteredOn(ChatChunk::delivers).extracting(ChatChunk::content).containsExactly("Hello");
		assertThat(this.server.hits()).isEqualTo(2);
	}

	@Test
	void whenErrorEventComesAfterContentThenMidStreamWithThePartialText() {
		this.server.byDefault(sse(role(), content(0, "Hel"), content(0, "lo"),
				error("server_error", null, "The server had an error")));
		Throwable failure = streamFailure(router(2), new ArrayList<>());
		assertThat(failure).isExactlyInstanceOf(MidStreamException.class);
		MidStreamException midStream = (MidStreamException) failure;
		assertThat(midStream.partialContent()).isEqualTo("Hello");
		assertThat(midStream.getCause()).isInstanceOf(InternalServerException.class)
			.hasMessageContaining("Error inside the successful response from deployment 'east'")
			.hasMessageContaining("The server had an error");
		assertThat(midStream.statusCode()).isEmpty();
		assertThat(this.server.hits()).isEqualTo(1);
	}

	@Test
	void whenErrorEventArrivesThenTheAdapterFailsWithAStatusZeroProviderErrorCarryingItsFields() {
		OpenAiProvider provider = OpenAiProvider.openAi(WebClient.create(), this.timer);
		this.server.enqueue(sse(role(),
				"{\"error\":{\"message\":\"Incorrect API key provided: " + API_KEY
						+ ".\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"invalid_api_key\","
						+ "\"innererror\":{\"code\":\"Expired\"}}}"));
		StepVerifier.create(provider.stream(endpoint(true), ChatRequest.of("gpt", "hi")))
			.expectNextCount(1)
			.expectErrorSatisfies((failure) -> {
				assertThat(failure).isExactlyInstanceOf(ProviderErrorException.class);
				ProviderError error = ((ProviderErrorException) failure).error();
				assertThat(error.status()).isZero();
				assertThat(error.type()).isEqualTo("invalid_request_error");
				assertThat(error.code()).isEqualTo("invalid_api_key");
				assertThat(error.message()).isEqualTo("Incorrect API key provided: ****7890.");
				assertThat(error.fields()).containsOnlyKeys("innererror");
				assertThat(error.header("Content-Type")).isEqualTo("text/event-stream");
			})
			.verify(Duration.ofSeconds(20));
	}

	@Test
	void whenVllmSendsAnErrorObjectInTheStreamThenItIsAProviderErrorWithItsTypeAndCode() {
		OpenAiProvider provider = OpenAiProvider.openAi(WebClient.create(), this.timer);
		this.server
			.enqueue(sse("{\"object\":\"error\",\"message\":\"This model's maximum context length is 4096 tokens. "
					+ "However, you requested 5000 tokens.\",\"type\":\"BadRequestError\",\"param\":null,\"code\":400}"));
		StepVerifier.create(provider.stream(endpoint(true), ChatRequest.of("gpt", "hi")))
			.expectErrorSatisfies((failure) -> {
				ProviderError error = ((ProviderErrorException) failure).error();
				assertThat(error.status()).isZero();
				assertThat(error.type()).isEqualTo("BadRequestError");
				assertThat(error.code()).isEqualTo("400");
				assertThat(error.message()).startsWith("This model's maximum context length is 4096 tokens.");
			})
			.verify(Duration.ofSeconds(20));
	}

	@Test
	void whenErrorEventSaysInvalidApiKeyThenAuthenticationAndNotRetried() {
		this.server.byDefault(sse(role(), error("invalid_request_error", "invalid_api_key", "Incorrect API key")));
		Throwable failure = streamFailure(router(2), new ArrayList<>());
		assertThat(failure).isExactlyInstanceOf(AuthenticationException.class);
		assertThat(this.server.hits()).isEqualTo(1);
	}

	@Test
	void whenErrorEventSaysContextLengthExceededThenContextWindowExceededAndNotRetried() {
		this.server.byDefault(sse(role(), error("invalid_request_error", "context_length_exceeded",
				"This model's maximum context length is 128000 tokens.")));
		Throwable failure = streamFailure(router(2), new ArrayList<>());
		assertThat(failure).isExactlyInstanceOf(ContextWindowExceededException.class);
		assertThat(this.server.hits()).isEqualTo(1);
	}

	@Test
	void whenStreamIsFinishedByTheContentFilterThenContentPolicyViolationWithTheFilterResults() {
		// Azure OpenAI: prompt filter results in a first event without choices, content
		// filter results on the choice
		String promptFilter = "[{\"prompt_index\":0,\"content_filter_results\":{\"hate\":{\"filtered\":false,"
				+ "\"severity\":\"safe\"}}}]";
		String contentFilter = "{\"hate\":{\"filtered\":true,\"severity\":\"high\"}}";
		this.server.enqueue(sse(
				"{\"choices\":[],\"created\":0,\"id\":\"\",\"model\":\"\",\"object\":\"\",\"prompt_filter_results\":"
						+ promptFilter + "}",
				"{\"choices\":[{\"content_filter_results\":" + contentFilter + ",\"delta\":{\"content\":\"\"},"
						+ "\"finish_reason\":\"content_filter\",\"index\":0}],\"object\":\"chat.completion.chunk\"}",
				"[DONE]"));
		Throwable failure = streamFailure(router(0), new ArrayList<>());
		assertThat(failure).isExactlyInstanceOf(ContentPolicyViolationException.class);
		ContentPolicyViolationException violation = (ContentPolicyViolationException) failure;
		assertThat((JsonNode) json.valueToTree(violation.providerFields().get("content_filter_results")))
			.isEqualTo(json.readTree(contentFilter));
		assertThat((JsonNode) json.valueToTree(violation.providerFields().get("prompt_filter_results")))
			.isEqualTo(json.readTree(promptFilter));
	}

	// ---- stream_options ---------------------------------------------------------

	@Test
	void whenStreamUsageIsOnByDefaultThenBodyAsksForUsage() {
		this.server.enqueue(sse(role(), content(0, "Hi"), finish(0, "stop"), "[DONE]"));
		stream(router(0));
		JsonNode body = json.readTree(lastBody());
		assertThat(body.get("stream").asBoolean()).isTrue();
		assertThat(body.get("stream_options").toString()).isEqualTo("{\"include_usage\":true}");
	}

	@Test
	void whenStreamUsageIsOffThenBodyHasNoStreamOptions() {
		this.server.enqueue(sse(role(), content(0, "Hi"), finish(0, "stop"), "[DONE]"));
		stream(LlmRouter.builder()
			.numRetries(0)
			.timer(this.timer)
			.group("gpt",
					(group) -> group.deployment("east",
							(deployment) -> deployment.model("gpt-4o")
								.baseUrl(this.server.baseUrl())
								.apiKey(API_KEY)
								.streamUsage(false)))
			.build());
		JsonNode body = json.readTree(lastBody());
		assertThat(body.get("stream").asBoolean()).isTrue();
		assertThat(body.has("stream_options")).isFalse();
	}

	@Test
	void whenRequestHasAStreamOptionsParamThenItReplacesTheDefaultAndTheKeyIsSentOnce() {
		this.server.enqueue(sse(role(), content(0, "Hi"), finish(0, "stop"), "[DONE]"));
		router(0)
			.stream(ChatRequest.builder()
				.model("gpt")
				.message(ChatMessage.user("hi"))
				.param("stream_options", Map.of("include_usage", false, "include_obfuscation", false))
				.build())
			.collectList()
			.block(Duration.ofSeconds(20));
		String body = lastBody();
		assertThat(topLevelNames(body)).containsOnlyOnce("stream_options");
		assertThat(json.readTree(body).get("stream_options").get("include_usage").asBoolean()).isFalse();
		assertThat(json.readTree(body).get("stream_options").get("include_obfuscation").asBoolean()).isFalse();
	}

	// ---- helpers ----------------------------------------------------------------

	private LlmRouter router(int numRetries) {
		return LlmRouter.builder()
			.numRetries(numRetries)
			.timer(this.timer)
			.random(() -> 0.0)
			.group("gpt",
					(group) -> group.deployment("east",
							(deployment) -> deployment.model("gpt-4o").baseUrl(this.server.baseUrl()).apiKey(API_KEY)))
			.build();
	}

	private ProviderEndpoint endpoint(boolean streamUsage) {
		return new ProviderEndpoint("east", OpenAiProvider.OPENAI, "gpt-4o", URI.create(this.server.baseUrl()), API_KEY,
				Map.of(), streamUsage);
	}

	private List<ChatChunk> stream(LlmRouter router) {
		try {
			return this.timer.run(router.stream(ChatRequest.of("gpt", "hi")).collectList(), HORIZON)
				.get(20, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			throw new AssertionError(ex);
		}
	}

	private Throwable streamFailure(LlmRouter router, List<ChatChunk> received) {
		AtomicReference<Throwable> failure = new AtomicReference<>();
		Flux<ChatChunk> stream = router.stream(ChatRequest.of("gpt", "hi")).doOnNext(received::add);
		try {
			this.timer.run(stream.then(), HORIZON).get(20, TimeUnit.SECONDS);
		}
		catch (ExecutionException ex) {
			failure.set(ex.getCause());
		}
		catch (Exception ex) {
			throw new AssertionError(ex);
		}
		assertThat(failure.get()).as("the stream's failure").isNotNull();
		return failure.get();
	}

	private String lastBody() {
		List<MockLlmServer.RecordedRequest> requests = this.server.requests();
		return requests.get(requests.size() - 1).body();
	}

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

	private static Reply sse(String... events) {
		return Reply.raw(200, "text/event-stream", frames(events));
	}

	private static String frames(String... events) {
		StringBuilder frames = new StringBuilder();
		for (String event : events) {
			frames.append("data: ").append(event).append("\n\n");
		}
		return frames.toString();
	}

	private static String choiceEvent(int index, String delta, String finishReason) {
		String finish = (finishReason != null) ? "\"" + finishReason + "\"" : "null";
		return "{\"id\":\"chatcmpl-123\",\"object\":\"chat.completion.chunk\",\"created\":1694268190,"
				+ "\"model\":\"gpt-4o-mini\",\"system_fingerprint\":\"fp_44709d6fcb\",\"choices\":[{\"index\":" + index
				+ ",\"delta\":" + delta + ",\"logprobs\":null,\"finish_reason\":" + finish + "}]}";
	}

	private static String role() {
		return choiceEvent(0, "{\"role\":\"assistant\",\"content\":\"\"}", null);
	}

	private static String content(int index, String text) {
		return choiceEvent(index, "{\"content\":\"" + text + "\"}", null);
	}

	private static String finish(int index, String finishReason) {
		return choiceEvent(index, "{}", finishReason);
	}

	private static String toolCallStart(int index, String id, String name) {
		return choiceEvent(0,
				"{\"tool_calls\":[{\"index\":" + index + ",\"id\":\"" + id
						+ "\",\"type\":\"function\",\"function\":{\"name\":\"" + name + "\",\"arguments\":\"\"}}]}",
				null);
	}

	private static String toolCallArguments(int index, String fragment) {
		return choiceEvent(0,
				"{\"tool_calls\":[{\"index\":" + index + ",\"function\":{\"arguments\":\"" + fragment + "\"}}]}", null);
	}

	private static String usageEvent() {
		return "{\"id\":\"chatcmpl-123\",\"object\":\"chat.completion.chunk\",\"created\":1694268190,"
				+ "\"model\":\"gpt-4o-mini\",\"system_fingerprint\":\"fp_44709d6fcb\",\"choices\":[],"
				+ "\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":7,\"total_tokens\":12}}";
	}

	private static String error(String type, String code, String message) {
		String codeJson = (code != null) ? "\"" + code + "\"" : "null";
		return "{\"error\":{\"message\":\"" + message + "\",\"type\":\"" + type + "\",\"param\":null,\"code\":"
				+ codeJson + "}}";
	}

}
