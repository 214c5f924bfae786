package dev.llmrouter.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Anthropic workload's mock answers, read over real HTTP in Anthropic's shapes, and
 * each arm driven once through a call and a stream against it.
 *
 * @author llm-router
 */
class AnthropicArmsTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String REQUEST = "{\"model\":\"claude-bench\",\"max_tokens\":1024,"
			+ "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]";

	private static MockProcess mock;

	private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	@BeforeAll
	static void start() throws Exception {
		mock = MockProcess.start(2, 600);
	}

	@AfterAll
	static void stop() {
		mock.close();
	}

	@Test
	void whenAMessageIsAskedForThenTheAnswerIsOneTextBlockEndingTheTurn() throws Exception {
		HttpResponse<String> response = post(REQUEST + "}", true);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("request-id")).isPresent();
		JsonNode message = JSON.readTree(response.body());
		assertThat(message.get("id").asString()).startsWith("msg_");
		assertThat(message.get("type").asString()).isEqualTo("message");
		assertThat(message.get("role").asString()).isEqualTo("assistant");
		assertThat(message.get("model").asString()).isEqualTo("claude-bench");
		assertThat(message.get("content")).hasSize(1);
		assertThat(message.get("content").get(0).get("type").asString()).isEqualTo("text");
		assertThat(message.get("content").get(0).get("text").asString()).isEqualTo(MockServerMain.CONTENT);
		assertThat(message.get("stop_reason").asString()).isEqualTo("end_turn");
		assertThat(message.get("usage").get("input_tokens").asInt()).isPositive();
		assertThat(message.get("usage").get("output_tokens").asInt()).isPositive();
	}

	@Test
	void whenTheApiKeyOrVersionIsMissingThenTheAnswerIsAnAuthenticationError() throws Exception {
		HttpResponse<String> response = post(REQUEST + "}", false);
		assertThat(response.statusCode()).isEqualTo(401);
		JsonNode error = JSON.readTree(response.body());
		assertThat(error.get("type").asString()).isEqualTo("error");
		assertThat(error.get("error").get("type").asString()).isEqualTo("authentication_error");
	}

	@Test
	void whenAStreamIsAskedForThenItCarriesAnthropicsEventsInOrder() throws Exception {
		HttpResponse<String> response = post(REQUEST + ",\"stream\":true}", true);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("content-type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("text/event-stream"));
		List<String> names = new ArrayList<>();
		StringBuilder text = new StringBuilder();
		for (String event : response.body().split("\n\n")) {
			String[] lines = event.split("\n");
			assertThat(lines).hasSize(2);
			assertThat(lines[0]).startsWith("event: ");
			assertThat(lines[1]).startsWith("data: ");
			String name = lines[0].substring(7);
			JsonNode data = JSON.readTree(lines[1].substring(6));
			assertThat(data.get("type").asString()).isEqualTo(name);
			names.add(name);
			if (name.equals("content_block_delta")) {
				assertThat(data.get("index").asInt()).isZero();
				assertThat(data.get("delta").get("type").asString()).isEqualTo("text_delta");
				text.append(data.get("delta").get("text").asString());
			}
			if (name.equals("message_start")) {
				assertThat(data.get("message").get("content")).isEmpty();
				assertThat(data.get("message").get("role").asString()).isEqualTo("assistant");
			}
			if (name.equals("message_delta")) {
				assertThat(data.get("delta").get("stop_reason").asString()).isEqualTo("end_turn");
				assertThat(data.get("usage").get("output_tokens").asInt()).isEqualTo(64);
			}
		}
		assertThat(names.subList(0, 3)).containsExactly("message_start", "content_block_start", "ping");
		assertThat(names.subList(3, 3 + MockServerMain.DELTAS)).containsOnly("content_block_delta");
		assertThat(names.subList(3 + MockServerMain.DELTAS, names.size())).containsExactly("content_block_stop",
				"message_delta", "message_stop");
		StringBuilder expected = new StringBuilder();
		for (int i = 0; i < MockServerMain.DELTAS; i++) {
			expected.append(MockServerMain.delta(i));
		}
		assertThat(text).hasToString(expected.toString());
	}

	@ParameterizedTest
	@ValueSource(strings = { "B", "C", "E", "F" })
	void whenAnArmCallsAndStreamsThenItReadsTheMocksAnswers(String id) throws Exception {
		Target target = Workload.ANTHROPIC.create(id, mock.root(), "d0");
		String text = target.async() ? target.chatAsync().block(Duration.ofSeconds(30)) : target.chat();
		assertThat(text).isEqualTo(MockServerMain.CONTENT);
		StringBuilder streamed = new StringBuilder();
		CompletableFuture<Void> done = new CompletableFuture<>();
		target.stream(new Target.StreamSink() {

			@Override
			public void content(String delta) {
				synchronized (streamed) {
					streamed.append(delta);
				}
			}

			@Override
			public void complete() {
				done.complete(null);
			}

			@Override
			public void error(Throwable error) {
				done.completeExceptionally(error);
			}

		});
		done.get(30, TimeUnit.SECONDS);
		StringBuilder expected = new StringBuilder();
		for (int i = 0; i < MockServerMain.DELTAS; i++) {
			expected.append(MockServerMain.delta(i));
		}
		synchronized (streamed) {
			assertThat(streamed).hasToString(expected.toString());
		}
	}

	private HttpResponse<String> post(String body, boolean authenticated) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(mock.root() + "/d0/v1/messages"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (authenticated) {
			request.header("x-api-key", Arms.API_KEY).header("anthropic-version", "2023-06-01");
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
