package dev.llmrouter.provider.openai;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.llmrouter.Embedding;
import dev.llmrouter.EmbeddingRequest;
import dev.llmrouter.EmbeddingResponse;
import dev.llmrouter.LlmRouter;
import dev.llmrouter.error.AuthenticationException;
import dev.llmrouter.error.InternalServerException;
import dev.llmrouter.error.LlmException;
import dev.llmrouter.error.RateLimitException;
import dev.llmrouter.test.EmbeddingWire;
import dev.llmrouter.test.MockLlmServer;
import dev.llmrouter.test.MockLlmServer.RecordedRequest;
import dev.llmrouter.test.MockLlmServer.Reply;
import dev.llmrouter.test.TestTimer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Tests for embeddings through {@link OpenAiProvider} ({@code POST
 * {base-url}/embeddings}): the request on the wire, exact vectors from base64 and from
 * float arrays, and malformed answers as typed failures, over real HTTP against
 * {@link MockLlmServer}, through a router that does not retry.
 */
class OpenAiEmbeddingsTests {

	private static final String API_KEY = "sk-test-SECRETKEY1234567890";

	private static final JsonMapper json = JsonMapper.builder().build();

	/**
	 * Values whose decimal text is not short: the smallest subnormal, the largest float,
	 * thirds, and the first values of OpenAI's documented example.
	 */
	private static final float[] AWKWARD = { 0.0023064255f, -0.009327292f, 0.015797347f, 1.0f / 3, -2.0f / 3,
			Float.MIN_VALUE, Float.MAX_VALUE, -0.0f, 123456.79f, 1e-30f };

	private static final float[] OTHER = { 0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f, 0.7f, 0.8f, 0.9f, 1.0f };

	private final MockLlmServer server = new MockLlmServer();

	private final TestTimer timer = new TestTimer();

	@AfterEach
	void close() {
		this.server.close();
	}

	// ---- request on the wire ----------------------------------------------------

	@Test
	void whenEmbedThenBodyCarriesDeploymentModelInputsAndBase64Encoding() {
		this.server.enqueue(EmbeddingWire.base64(AWKWARD, OTHER));
		router().embed(EmbeddingRequest.of("embed", List.of("first text", "second \"quoted\" text")));
		RecordedRequest request = lastRequest();
		assertThat(request.uri()).endsWith("/v1/embeddings");
		assertThat(request.header("Authorization")).isEqualTo("Bearer " + API_KEY);
		assertThat(request.header("Content-Type")).startsWith("application/json");
		JsonNode body = json.readTree(request.body());
		assertThat(names(body)).containsExactly("model", "input", "encoding_format");
		assertThat(body.get("model").asString()).isEqualTo("text-embedding-3-small");
		assertThat(body.get("input").isArray()).isTrue();
		assertThat(body.get("input").get(0).asString()).isEqualTo("first text");
		assertThat(body.get("input").get(1).asString()).isEqualTo("second \"quoted\" text");
		assertThat(body.get("input").size()).isEqualTo(2);
		assertThat(body.get("encoding_format").asString()).isEqualTo("base64");
	}

	@Test
	void whenDimensionsAndParamsAreSetThenBodyCarriesThem() {
		this.server.enqueue(EmbeddingWire.base64(new float[] { 1, 2, 3 }));
		router().embed(EmbeddingRequest.builder()
			.model("embed")
			.input("hi")
			.dimensions(256)
			.param("user", "u-1")
			.rawParam("extra_body", "{\"truncate\":\"END\"}")
			.build());
		JsonNode body = json.readTree(lastRequest().body());
		assertThat(names(body)).containsExactly("model", "input", "encoding_format", "dimensions", "user",
				"extra_body");
		assertThat(body.get("dimensions").asInt()).isEqualTo(256);
		assertThat(body.get("user").asString()).isEqualTo("u-1");
		assertThat(body.get("extra_body").get("truncate").asString()).isEqualTo("END");
	}

	@Test
	void whenDimensionsParamIsSetBesideTheTypedValueThenTheBodyHoldsItOnce() {
		this.server.enqueue(EmbeddingWire.base64(new float[] { 1, 2, 3 }));
		router().embed(
				EmbeddingRequest.builder().model("embed").input("hi").dimensions(256).param("dimensions", 64).build());
		String body = lastRequest().body();
		assertThat(body.split("\"dimensions\"", -1)).hasSize(2);
		assertThat(json.readTree(body).get("dimensions").asInt()).isEqualTo(64);
	}

	// ---- vectors ----------------------------------------------------------------

	@Test
	void whenAnswerIsBase64ThenVectorsAreExact() {
		this.server.enqueue(EmbeddingWire.base64(AWKWARD, OTHER));
		EmbeddingResponse response = router().embed(EmbeddingRequest.of("embed", List.of("a", "b")));
		assertThat(response.embeddings()).extracting(Embedding::index).containsExactly(0, 1);
		assertThat(response.embeddings().get(0).vector()).containsExactly(AWKWARD);
		assertThat(response.embeddings().get(1).vector()).containsExactly(OTHER);
		assertBitExact(response.embeddings().get(0).vector(), AWKWARD);
	}

	@Test
	void whenLongVectorsOfVaryingLengthsAreDecodedThenEveryBitIsKept() {
		// the parser hands decoded bytes over in chunks that split floats: 1,536 floats
		// are 6,144 bytes, several chunks; lengths change from call to call
		java.util.Random random = new java.util.Random(42);
		for (int length : new int[] { 1536, 3072, 7, 1536, 1 }) {
			float[] first = new float[length];
			float[] second = new float[length];
			for (int i = 0; i < length; i++) {
				first[i] = Float.intBitsToFloat(random.nextInt() & 0xbf7fffff); // finite
				second[i] = (float) random.nextGaussian();
			}
			this.server.enqueue(EmbeddingWire.base64(first, second));
			EmbeddingResponse response = router().embed(EmbeddingRequest.of("embed", List.of("a", "b")));
			assertBitExact(response.embeddings().get(0).vector(), first);
			assertBitExact(response.embeddings().get(1).vector(), second);
		}
	}

	@Test
	void whenBase64HasNoPaddingThenVectorsAreExact() {
		float[] vector = { 0.5f, 0.25f }; // 8 bytes: "=" on the wire, here sent without
		assertThat(EmbeddingWire.encode(vector)).endsWith("=\"");
		String data = EmbeddingWire.item(0, EmbeddingWire.encode(vector).replace("=", ""));
		this.server.enqueue(Reply.json(200, EmbeddingWire.envelope(data), Map.of()));
		EmbeddingResponse response = router().embed(EmbeddingRequest.of("embed", "a"));
		assertBitExact(response.vector(), vector);
	}

	@Test
	void whenAnswerIsFloatArraysWrittenAsDoublesThenVectorsAreExact() {
		this.server.enqueue(EmbeddingWire.floats(AWKWARD, OTHER));
		EmbeddingResponse response = router().embed(EmbeddingRequest.of("embed", List.of("a", "b")));
		assertBitExact(response.embeddings().get(0).vector(), AWKWARD);
		assertBitExact(response.embeddings().get(1).vector(), OTHER);
	}

	@Test
	void whenAnswerIsShortestFloatTextThenVectorsAreExact() {
		this.server.enqueue(Reply.json(200, EmbeddingWire.body(EmbeddingWire::shortFloatArray, AWKWARD), Map.of()));
		EmbeddingResponse response = router().embed(EmbeddingRequest.of("embed", "a"));
		assertBitExact(response.vector(), AWKWARD);
	}

	@Test
	void whenItemsComeOutOfOrderThenEmbeddingsAreInInputOrder() {
		String data = EmbeddingWire.item(2, EmbeddingWire.encode(new float[] { 3, 3 })) + ","
				+ EmbeddingWire.item(0, EmbeddingWire.encode(new float[] { 1, 1 })) + ","
				+ EmbeddingWire.item(1, EmbeddingWire.floatArray(new float[] { 2, 2 }));
		this.server.enqueue(Reply.json(200, EmbeddingWire.envelope(data), Map.of()));
		EmbeddingResponse response = router().embed(EmbeddingRequest.of("embed", List.of("a", "b", "c")));
		assertThat(response.embeddings()).extracting(Embedding::index).containsExactly(0, 1, 2);
		assertThat(response.embeddings()).extracting((embedding) -> embedding.vector()[0])
			.containsExactly(1.0f, 2.0f, 3.0f);
	}

	@Test
	void whenAnswerHasUsageModelAndOtherFieldsThenTheyAreKept() {
		String body = "{\"id\":\"embd-123\",\"object\":\"list\",\"created\":1700000000,\"data\":["
				+ EmbeddingWire.item(0, EmbeddingWire.encode(OTHER))
				+ "],\"model\":\"text-embedding-3-small-v2\",\"usage\":{\"prompt_tokens\":5,\"total_tokens\":5}}";
		this.server.enqueue(Reply.json(200, body, Map.of()));
		EmbeddingResponse response = router().embed(EmbeddingRequest.of("embed", "a"));
		assertThat(response.model()).isEqualTo("text-embedding-3-small-v2");
		assertThat(response.usage()).isNotNull();
		assertThat(response.usage().promptTokens()).isEqualTo(5);
		assertThat(response.usage().completionTokens()).isZero();
		assertThat(response.usage().totalTokens()).isEqualTo(5);
		assertThat(response.providerFields()).containsEntry("id", "embd-123")
			.containsEntry("object", "list")
			.containsEntry("created", 1700000000)
			.doesNotContainKeys("data", "model", "usage");
		assertThat(response.metadata().deployment()).isEqualTo("east");
		assertThat(response.metadata().attempts()).singleElement()
			.satisfies((attempt) -> assertThat(attempt.status()).isEqualTo(200));
	}

	// ---- malformed answers ------------------------------------------------------

	@Test
	void whenAnswerHasFewerEmbeddingsThanInputsThenMalformed() {
		assertMalformed(EmbeddingWire.body(EmbeddingWire::encode, OTHER), "1 embeddings for 2 inputs");
	}

	@Test
	void whenAnswerHasMoreEmbeddingsThanInputsThenMalformed() {
		assertMalformed(EmbeddingWire.body(EmbeddingWire::encode, OTHER, OTHER, OTHER), "more embeddings than");
	}

	@Test
	void whenAnIndexAppearsTwiceThenMalformed() {
		String data = EmbeddingWire.item(0, EmbeddingWire.encode(OTHER)) + ","
				+ EmbeddingWire.item(0, EmbeddingWire.encode(OTHER));
		assertMalformed(EmbeddingWire.envelope(data), "index 0 appears twice");
	}

	@Test
	void whenAnIndexIsOutOfRangeThenMalformed() {
		String data = EmbeddingWire.item(0, EmbeddingWire.encode(OTHER)) + ","
				+ EmbeddingWire.item(7, EmbeddingWire.encode(OTHER));
		assertMalformed(EmbeddingWire.envelope(data), "index 7 is outside");
	}

	@Test
	void whenBase64IsBrokenThenMalformed() {
		String data = EmbeddingWire.item(0, "\"not*base64!\"") + ","
				+ EmbeddingWire.item(1, EmbeddingWire.encode(OTHER));
		assertMalformed(EmbeddingWire.envelope(data), "not base64");
	}

	@Test
	void whenBase64IsNotWholeFloatsThenMalformed() {
		String data = EmbeddingWire.item(0, "\"AAAA\"") + "," + EmbeddingWire.item(1, "\"AAAAAAA=\"");
		assertMalformed(EmbeddingWire.envelope(data), "not a whole number of float32s");
	}

	@Test
	void whenVectorsDifferInLengthThenMalformed() {
		assertMalformed(EmbeddingWire.body(EmbeddingWire::encode, OTHER, new float[] { 1, 2 }), "dimensions");
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"a\":1}", "true", "[\"0.1\",\"0.2\"]", "[[0.1]]", "[]", "null", "[1e400]" })
	void whenEmbeddingHasTheWrongTypeThenMalformed(String embedding) {
		String data = EmbeddingWire.item(0, embedding) + "," + EmbeddingWire.item(1, EmbeddingWire.encode(OTHER));
		assertMalformed(EmbeddingWire.envelope(data), "embedding");
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"object\":\"list\"}", "{\"data\":{}}", "{\"data\":[1,2]}", "[]", "\"text\"",
			"{\"data\":[{\"index\":\"zero\",\"embedding\":\"AAAAAA==\"}]}", "{\"data\":[], \"usage\":\"many\"}",
			"{\"data\":[{\"index\":0}]}", "{\"data\":[" })
	void whenBodyIsNotAnEmbeddingListThenMalformed(String body) {
		this.server.enqueue(Reply.json(200, body, Map.of()));
		Throwable error = catchThrowable(() -> router().embed(EmbeddingRequest.of("embed", "a")));
		assertThat(error).isExactlyInstanceOf(InternalServerException.class)
			.hasMessageContaining("Malformed response from deployment 'east'");
	}

	@Test
	void whenBodyIsEmptyThenMalformed() {
		this.server.enqueue(Reply.raw(200, "application/json", ""));
		Throwable error = catchThrowable(() -> router().embed(EmbeddingRequest.of("embed", "a")));
		assertThat(error).isExactlyInstanceOf(InternalServerException.class).hasMessageContaining("empty body");
	}

	@Test
	void whenBodyIsDeeplyNestedThenMalformedNotAStackOverflow() {
		String deep = "[".repeat(5000) + "]".repeat(5000);
		this.server.enqueue(Reply.json(200, "{\"unknown\":" + deep + ",\"data\":[]}", Map.of()));
		Throwable error = catchThrowable(() -> router().embed(EmbeddingRequest.of("embed", "a")));
		assertThat(error).isExactlyInstanceOf(InternalServerException.class).hasMessageContaining("Malformed");
	}

	// ---- errors -----------------------------------------------------------------

	@Test
	void whenServerAnswers401ThenAuthenticationErrorWithoutTheKey() {
		this.server.enqueue(Reply.error(401, "invalid_request_error", "invalid_api_key",
				"Incorrect API key provided: " + API_KEY + ".", Map.of()));
		Throwable error = catchThrowable(() -> router().embed(EmbeddingRequest.of("embed", "a")));
		assertThat(error).isExactlyInstanceOf(AuthenticationException.class);
		assertThat(error.getMessage()).contains("Incorrect API key provided").doesNotContain(API_KEY);
		assertThat(((LlmException) error).statusCode()).hasValue(401);
	}

	@Test
	void whenServerAnswers429ThenRateLimitWithRetryAfter() {
		this.server.enqueue(Reply.rateLimited(Map.of("Retry-After", "3")));
		Throwable error = catchThrowable(() -> router().embed(EmbeddingRequest.of("embed", "a")));
		assertThat(error).isExactlyInstanceOf(RateLimitException.class);
		assertThat(((LlmException) error).retryAfter()).hasValue(java.time.Duration.ofSeconds(3));
	}

	@Test
	void whenA200BodyCarriesAnErrorThenItIsClassifiedAsThatError() {
		this.server.enqueue(Reply.json(200,
				"{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\",\"code\":\"rate_limit_exceeded\"}}",
				Map.of()));
		Throwable error = catchThrowable(() -> router().embed(EmbeddingRequest.of("embed", "a")));
		assertThat(error).isInstanceOf(LlmException.class).hasMessageContaining("Rate limit reached");
	}

	// ---- helpers ----------------------------------------------------------------

	private void assertMalformed(String body, String detail) {
		this.server.enqueue(Reply.json(200, body, Map.of()));
		Throwable error = catchThrowable(() -> router().embed(EmbeddingRequest.of("embed", List.of("a", "b"))));
		assertThat(error).isExactlyInstanceOf(InternalServerException.class)
			.hasMessageContaining("Malformed response from deployment 'east'")
			.hasMessageContaining(detail);
		assertThat(((LlmException) error).metadata().attempts()).singleElement()
			.satisfies((attempt) -> assertThat(attempt.outcome()).isEqualTo("InternalServerException"));
	}

	private static void assertBitExact(float[] actual, float[] expected) {
		assertThat(actual).hasSize(expected.length);
		for (int i = 0; i < expected.length; i++) {
			assertThat(Float.floatToRawIntBits(actual[i])).as("value %d", i)
				.isEqualTo(Float.floatToRawIntBits(expected[i]));
		}
	}

	private static List<String> names(JsonNode body) {
		List<String> names = new ArrayList<>();
		body.propertyNames().forEach(names::add);
		return names;
	}

	private LlmRouter router() {
		return LlmRouter.builder()
			.numRetries(0)
			.timer(this.timer)
			.group("embed",
					(group) -> group.deployment("east",
							(deployment) -> deployment.model("text-embedding-3-small")
								.baseUrl(this.server.baseUrl())
								.apiKey(API_KEY)))
			.build();
	}

	private RecordedRequest lastRequest() {
		List<RecordedRequest> requests = this.server.requests();
		assertThat(requests).isNotEmpty();
		return requests.get(requests.size() - 1);
	}

}
