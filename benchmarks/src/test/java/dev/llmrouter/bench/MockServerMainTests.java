package dev.llmrouter.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The benchmark mock (the fixture {@code MockLlmServer} with the benchmark's replies),
 * read over real HTTP and parsed with Jackson: a tool call, a streamed tool call,
 * embeddings in both encodings, the paced text stream in OpenAI's and Anthropic's events,
 * the same streams sent at once, a failure mode and the counters the run reads.
 *
 * @author llm-router
 */
class MockServerMainTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String TOOLS = ",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
			+ "\"parameters\":" + WorkloadArms.TOOL_SCHEMA + "}}]";

	private static MockProcess mock;

	private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	@BeforeAll
	static void start() throws Exception {
		mock = MockProcess.start(5, 600);
	}

	@AfterAll
	static void stop() {
		mock.close();
	}

	@Test
	void whenARequestCarriesToolsThenTheAnswerIsAToolCall() throws Exception {
		JsonNode answer = JSON.readTree(post("/d0/v1/chat/completions",
				"{\"model\":\"gpt-bench\",\"messages\":[{\"role\":\"user\",\"content\":\"Weather?\"}]" + TOOLS + "}"));
		JsonNode choice = answer.get("choices").get(0);
		JsonNode call = choice.get("message").get("tool_calls").get(0);
		assertThat(choice.get("finish_reason").asString()).isEqualTo("tool_calls");
		assertThat(choice.get("message").get("content").isNull()).isTrue();
		assertThat(call.get("id").asString()).isEqualTo(MockServerMain.TOOL_CALL_ID);
		assertThat(call.get("type").asString()).isEqualTo("function");
		assertThat(call.get("function").get("name").asString()).isEqualTo("get_weather");
		assertThat(call.get("function").get("arguments").asString()).isEqualTo(MockServerMain.TOOL_ARGUMENTS);
	}

	@Test
	void whenARequestWithoutToolsArrivesThenTheAnswerIsText() throws Exception {
		JsonNode answer = JSON.readTree(post("/d0/v1/chat/completions",
				"{\"model\":\"gpt-bench\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"));
		assertThat(answer.get("choices").get(0).get("message").get("content").asString()).startsWith("This canned");
		assertThat(answer.get("choices").get(0).get("message").has("tool_calls")).isFalse();
	}

	@Test
	void whenAStreamedRequestCarriesToolsThenTheDeltasAssembleTheToolCall() throws Exception {
		String body = post("/d0/v1/chat/completions",
				"{\"model\":\"gpt-bench\",\"messages\":[{\"role\":\"user\"," + "\"content\":\"Weather?\"}]" + TOOLS
						+ ",\"stream\":true,\"stream_options\":{\"include_usage\":true}}");
		List<String> data = new ArrayList<>();
		for (String event : body.split("\n\n")) {
			assertThat(event).startsWith("data: ");
			data.add(event.substring(6));
		}
		assertThat(data.get(data.size() - 1)).isEqualTo("[DONE]");
		JsonNode first = JSON.readTree(data.get(0)).get("choices").get(0).get("delta").get("tool_calls").get(0);
		assertThat(first.get("id").asString()).isEqualTo(MockServerMain.TOOL_CALL_ID);
		assertThat(first.get("function").get("name").asString()).isEqualTo("get_weather");
		StringBuilder arguments = new StringBuilder();
		for (String chunk : data.subList(0, data.size() - 3)) {
			JsonNode call = JSON.readTree(chunk).get("choices").get(0).get("delta").get("tool_calls").get(0);
			assertThat(call.get("index").asInt()).isZero();
			arguments.append(call.get("function").get("arguments").asString());
		}
		assertThat(arguments).hasToString(MockServerMain.TOOL_ARGUMENTS);
		JsonNode finish = JSON.readTree(data.get(data.size() - 3)).get("choices").get(0);
		assertThat(finish.get("finish_reason").asString()).isEqualTo("tool_calls");
		assertThat(JSON.readTree(data.get(data.size() - 2)).get("usage").get("total_tokens").asInt()).isEqualTo(99);
	}

	@Test
	void whenEmbeddingsAreAskedForAsFloatsThenTheVectorIsAnArrayOfTheMocksFloats() throws Exception {
		JsonNode answer = JSON.readTree(post("/d0/v1/embeddings",
				"{\"model\":\"text-embedding-bench\",\"input\":\"hi\",\"encoding_format\":\"float\"}"));
		assertThat(answer.get("object").asString()).isEqualTo("list");
		assertThat(answer.get("data").get(0).get("index").asInt()).isZero();
		assertThat(floats(answer.get("data").get(0).get("embedding"))).isEqualTo(MockServerMain.VECTOR);
		assertThat(answer.get("usage").get("prompt_tokens").asInt()).isPositive();
	}

	@Test
	void whenEmbeddingsGiveNoEncodingThenTheVectorIsFloats() throws Exception {
		JsonNode answer = JSON
			.readTree(post("/d0/v1/embeddings", "{\"model\":\"text-embedding-bench\",\"input\":\"hi\"}"));
		assertThat(floats(answer.get("data").get(0).get("embedding"))).isEqualTo(MockServerMain.VECTOR);
	}

	@Test
	void whenEmbeddingsAreAskedForAsBase64ThenTheVectorIsLittleEndianFloats() throws Exception {
		JsonNode answer = JSON.readTree(post("/d0/v1/embeddings",
				"{\"model\":\"text-embedding-bench\",\"input\":\"hi\",\"encoding_format\":\"base64\"}"));
		byte[] bytes = Base64.getDecoder().decode(answer.get("data").get(0).get("embedding").asString());
		float[] vector = new float[bytes.length / 4];
		ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(vector);
		assertThat(vector).isEqualTo(MockServerMain.VECTOR);
		assertThat(vector).hasSize(MockServerMain.DIMENSIONS);
	}

	@Test
	void whenAStreamIsAskedForThenTheRoleChunkAndTheIndexedDeltasComeBeforeFinishUsageAndDone() throws Exception {
		String body = post("/d0/v1/chat/completions",
				"{\"model\":\"gpt-bench\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"stream\":true}");
		List<String> data = new ArrayList<>();
		for (String event : body.split("\n\n")) {
			assertThat(event).startsWith("data: ");
			data.add(event.substring(6));
		}
		assertThat(data).hasSize(MockServerMain.DELTAS + 4);
		assertThat(JSON.readTree(data.get(0)).at("/choices/0/delta/role").asString()).isEqualTo("assistant");
		for (int i = 0; i < MockServerMain.DELTAS; i++) {
			assertThat(JSON.readTree(data.get(i + 1)).at("/choices/0/delta/content").asString())
				.isEqualTo(MockServerMain.delta(i));
		}
		assertThat(JSON.readTree(data.get(MockServerMain.DELTAS + 1)).at("/choices/0/finish_reason").asString())
			.isEqualTo("stop");
		assertThat(JSON.readTree(data.get(MockServerMain.DELTAS + 2)).at("/usage/completion_tokens").asInt())
			.isEqualTo(MockServerMain.DELTAS);
		assertThat(data.get(MockServerMain.DELTAS + 3)).isEqualTo("[DONE]");
	}

	@Test
	void whenAnAnthropicStreamIsAskedForThenItsEventsComeInTheMessagesApiOrderWithAPing() throws Exception {
		HttpResponse<String> response = this.http
			.send(HttpRequest.newBuilder(URI.create(mock.root() + "/d0/v1/messages"))
				.header("Content-Type", "application/json")
				.header("x-api-key", "sk-ant-bench")
				.header("anthropic-version", MockServerMain.ANTHROPIC_VERSION)
				.POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"claude-bench\",\"max_tokens\":64,"
						+ "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"stream\":true}"))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		List<String> names = new ArrayList<>();
		StringBuilder text = new StringBuilder();
		for (String event : response.body().split("\n\n")) {
			String[] lines = event.split("\n");
			names.add(lines[0].substring("event: ".length()));
			JsonNode data = JSON.readTree(lines[1].substring("data: ".length()));
			if (data.at("/delta/type").asString("").equals("text_delta")) {
				text.append(data.at("/delta/text").asString());
			}
		}
		assertThat(names.subList(0, 3)).containsExactly("message_start", "content_block_start", "ping");
		assertThat(names.subList(names.size() - 3, names.size())).containsExactly("content_block_stop", "message_delta",
				"message_stop");
		assertThat(names).hasSize(MockServerMain.DELTAS + 6);
		StringBuilder expected = new StringBuilder();
		for (int i = 0; i < MockServerMain.DELTAS; i++) {
			expected.append(MockServerMain.delta(i));
		}
		assertThat(text).hasToString(expected.toString());
	}

	@Test
	void whenTheBurstModeIsAskedThenItsStreamsCarryThePacedStreamsEvents() throws Exception {
		String request = "{\"model\":\"gpt-bench\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],"
				+ "\"stream\":true}";
		String paced = post("/d0/v1/chat/completions", request);
		String burst = post("/" + MockServerMain.BURST + "/v1/chat/completions", request);
		assertThat(burst).isEqualTo(paced).contains(MockServerMain.delta(MockServerMain.DELTAS - 1));
		String anthropic = "{\"model\":\"claude-bench\",\"max_tokens\":64,"
				+ "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"stream\":true}";
		String pacedMessages = anthropic("/d0/v1/messages", anthropic);
		String burstMessages = anthropic("/" + MockServerMain.BURST + "/v1/messages", anthropic);
		assertThat(burstMessages).isEqualTo(pacedMessages).contains("event: ping");
	}

	@Test
	void whenTheFailModeIsAskedThenTheAnswerIsA503AndTheStatsCountIt() throws Exception {
		long before = mock.stats().requests();
		HttpResponse<String> response = this.http
			.send(HttpRequest.newBuilder(URI.create(mock.root() + "/fail/v1/chat/completions"))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"gpt-bench\",\"messages\":[]}"))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(503);
		assertThat(JSON.readTree(response.body()).at("/error/type").asString()).isEqualTo("server_error");
		MockProcess.Stats after = mock.stats();
		assertThat(after.requests()).isEqualTo(before + 1);
		assertThat(after.pending()).isZero();
		assertThat(after.cpuNanos()).isPositive();
	}

	private static float[] floats(JsonNode array) {
		float[] vector = new float[array.size()];
		for (int i = 0; i < vector.length; i++) {
			vector[i] = array.get(i).floatValue();
		}
		return vector;
	}

	private String anthropic(String path, String body) throws Exception {
		HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(URI.create(mock.root() + path))
			.header("Content-Type", "application/json")
			.header("x-api-key", "sk-ant-bench")
			.header("anthropic-version", MockServerMain.ANTHROPIC_VERSION)
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		return response.body();
	}

	private String post(String path, String body) throws Exception {
		HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(URI.create(mock.root() + path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		return response.body();
	}

}
