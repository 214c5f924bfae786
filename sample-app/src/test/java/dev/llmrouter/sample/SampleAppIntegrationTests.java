package dev.llmrouter.sample;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.llmrouter.ChatChunk;
import dev.llmrouter.ChatRequest;
import dev.llmrouter.LlmRouter;
import dev.llmrouter.test.Endpoint;
import dev.llmrouter.test.MockLlmServer;
import dev.llmrouter.test.MockLlmServer.RecordedRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Boots the sample on a random port, with its simulated provider, and drives it over HTTP
 * the way a newcomer would.
 *
 * @author llm-router
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "sim.record-requests=true")
class SampleAppIntegrationTests {

	private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
	};

	@LocalServerPort
	private int port;

	@Autowired
	private MockLlmServer simulatedProvider;

	@Autowired
	private LlmRouter router;

	private WebTestClient client;

	@BeforeEach
	void client() {
		this.client = WebTestClient.bindToServer()
			.baseUrl("http://localhost:" + this.port)
			.responseTimeout(Duration.ofMinutes(2))
			.build();
	}

	@Test
	void whenAskThenAnswerNamesGroupDeploymentAndAttempts() {
		AskResult result = this.client.get()
			.uri("/ask?q=hi")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(AskResult.class)
			.returnResult()
			.getResponseBody();
		assertThat(result).isNotNull();
		assertThat(result.answer()).contains("\"hi\"");
		assertThat(result.group()).isIn("fast", "smart");
		assertThat(result.deployment()).startsWith(result.group() + "-");
		assertThat(result.attempts()).hasSize(result.retryCount() + 1);
		assertThat(result.attempts().get(result.retryCount()).outcome()).isEqualTo("success");
	}

	@Test
	void whenPromptExceedsContextWindowThenContextWindowFallbackAnswers() {
		AskResult result = this.client.get()
			.uri((uri) -> uri.path("/ask").queryParam("q", AskController.question(9)).build())
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(AskResult.class)
			.returnResult()
			.getResponseBody();
		assertThat(result).isNotNull();
		assertThat(result.group()).isEqualTo("smart");
		assertThat(result.fallbackCount()).isEqualTo(1);
		assertThat(result.attempts().get(0).group()).isEqualTo("fast");
		assertThat(result.attempts().get(0).outcome()).isEqualTo("ContextWindowExceededException");
		assertThat(result.attempts().get(0).status()).isEqualTo(400);
	}

	@Test
	void whenAskStreamThenAnswerArrivesTokenByTokenAsServerSentEvents() {
		List<ServerSentEvent<String>> events = this.client.get()
			.uri("/ask/stream?q=hi")
			.accept(MediaType.TEXT_EVENT_STREAM)
			.exchange()
			.expectStatus()
			.isOk()
			.returnResult(new ParameterizedTypeReference<ServerSentEvent<String>>() {
			})
			.getResponseBody()
			.collectList()
			.block(Duration.ofMinutes(1));
		assertThat(events).hasSizeGreaterThan(5);
		ServerSentEvent<String> last = events.get(events.size() - 1);
		assertThat(last.event()).isEqualTo("done");
		String text = String.join("",
				events.subList(0, events.size() - 1).stream().map(ServerSentEvent::data).toList());
		assertThat(text).startsWith("Simulated answer from ").contains(" to \"hi\": ");
	}

	@Test
	void whenLoadThenRetriesFallbacksAndCooldownsShowInEndpointAndMeters() {
		LoadSummary summary = this.client.post()
			.uri("/load?n=200")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(LoadSummary.class)
			.returnResult()
			.getResponseBody();
		assertThat(summary).isNotNull();
		assertThat(summary.requested()).isEqualTo(200);
		assertThat(summary.succeeded() + summary.failed()).isEqualTo(200);
		assertThat(summary.retries()).isPositive();
		assertThat(summary.fallbacks()).isGreaterThanOrEqualTo(20);
		Map<String, Object> fast = deploymentsOf("fast");
		assertThat(fast).containsOnlyKeys("fast-a", "fast-b");
		assertThat(sum(fast, "retries")).isPositive();
		assertThat(failures(fast, "CONTEXT_WINDOW_EXCEEDED")).isGreaterThanOrEqualTo(20);
		assertThat(sum(deploymentsOf("smart"), "successes")).isGreaterThanOrEqualTo(20);
		assertThat(meterCount("llm.router.retries")).isPositive();
		assertThat(meterCount("llm.router.fallbacks")).isGreaterThanOrEqualTo(20);
		assertThat(meterCount("llm.router.cooldowns")).isGreaterThanOrEqualTo(1);
	}

	@Test
	void whenAgentAskedThenItsToolCallFallsBackToClaudeAndTheAnswerUsesTheResult() {
		AgentResult result = this.client.get()
			.uri((uri) -> uri.path("/ask/agent").queryParam("q", "What is the weather in Paris?").build())
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(AgentResult.class)
			.returnResult()
			.getResponseBody();
		assertThat(result).isNotNull();
		String weather = WeatherAgent.weather("Paris");
		assertThat(result.toolCalls()).singleElement().satisfies((call) -> {
			assertThat(call.name()).isEqualTo("get_weather");
			assertThat(call.arguments()).isEqualTo("{\"city\":\"Paris\"}");
			assertThat(call.result()).isEqualTo(weather);
			assertThat(call.id()).startsWith("toolu_");
		});
		assertThat(result.answer()).startsWith("Simulated answer from claude-a to \"What is the weather in Paris?\"")
			.endsWith(weather);
		assertThat(result.turns()).extracting(AgentResult.Turn::finishReason).containsExactly("tool_calls", "stop");
		for (AgentResult.Turn turn : result.turns()) {
			assertThat(turn.group()).isEqualTo("claude");
			assertThat(turn.deployment()).isEqualTo("claude-a");
			assertThat(turn.fallbackCount()).isEqualTo(2);
			assertThat(turn.attempts().stream().map(AskResult.AttemptView::group).distinct()).containsExactly("fast",
					"smart", "claude");
			assertThat(turn.attempts()).filteredOn((attempt) -> attempt.status() == 400)
				.isNotEmpty()
				.allSatisfy((attempt) -> assertThat(attempt.outcome()).isEqualTo("UnsupportedParamsException"));
			AskResult.AttemptView last = turn.attempts().get(turn.attempts().size() - 1);
			assertThat(last.outcome()).isEqualTo("success");
			assertThat(last.group()).isEqualTo("claude");
		}
	}

	@Test
	void whenAgentAskedThenSimulatedClaudeReceivesTheToolResultInAnthropicsShape() {
		AgentResult result = this.client.get()
			.uri((uri) -> uri.path("/ask/agent").queryParam("q", "Is it raining in Oslo?").build())
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(AgentResult.class)
			.returnResult()
			.getResponseBody();
		assertThat(result).isNotNull();
		String toolUseId = result.toolCalls().get(0).id();
		RecordedRequest request = this.simulatedProvider.requests(Endpoint.MESSAGES)
			.stream()
			.filter((recorded) -> recorded.body().contains("\"tool_use_id\":\"" + toolUseId + "\""))
			.reduce((first, second) -> second)
			.orElseThrow();
		assertThat(request.path()).isEqualTo("/sim/claude-a/v1/messages");
		assertThat(request.header("anthropic-version")).isEqualTo("2023-06-01");
		JsonNode body = request.json();
		assertThat(body.path("model").asString()).isEqualTo("claude-sim");
		assertThat(body.path("max_tokens").asInt()).isEqualTo(1024);
		assertThat(body.path("system").asString()).startsWith("You are a concise assistant.");
		assertThat(body.path("tools").get(0).path("name").asString()).isEqualTo("get_weather");
		assertThat(body.path("tools").get(0).path("input_schema").path("required").get(0).asString()).isEqualTo("city");
		JsonNode messages = body.path("messages");
		assertThat(messages.size()).isEqualTo(3);
		assertThat(messages.get(0).path("role").asString()).isEqualTo("user");
		JsonNode toolUse = messages.get(1).path("content").get(0);
		assertThat(messages.get(1).path("role").asString()).isEqualTo("assistant");
		assertThat(toolUse.path("type").asString()).isEqualTo("tool_use");
		assertThat(toolUse.path("id").asString()).isEqualTo(toolUseId);
		assertThat(toolUse.path("name").asString()).isEqualTo("get_weather");
		assertThat(toolUse.path("input").path("city").asString()).isEqualTo("Oslo");
		JsonNode toolResult = messages.get(2).path("content").get(0);
		assertThat(messages.get(2).path("role").asString()).isEqualTo("user");
		assertThat(toolResult.path("type").asString()).isEqualTo("tool_result");
		assertThat(toolResult.path("tool_use_id").asString()).isEqualTo(toolUseId);
		assertThat(toolResult.path("content").asString()).isEqualTo(WeatherAgent.weather("Oslo"));
	}

	@Test
	@SuppressWarnings("unchecked")
	void whenAgentCallEndedThenRecentShowsItsToolCall() {
		this.client.get().uri("/ask/agent?q=Weather+in+Rome").exchange().expectStatus().isOk();
		Map<String, Object> recent = this.client.get()
			.uri("/recent")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
		assertThat(recent).isNotNull();
		List<Map<String, Object>> calls = (List<Map<String, Object>>) recent.get("recent");
		assertThat(calls).filteredOn((call) -> !((List<?>) call.get("toolCalls")).isEmpty()).anySatisfy((call) -> {
			assertThat(call).containsEntry("servedBy", "claude/claude-a").containsEntry("fallbackCount", 2);
			Map<String, Object> toolCall = ((List<Map<String, Object>>) call.get("toolCalls")).get(0);
			assertThat(toolCall).containsEntry("name", "get_weather").containsEntry("arguments", "{\"city\":\"Rome\"}");
		});
	}

	@Test
	void whenClaudeIsAskedToStreamThenItsEventStreamIsReadAsChunks() {
		String text = String.join("",
				this.router.stream(ChatRequest.of("claude", "stream please"))
					.map(ChatChunk::content)
					.collectList()
					.block(Duration.ofMinutes(1)));
		assertThat(text).startsWith("Simulated answer from claude-a to \"stream please\": ");
	}

	@Test
	void whenLoadSizeIsOutOfRangeThenBadRequest() {
		this.client.post().uri("/load?n=0").exchange().expectStatus().isBadRequest();
	}

	@Test
	void whenEndpointReadThenGroupShowsEffectiveRetryPolicyAndFallbacks() {
		Map<String, Object> fast = this.client.get()
			.uri("/actuator/llmrouter/fast")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
		assertThat(fast).containsEntry("fallbacks", List.of("smart"))
			.containsEntry("contextWindowFallbacks", List.of("smart"))
			.containsEntry("routingStrategy", "simple-shuffle");
		assertThat(fast.get("retryPolicy")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
			.containsEntry("RATE_LIMIT", 3)
			.containsEntry("TIMEOUT", 1)
			.containsEntry("INTERNAL_SERVER", 2)
			.containsEntry("BAD_REQUEST", 0);
	}

	@Test
	void whenCallFinishedThenRecentListsIt() {
		this.client.get().uri("/ask?q=recent-check").exchange().expectStatus().isOk();
		Map<String, Object> recent = this.client.get()
			.uri("/recent")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
		assertThat(recent).isNotNull();
		assertThat(((Number) recent.get("calls")).longValue()).isPositive();
		assertThat(recent.get("recent")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
			.isNotEmpty()
			.hasSizeLessThanOrEqualTo(RecentCalls.CAPACITY);
	}

	@SuppressWarnings("unchecked")
	private Map<String, Object> deploymentsOf(String group) {
		Map<String, Object> body = this.client.get()
			.uri("/actuator/llmrouter")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
		Map<String, Object> groups = (Map<String, Object>) body.get("groups");
		return (Map<String, Object>) ((Map<String, Object>) groups.get(group)).get("deployments");
	}

	@SuppressWarnings("unchecked")
	private static long sum(Map<String, Object> deployments, String field) {
		return deployments.values()
			.stream()
			.mapToLong((deployment) -> ((Number) ((Map<String, Object>) deployment).get(field)).longValue())
			.sum();
	}

	@SuppressWarnings("unchecked")
	private static long failures(Map<String, Object> deployments, String type) {
		return deployments.values().stream().mapToLong((deployment) -> {
			Map<String, Object> failures = (Map<String, Object>) ((Map<String, Object>) deployment).get("failures");
			Object count = failures.get(type);
			return (count != null) ? ((Number) count).longValue() : 0;
		}).sum();
	}

	@SuppressWarnings("unchecked")
	private double meterCount(String name) {
		Map<String, Object> meter = this.client.get()
			.uri("/actuator/metrics/" + name)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
		List<Map<String, Object>> measurements = (List<Map<String, Object>>) meter.get("measurements");
		return measurements.stream()
			.filter((measurement) -> "COUNT".equals(measurement.get("statistic")))
			.mapToDouble((measurement) -> ((Number) measurement.get("value")).doubleValue())
			.findFirst()
			.orElse(0);
	}

}
