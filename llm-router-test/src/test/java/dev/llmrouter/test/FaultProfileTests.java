package dev.llmrouter.test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

/**
 * Tests of {@link FaultProfile}: reproducible with a seed, rates honoured, hints in
 * bounds.
 */
class FaultProfileTests {

	private static FaultProfile.Builder mix() {
		return FaultProfile.builder()
			.rate(Fault.RATE_LIMITED, 0.1)
			.rate(Fault.UNAVAILABLE, 0.1)
			.rate(Fault.RESET, 0.05)
			.rate(Fault.TRUNCATED, 0.05);
	}

	@Test
	void whenSeedIsTheSameThenTheDrawsAreTheSame() {
		assertThat(draws(mix().seed(7).build(), 1000)).isEqualTo(draws(mix().seed(7).build(), 1000));
	}

	@Test
	void whenSeedDiffersThenTheDrawsDiffer() {
		assertThat(draws(mix().seed(7).build(), 1000)).isNotEqualTo(draws(mix().seed(8).build(), 1000));
	}

	@Test
	void whenManyRequestsDrawThenEachFaultComesAtItsRate() {
		Map<Fault, Integer> counts = new EnumMap<>(Fault.class);
		draws(mix().seed(1).build(), 20_000).forEach((fault) -> counts.merge(fault, 1, Integer::sum));
		assertThat(counts.get(Fault.RATE_LIMITED) / 20_000.0).isCloseTo(0.1, within(0.01));
		assertThat(counts.get(Fault.RESET) / 20_000.0).isCloseTo(0.05, within(0.01));
		assertThat(counts.get(Fault.NONE) / 20_000.0).isCloseTo(0.7, within(0.02));
		assertThat(counts).doesNotContainKey(Fault.HANG);
	}

	@Test
	void whenRatesExceedOneThenBuildFails() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> FaultProfile.builder().rate(Fault.HANG, 0.6).rate(Fault.RESET, 0.6).build())
			.withMessageContaining("more than 1");
	}

	@Test
	void whenRateLimitedThenHintIsWithinItsBoundsInBothHeaders() throws Exception {
		FaultProfile profile = FaultProfile.builder()
			.rate(Fault.RATE_LIMITED, 1.0)
			.retryAfter(Duration.ofMillis(5), Duration.ofMillis(20))
			.build();
		try (MockLlmServer server = new MockLlmServer()) {
			server.byDefault(profile);
			HttpClient client = HttpClient.newHttpClient();
			for (int i = 0; i < 20; i++) {
				HttpResponse<String> response = client
					.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/chat/completions"))
						.timeout(Duration.ofSeconds(10))
						.POST(HttpRequest.BodyPublishers.ofString("{}"))
						.build(), HttpResponse.BodyHandlers.ofString());
				assertThat(response.statusCode()).isEqualTo(429);
				long millis = Long.parseLong(response.headers().firstValue("retry-after-ms").orElseThrow());
				assertThat(millis).isBetween(5L, 20L);
				assertThat(Double.parseDouble(response.headers().firstValue("retry-after").orElseThrow()))
					.isEqualTo(millis / 1000.0);
			}
		}
		assertThat(profile.counts()).containsEntry(Fault.RATE_LIMITED, 20L);
	}

	@Test
	void whenAnswerIsStreamedThenTokensArriveThenUsageAndDone() throws Exception {
		FaultProfile profile = FaultProfile.builder().answer(List.of("a", "b")).build();
		try (MockLlmServer server = new MockLlmServer()) {
			server.byDefault(profile);
			HttpResponse<String> response = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/chat/completions"))
					.timeout(Duration.ofSeconds(10))
					.POST(HttpRequest.BodyPublishers.ofString("{\"stream\":true}"))
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(response.body()).contains("\"content\":\"a\"", "\"content\":\"b\"", "\"usage\":{")
				.endsWith("data: [DONE]\n\n");
		}
	}

	@Test
	void whenEmbeddingsAreAskedThenTheAnswerIsEmbeddings() throws Exception {
		try (MockLlmServer server = new MockLlmServer()) {
			server.byDefault(FaultProfile.builder().build());
			HttpResponse<String> response = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/embeddings"))
					.timeout(Duration.ofSeconds(10))
					.POST(HttpRequest.BodyPublishers.ofString("{\"input\":[\"a\",\"b\"]}"))
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(response.body()).startsWith("{\"object\":\"list\"").contains("\"index\":1");
		}
	}

	@Test
	void whenAnthropicMessagesAreAskedThenTheAnswerIsAMessageOrItsEventStream() throws Exception {
		FaultProfile profile = FaultProfile.builder().answer(List.of("Hi", " there")).build();
		try (MockLlmServer server = new MockLlmServer()) {
			server.byDefault(profile);
			HttpResponse<String> message = post(server, "/v1/messages", "{\"max_tokens\":10}");
			assertThat(message.statusCode()).isEqualTo(200);
			assertThat(WireJson.MAPPER.readTree(message.body()).path("type").asString()).isEqualTo("message");
			assertThat(WireJson.MAPPER.readTree(message.body()).path("content").get(0).path("text").asString())
				.isEqualTo("Hi there");
			HttpResponse<String> stream = post(server, "/v1/messages", "{\"stream\":true}");
			assertThat(stream.body()).startsWith("event: message_start\n")
				.contains("event: ping\n", "\"text_delta\",\"text\":\"Hi\"", "\"text_delta\",\"text\":\" there\"",
						"\"stop_reason\":\"end_turn\"")
				.endsWith("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n")
				.doesNotContain("[DONE]");
		}
	}

	@Test
	void whenAnthropicMessagesMeetFaultsThenTheErrorsHaveAnthropicsShapeAndStatus() throws Exception {
		try (MockLlmServer server = new MockLlmServer()) {
			server.byDefault(FaultProfile.builder()
				.rate(Fault.RATE_LIMITED, 1.0)
				.retryAfter(Duration.ofMillis(1500), Duration.ofMillis(1500))
				.build());
			HttpResponse<String> limited = post(server, "/v1/messages", "{}");
			assertThat(limited.statusCode()).isEqualTo(429);
			assertThat(limited.headers().firstValue("retry-after")).hasValue("2");
			assertThat(WireJson.MAPPER.readTree(limited.body()).path("error").path("type").asString())
				.isEqualTo("rate_limit_error");
			server.byDefault(FaultProfile.builder().rate(Fault.UNAVAILABLE, 1.0).build());
			HttpResponse<String> overloaded = post(server, "/v1/messages", "{\"stream\":true}");
			assertThat(overloaded.statusCode()).isEqualTo(529);
			assertThat(WireJson.MAPPER.readTree(overloaded.body()).path("error").path("type").asString())
				.isEqualTo("overloaded_error");
			server.byDefault(FaultProfile.builder().rate(Fault.SERVER_ERROR, 1.0).build());
			HttpResponse<String> failed = post(server, "/v1/messages", "{}");
			assertThat(failed.statusCode()).isEqualTo(500);
			assertThat(WireJson.MAPPER.readTree(failed.body()).path("type").asString()).isEqualTo("error");
		}
	}

	@Test
	void whenSuccessReplyIsSetThenItAnswersWhereItGivesOne() throws Exception {
		FaultProfile profile = FaultProfile.builder()
			.successReply((request) -> request.body().contains("tools")
					? AnthropicReplies.toolUse("toolu_1", "get_weather", "{\"city\":\"Paris\"}") : null)
			.build();
		try (MockLlmServer server = new MockLlmServer()) {
			server.byDefault(profile);
			assertThat(post(server, "/v1/messages", "{\"tools\":[]}").body()).contains("\"type\":\"tool_use\"");
			assertThat(post(server, "/v1/messages", "{}").body()).contains("Hello from the mock")
				.doesNotContain("tool_use");
		}
	}

	private static HttpResponse<String> post(MockLlmServer server, String path, String body) throws Exception {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
				.timeout(Duration.ofSeconds(10))
				.POST(HttpRequest.BodyPublishers.ofString(body))
				.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static List<Fault> draws(FaultProfile profile, int count) {
		List<Fault> draws = new ArrayList<>(count);
		for (int n = 0; n < count; n++) {
			draws.add(profile.draw(n));
		}
		return draws;
	}

}
