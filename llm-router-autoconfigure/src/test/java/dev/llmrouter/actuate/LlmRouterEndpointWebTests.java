package dev.llmrouter.actuate;

import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import dev.llmrouter.ChatRequest;
import dev.llmrouter.ChatResponse;
import dev.llmrouter.LlmRouter;
import dev.llmrouter.routing.DeploymentStateStore;
import dev.llmrouter.routing.SharedDeploymentState;
import dev.llmrouter.test.MockLlmServer;
import dev.llmrouter.test.MockLlmServer.Reply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Bean;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /actuator/llmrouter} and {@code /actuator/health} over HTTP in a running
 * application.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=health,llmrouter,metrics",
				"management.endpoint.health.show-details=always" })
class LlmRouterEndpointWebTests {

	private static final String API_KEY = "sk-live-0123456789abcdefwxyz";

	private static final MockLlmServer server = new MockLlmServer();

	@LocalServerPort
	private int port;

	@Autowired
	private LlmRouter router;

	@Autowired
	private DeploymentStateStore store;

	@DynamicPropertySource
	static void router(DynamicPropertyRegistry registry) {
		registry.add("llm.router.groups.gpt.fallbacks", () -> "backup");
		registry.add("llm.router.groups.gpt.num-retries", () -> "3");
		registry.add("llm.router.groups.backup.routing-strategy", () -> "least-busy");
		for (String deployment : List.of("gpt.deployments.a", "gpt.deployments.b", "backup.deployments.c")) {
			String prefix = "llm.router.groups." + deployment;
			registry.add(prefix + ".model", () -> "gpt-4o");
			registry.add(prefix + ".base-url", server::baseUrl);
			registry.add(prefix + ".api-key", () -> API_KEY);
		}
	}

	@AfterAll
	static void close() {
		server.close();
	}

	@Test
	void whenReadThenGroupsWithEffectiveRetryPolicyAndMaskedKeys() {
		String body = exchange(HttpMethod.GET, "/actuator/llmrouter").body();
		assertThat(body).doesNotContain(API_KEY);
		DocumentContext json = JsonPath.parse(body);
		assertThat(json.read("$.groups", Map.class).keySet()).containsExactly("gpt", "backup");
		Map<String, Object> gpt = json.read("$.groups.gpt");
		assertThat(gpt).containsEntry("routingStrategy", "simple-shuffle")
			.containsEntry("numRetries", 3)
			.containsEntry("fallbacks", List.of("backup"))
			.containsEntry("contextWindowFallbacks", List.of())
			.containsEntry("contentPolicyFallbacks", List.of())
			.containsEntry("available", true)
			.containsEntry("embeddings", true);
		assertThat(json.read("$.groups.gpt.retryPolicy", Map.class)).containsExactly(Map.entry("TIMEOUT", 3),
				Map.entry("RATE_LIMIT", 3), Map.entry("INTERNAL_SERVER", 3), Map.entry("BAD_REQUEST", 0),
				Map.entry("AUTHENTICATION", 0), Map.entry("CONTENT_POLICY_VIOLATION", 0),
				Map.entry("UNSUPPORTED_PARAMS", 0));
		Map<String, Object> c = json.read("$.groups.backup.deployments.c");
		assertThat(c).containsEntry("provider", "openai")
			.containsEntry("model", "gpt-4o")
			.containsEntry("baseUrl", server.baseUrl())
			.containsEntry("apiKey", "****wxyz")
			.containsEntry("coolingDown", false)
			.containsEntry("cooldownRemainingMs", 0)
			.containsEntry("embeddings", true)
			.containsKeys("inFlight", "successes", "retries", "failures", "cooldownUntil");
		assertThat(json.read("$.groups.backup.routingStrategy", String.class)).isEqualTo("least-busy");
		assertThat(json.read("$.stateStore", Map.class)).containsEntry("kind", "memory")
			.containsEntry("available", true);
	}

	@Test
	void whenOneGroupSelectedThenOnlyThatGroup() {
		Response response = exchange(HttpMethod.GET, "/actuator/llmrouter/backup");
		assertThat(response.status()).isEqualTo(200);
		DocumentContext json = JsonPath.parse(response.body());
		assertThat(json.read("$.deployments", Map.class).keySet()).containsExactly("c");
		assertThat(json.read("$.numRetries", Integer.class)).isEqualTo(2);
		assertThat(exchange(HttpMethod.GET, "/actuator/llmrouter/nope").status()).isEqualTo(404);
	}

	@Test
	void whenRateLimitedThenCooldownShownAndClearedByDelete() {
		server.enqueue(Reply.rateLimited(Map.of("Retry-After", "120")));
		ChatResponse response = this.router.chat(ChatRequest.of("gpt", "hi"));
		String cooled = response.metadata().attempts().get(0).deployment();
		String other = response.metadata().deployment();
		DocumentContext json = JsonPath.parse(exchange(HttpMethod.GET, "/actuator/llmrouter").body());
		String path = "$.groups.gpt.deployments." + cooled;
		assertThat(json.read(path + ".coolingDown", Boolean.class)).isTrue();
		assertThat(json.read(path + ".cooldownRemainingMs", Long.class)).isBetween(1L, 120_000L);
		assertThat(json.read(path + ".cooldownUntil", String.class)).endsWith("Z");
		assertThat(json.read(path + ".failures", Map.class)).containsExactly(Map.entry("RATE_LIMIT", 1));
		assertThat(json.read(path + ".retries", Integer.class)).isEqualTo(1);
		assertThat(json.read("$.groups.gpt.deployments." + other + ".coolingDown", Boolean.class)).isFalse();
		assertThat(json.read("$.groups.gpt.available", Boolean.class)).isTrue();
		DocumentContext health = JsonPath.parse(exchange(HttpMethod.GET, "/actuator/health").body());
		assertThat(health.read("$.status", String.class)).isEqualTo("UP");
		assertThat(health.read("$.components.llmRouter.status", String.class)).isEqualTo("UP");
		assertThat(health.read("$.components.llmRouter.details.gpt.deployments." + cooled, String.class))
			.isEqualTo("cooling down");
		assertThat(health.read("$.components.llmRouter.details.gpt.deployments." + other, String.class))
			.isEqualTo("available");
		DocumentContext cooldowns = JsonPath
			.parse(exchange(HttpMethod.GET, "/actuator/metrics/llm.router.cooldowns?tag=deployment:" + cooled).body());
		assertThat(cooldowns.read("$.measurements[0].value", Double.class)).isEqualTo(1.0);
		Response cleared = exchange(HttpMethod.DELETE, "/actuator/llmrouter/gpt/" + cooled);
		assertThat(cleared.status()).isEqualTo(200);
		assertThat(JsonPath.parse(cleared.body()).read("$.coolingDown", Boolean.class)).isFalse();
		json = JsonPath.parse(exchange(HttpMethod.GET, "/actuator/llmrouter").body());
		assertThat(json.read(path + ".coolingDown", Boolean.class)).isFalse();
	}

	@Test
	void whenEveryDeploymentOfAGroupCoolsThenHealthDown() {
		SharedDeploymentState state = this.store.state("backup", "c");
		state.coolDownUntil(System.currentTimeMillis() + 60_000);
		try {
			Response response = exchange(HttpMethod.GET, "/actuator/health");
			assertThat(response.status()).isEqualTo(503);
			DocumentContext health = JsonPath.parse(response.body());
			assertThat(health.read("$.components.llmRouter.status", String.class)).isEqualTo("DOWN");
			assertThat(health.read("$.components.llmRouter.details.backup.available", Boolean.class)).isFalse();
			assertThat(health.read("$.components.llmRouter.details.gpt.available", Boolean.class)).isTrue();
		}
		finally {
			state.clearCooldown();
		}
	}

	private Response exchange(HttpMethod method, String path) {
		return WebClient.create("http://127.0.0.1:" + this.port)
			.method(method)
			.uri(path)
			.exchangeToMono((response) -> response.bodyToMono(String.class)
				.defaultIfEmpty("")
				.map((body) -> new Response(response.statusCode().value(), body)))
			.block();
	}

	private record Response(int status, String body) {

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class TestApplication {

		@Bean
		DeploymentStateStore deploymentStateStore() {
			return DeploymentStateStore.inMemory();
		}

	}

}
