package dev.llmrouter.sample;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

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
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class SampleAppIntegrationTests {

	private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
	};

	@LocalServerPort
	private int port;

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
