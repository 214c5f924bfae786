package dev.llmrouter.sample.sim;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

import dev.llmrouter.test.Fault;
import dev.llmrouter.test.FaultProfile;
import dev.llmrouter.test.MockLlmServer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Tests for {@link SimulatedDeployment}: a deployment's {@code sim.*} rates become its
 * fault profile's rates, and its draws are reproducible from the seed.
 *
 * @author llm-router
 */
class SimulatedDeploymentTests {

	private static final int DRAWS = 20_000;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Test
	void whenRatesAreSetThenEachFailureComesAtItsShare() {
		Map<Fault, Integer> counts = draws(SimulatedDeployment.profile("a", mix(), 1));
		assertThat(share(counts, Fault.RATE_LIMITED)).isCloseTo(0.1, within(0.01));
		assertThat(share(counts, Fault.SERVER_ERROR)).isCloseTo(0.1, within(0.01));
		assertThat(share(counts, Fault.UNAVAILABLE)).isCloseTo(0.1, within(0.01));
		assertThat(share(counts, Fault.HANG)).isCloseTo(0.1, within(0.01));
		assertThat(share(counts, Fault.NONE)).isCloseTo(0.6, within(0.02));
	}

	@Test
	void whenNoFailureIsConfiguredThenAlwaysAnswer() {
		Map<Fault, Integer> counts = draws(
				SimulatedDeployment.profile("a", new SimulatedProviderProperties.Deployment(), 1));
		assertThat(counts).containsOnlyKeys(Fault.NONE);
	}

	@Test
	void whenSeedIsTheSameThenTheDrawsAreTheSame() {
		FaultProfile first = SimulatedDeployment.profile("a", mix(), 42);
		FaultProfile second = SimulatedDeployment.profile("a", mix(), 42);
		for (int n = 0; n < 1000; n++) {
			assertThat(second.draw(n)).as("draw %d", n).isEqualTo(first.draw(n));
		}
	}

	@Test
	void whenModelHasNoToolsThenARequestWithToolsGetsUnsupportedParameterInItsProvidersShape() throws Exception {
		SimulatedProviderProperties.Deployment settings = quiet();
		settings.setTools(false);
		try (MockLlmServer server = serve(settings)) {
			HttpResponse<String> openAi = post(server, "/sim/a/v1/chat/completions",
					"{\"model\":\"sim-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
							+ "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}]}");
			assertThat(openAi.statusCode()).isEqualTo(400);
			assertThat(json(openAi).path("error").path("code").asString()).isEqualTo("unsupported_parameter");
			HttpResponse<String> anthropic = post(server, "/sim/a/v1/messages",
					"{\"model\":\"claude-sim\",\"messages\":[],\"tools\":[{\"name\":\"f\"}]}");
			assertThat(anthropic.statusCode()).isEqualTo(400);
			assertThat(json(anthropic).path("type").asString()).isEqualTo("error");
			assertThat(json(anthropic).path("error").path("type").asString()).isEqualTo("invalid_request_error");
			assertThat(post(server, "/sim/a/v1/chat/completions", "{\"messages\":[]}").statusCode()).isEqualTo(200);
		}
	}

	@Test
	void whenAnthropicPromptExceedsTheContextWindowThenPromptIsTooLong() throws Exception {
		SimulatedProviderProperties.Deployment settings = quiet();
		settings.setContextWindow(5);
		try (MockLlmServer server = serve(settings)) {
			HttpResponse<String> response = post(server, "/sim/a/v1/messages",
					"{\"system\":\"You are a concise assistant.\",\"messages\":[{\"role\":\"user\","
							+ "\"content\":[{\"type\":\"text\",\"text\":\"a question\"}]}]}");
			assertThat(response.statusCode()).isEqualTo(400);
			assertThat(json(response).path("error").path("message").asString())
				.startsWith("prompt is too long: 10 tokens > 5 maximum");
		}
	}

	@Test
	void whenAnthropicRequestCarriesToolsThenToolUseThenTextFromTheToolResult() throws Exception {
		try (MockLlmServer server = serve(quiet())) {
			String tools = "\"tools\":[{\"name\":\"get_weather\",\"input_schema\":{\"type\":\"object\","
					+ "\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}}]";
			String question = "{\"role\":\"user\",\"content\":\"What is the weather in Lisbon?\"}";
			JsonNode toolUse = json(
					post(server, "/sim/a/v1/messages", "{" + tools + ",\"messages\":[" + question + "]}"));
			assertThat(toolUse.path("stop_reason").asString()).isEqualTo("tool_use");
			JsonNode block = toolUse.path("content").get(0);
			assertThat(block.path("name").asString()).isEqualTo("get_weather");
			assertThat(block.path("input").path("city").asString()).isEqualTo("Lisbon");
			String id = block.path("id").asString();
			String stream = post(server, "/sim/a/v1/messages",
					"{" + tools + ",\"stream\":true,\"messages\":[" + question + "]}")
				.body();
			assertThat(stream).contains("\"type\":\"tool_use\"", "\"input_json_delta\"", "\"stop_reason\":\"tool_use\"")
				.endsWith("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
			JsonNode answer = json(post(server, "/sim/a/v1/messages",
					"{" + tools + ",\"messages\":[" + question + ",{\"role\":\"assistant\",\"content\":[" + block
							+ "]},{\"role\":\"user\",\"content\":" + "[{\"type\":\"tool_result\",\"tool_use_id\":\""
							+ id + "\",\"content\":\"18C, sunny\"}]}]}"));
			assertThat(answer.path("stop_reason").asString()).isEqualTo("end_turn");
			assertThat(answer.path("content").get(0).path("text").asString()).isEqualTo(
					"Simulated answer from a to \"What is the weather in Lisbon?\", from the tool's result: 18C, sunny");
		}
	}

	private static SimulatedProviderProperties.Deployment quiet() {
		SimulatedProviderProperties.Deployment settings = new SimulatedProviderProperties.Deployment();
		settings.setLatency(Duration.ZERO);
		settings.setLatencyJitter(Duration.ZERO);
		settings.setTokenInterval(Duration.ZERO);
		return settings;
	}

	private static MockLlmServer serve(SimulatedProviderProperties.Deployment settings) {
		MockLlmServer server = new MockLlmServer();
		server.byDefault(new SimulatedDeployment("a", settings, 1).reply());
		return server;
	}

	private static HttpResponse<String> post(MockLlmServer server, String path, String body) throws Exception {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
				.timeout(Duration.ofSeconds(10))
				.POST(HttpRequest.BodyPublishers.ofString(body))
				.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static JsonNode json(HttpResponse<String> response) {
		return JSON.readTree(response.body());
	}

	private static Map<Fault, Integer> draws(FaultProfile profile) {
		Map<Fault, Integer> counts = new EnumMap<>(Fault.class);
		for (int n = 0; n < DRAWS; n++) {
			counts.merge(profile.draw(n), 1, Integer::sum);
		}
		return counts;
	}

	private static double share(Map<Fault, Integer> counts, Fault fault) {
		return counts.getOrDefault(fault, 0) / (double) DRAWS;
	}

	private static SimulatedProviderProperties.Deployment mix() {
		SimulatedProviderProperties.Deployment deployment = new SimulatedProviderProperties.Deployment();
		deployment.setRateLimitRate(0.1);
		deployment.setServerErrorRate(0.1);
		deployment.setUnavailableRate(0.1);
		deployment.setTimeoutRate(0.1);
		return deployment;
	}

}
