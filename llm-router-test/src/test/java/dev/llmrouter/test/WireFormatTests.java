package dev.llmrouter.test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.llmrouter.test.MockLlmServer.RecordedRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that each builder's output parses with Jackson into OpenAI's shapes.
 */
class WireFormatTests {

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void whenCompletionCallsToolsThenMessageHoldsTheCallsAndNoContent() {
		JsonNode body = parse(Completion
			.of(CompletionChoice.toolCalls(FunctionCall.of("call_1", "get_weather", "{\"city\":\"Paris\"}")))
			.toJson());
		JsonNode choice = body.path("choices").get(0);
		assertThat(body.path("object").asString()).isEqualTo("chat.completion");
		assertThat(choice.path("finish_reason").asString()).isEqualTo("tool_calls");
		assertThat(choice.path("message").path("content").isNull()).isTrue();
		JsonNode call = choice.path("message").path("tool_calls").get(0);
		assertThat(call.path("id").asString()).isEqualTo("call_1");
		assertThat(call.path("type").asString()).isEqualTo("function");
		assertThat(call.path("function").path("name").asString()).isEqualTo("get_weather");
		assertThat(call.path("function").path("arguments").asString()).isEqualTo("{\"city\":\"Paris\"}");
	}

	@Test
	void whenCompletionHasSeveralChoicesThenEachHasItsIndex() {
		JsonNode body = parse(
				Completion.of(CompletionChoice.text("a"), CompletionChoice.text("b"), CompletionChoice.text("c"))
					.toJson());
		List<String> contents = new ArrayList<>();
		body.path("choices")
			.forEach((choice) -> contents
				.add(choice.path("index").asInt() + ":" + choice.path("message").path("content").asString()));
		assertThat(contents).containsExactly("0:a", "1:b", "2:c");
	}

	@Test
	void whenCompletionIsRefusalThenContentIsNullAndRefusalSet() {
		JsonNode message = parse(Completion.of(CompletionChoice.refusal("I can't help with that.")).toJson())
			.path("choices")
			.get(0)
			.path("message");
		assertThat(message.path("content").isNull()).isTrue();
		assertThat(message.path("refusal").asString()).isEqualTo("I can't help with that.");
	}

	@Test
	void whenChoiceHasLogprobsThenTheyAreUnderLogprobsContent() {
		JsonNode logprobs = parse(Completion.of(CompletionChoice.text("Hi").logprob("Hi", -0.25)).toJson())
			.path("choices")
			.get(0)
			.path("logprobs");
		assertThat(logprobs.path("content").get(0).path("token").asString()).isEqualTo("Hi");
		assertThat(logprobs.path("content").get(0).path("logprob").asDouble()).isEqualTo(-0.25);
		assertThat(logprobs.path("content").get(0).path("bytes").get(0).asInt()).isEqualTo('H');
	}

	@Test
	void whenCompletionHasUsageThenTotalIsTheSum() {
		JsonNode usage = parse(Completion.of(CompletionChoice.text("Hi")).usage(20, 7).toJson()).path("usage");
		assertThat(usage.path("prompt_tokens").asInt()).isEqualTo(20);
		assertThat(usage.path("completion_tokens").asInt()).isEqualTo(7);
		assertThat(usage.path("total_tokens").asInt()).isEqualTo(27);
	}

	@Test
	void whenStreamCallsToolThenFirstDeltaNamesItAndFragmentsJoinToArguments() {
		String arguments = "{\"city\":\"Paris\",\"unit\":\"celsius\"}";
		List<JsonNode> chunks = chunks(ChunkStream.toolCalls(FunctionCall.of("call_1", "get_weather", arguments)));
		JsonNode first = chunks.get(0).path("choices").get(0).path("delta");
		assertThat(first.path("role").asString()).isEqualTo("assistant");
		assertThat(first.path("tool_calls").get(0).path("id").asString()).isEqualTo("call_1");
		assertThat(first.path("tool_calls").get(0).path("function").path("name").asString()).isEqualTo("get_weather");
		StringBuilder joined = new StringBuilder();
		int fragments = 0;
		for (JsonNode chunk : chunks) {
			for (JsonNode choice : chunk.path("choices")) {
				for (JsonNode call : choice.path("delta").path("tool_calls")) {
					joined.append(call.path("function").path("arguments").asString());
					fragments++;
				}
			}
		}
		assertThat(joined.toString()).isEqualTo(arguments);
		assertThat(fragments).isGreaterThan(2);
	}

	@Test
	void whenStreamEndsThenFinishReasonUsageChunkAndDoneFollow() {
		List<String> frames = ChunkStream.text("Hel", "lo").frames();
		assertThat(frames).allMatch((frame) -> frame.startsWith("data: ") && frame.endsWith("\n\n"));
		assertThat(frames.get(frames.size() - 1)).isEqualTo("data: [DONE]\n\n");
		JsonNode usage = parse(data(frames.get(frames.size() - 2)));
		assertThat(usage.path("choices").isEmpty()).isTrue();
		assertThat(usage.path("usage").path("completion_tokens").asInt()).isEqualTo(2);
		JsonNode finish = parse(data(frames.get(frames.size() - 3)));
		assertThat(finish.path("choices").get(0).path("finish_reason").asString()).isEqualTo("stop");
		assertThat(parse(data(frames.get(1))).has("usage")).as("usage: null on other chunks").isTrue();
	}

	@Test
	void whenChoicesAreInterleavedThenDeltasAlternateBetweenIndexes() {
		List<JsonNode> chunks = chunks(
				ChunkStream.create().interleave(List.of(List.of("a1", "a2"), List.of("b1", "b2"))));
		List<String> contents = new ArrayList<>();
		for (JsonNode chunk : chunks) {
			JsonNode choice = chunk.path("choices").get(0);
			String content = choice.path("delta").path("content").asString("");
			if (!content.isEmpty()) {
				contents.add(choice.path("index").asInt() + ":" + content);
			}
		}
		assertThat(contents).containsExactly("0:a1", "1:b1", "0:a2", "1:b2");
	}

	@Test
	void whenStreamCarriesErrorEventThenItsDataIsTheErrorBody() {
		List<String> frames = ChunkStream.create()
			.content("Hi")
			.error(ErrorBodies.openAi("The server had an error", "server_error", null, null))
			.frames();
		JsonNode error = parse(data(frames.get(frames.size() - 1))).path("error");
		assertThat(error.path("type").asString()).isEqualTo("server_error");
		assertThat(error.path("message").asString()).isEqualTo("The server had an error");
	}

	@Test
	void whenRequestAsksForBase64ThenVectorsAreLittleEndianFloat32() {
		float[] vector = { 0.5f, -1.25f, 3.0f };
		JsonNode item = parse(
				Embeddings.of(vector).toJson(request("{\"input\":[\"a\"],\"encoding_format\":\"base64\"}")))
			.path("data")
			.get(0);
		ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(item.path("embedding").asString()))
			.order(ByteOrder.LITTLE_ENDIAN);
		float[] decoded = new float[bytes.remaining() / Float.BYTES];
		for (int i = 0; i < decoded.length; i++) {
			decoded[i] = bytes.getFloat();
		}
		assertThat(decoded).containsExactly(vector);
	}

	@Test
	void whenRequestAsksForFloatThenVectorsAreArrays() {
		JsonNode body = parse(Embeddings.of(new float[] { 0.5f, 1f }).toJson(request("{\"input\":\"a\"}")));
		assertThat(body.path("object").asString()).isEqualTo("list");
		assertThat(body.path("data").get(0).path("object").asString()).isEqualTo("embedding");
		assertThat(body.path("data").get(0).path("embedding").get(1).asDouble()).isEqualTo(1.0);
		assertThat(body.path("usage").path("total_tokens").asInt()).isPositive();
	}

	@Test
	void whenEmbeddingsAreReversedThenIndexesStillNameTheirInputs() {
		JsonNode data = parse(Embeddings.of(new float[] { 0f }, new float[] { 1f }).reversed().toJson(request("{}")))
			.path("data");
		assertThat(data.get(0).path("index").asInt()).isEqualTo(1);
		assertThat(data.get(0).path("embedding").get(0).asDouble()).isEqualTo(1.0);
		assertThat(data.get(1).path("index").asInt()).isEqualTo(0);
	}

	@Test
	void whenVectorsComeFromInputsThenOneOfTheRequestedDimensionsPerInput() {
		JsonNode data = parse(
				Embeddings.fromInputs().toJson(request("{\"input\":[\"a\",\"b\",\"c\"],\"dimensions\":4}")))
			.path("data");
		assertThat(data.size()).isEqualTo(3);
		assertThat(data.get(2).path("embedding").size()).isEqualTo(4);
		assertThat(data.get(0).path("embedding").get(0).floatValue()).isEqualTo(Embeddings.vectorOf("a", 4)[0]);
	}

	@Test
	void whenErrorBodiesAreBuiltThenEachHasItsServersShape() {
		assertThat(parse(ErrorBodies.openAiContextLengthExceeded()).path("error").path("code").asString())
			.isEqualTo("context_length_exceeded");
		assertThat(parse(ErrorBodies.plain("model \"llama3\" not found")).path("error").asString())
			.isEqualTo("model \"llama3\" not found");
		assertThat(parse(ErrorBodies.tgiContextLengthExceeded()).path("error_type").asString()).isEqualTo("validation");
		JsonNode vllm = parse(ErrorBodies.vllmContextLengthExceeded());
		assertThat(vllm.path("object").asString()).isEqualTo("error");
		assertThat(vllm.path("code").asInt()).isEqualTo(400);
		JsonNode llamaCpp = parse(ErrorBodies.llamaCppContextExceeded(4476, 4096)).path("error");
		assertThat(llamaCpp.path("type").asString()).isEqualTo("exceed_context_size_error");
		assertThat(llamaCpp.path("n_ctx").asInt()).isEqualTo(4096);
		JsonNode azure = parse(ErrorBodies.azureContentFilter()).path("error");
		assertThat(azure.path("code").asString()).isEqualTo("content_filter");
		assertThat(azure.path("innererror").path("code").asString()).isEqualTo("ResponsibleAIPolicyViolation");
		assertThat(azure.path("innererror").path("content_filter_result").path("violence").path("filtered").asBoolean())
			.isTrue();
	}

	@Test
	void whenRetryAfterIsFractionalThenHeaderHasDecimalSeconds() {
		Map<String, String> headers = RateLimitHeaders.create()
			.retryAfter(Duration.ofMillis(250))
			.retryAfterMillis(Duration.ofMillis(250))
			.resetTokens("6m0s")
			.toMap();
		assertThat(headers).containsEntry("Retry-After", "0.25")
			.containsEntry("retry-after-ms", "250")
			.containsEntry("x-ratelimit-reset-tokens", "6m0s");
		assertThat(RateLimitHeaders.create().retryAfter(Duration.ofSeconds(2)).toMap()).containsEntry("Retry-After",
				"2");
	}

	private List<JsonNode> chunks(ChunkStream stream) {
		List<JsonNode> chunks = new ArrayList<>();
		for (String frame : stream.frames()) {
			String data = data(frame);
			if (!"[DONE]".equals(data)) {
				JsonNode chunk = parse(data);
				if (!chunk.path("choices").isEmpty()) {
					chunks.add(chunk);
				}
			}
		}
		return chunks;
	}

	private static String data(String frame) {
		return frame.substring("data: ".length(), frame.length() - 2);
	}

	private static RecordedRequest request(String body) {
		return new RecordedRequest("/v1/embeddings", Map.of(), body);
	}

	private JsonNode parse(String text) {
		return this.json.readTree(text);
	}

}
