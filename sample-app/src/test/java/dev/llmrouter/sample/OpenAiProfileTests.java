package dev.llmrouter.sample;

import java.time.Duration;
import java.util.Map;

import dev.llmrouter.test.MockLlmServer;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code openai} profile points the same groups at the real API with
 * {@code OPENAI_API_KEY}, and turns the simulated provider off. Makes no call to OpenAI.
 *
 * @author llm-router
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "OPENAI_API_KEY=sk-test-0000000000wxyz")
@ActiveProfiles("openai")
class OpenAiProfileTests {

	@LocalServerPort
	private int port;

	@Autowired
	private ApplicationContext context;

	@Test
	@SuppressWarnings("unchecked")
	void whenOpenAiProfileActiveThenGroupsTargetTheRealApiWithTheKeyMasked() {
		Map<String, Object> fast = client().get()
			.uri("/actuator/llmrouter/fast")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
			})
			.returnResult()
			.getResponseBody();
		Map<String, Object> deployments = (Map<String, Object>) fast.get("deployments");
		assertThat(deployments).containsOnlyKeys("fast-a", "fast-b");
		assertThat((Map<String, Object>) deployments.get("fast-a")).containsEntry("model", "gpt-4o-mini")
			.containsEntry("baseUrl", "https://api.openai.com/v1")
			.containsEntry("apiKey", "****wxyz");
	}

	@Test
	@SuppressWarnings("unchecked")
	void whenOpenAiProfileActiveThenClaudeTargetsTheRealAnthropicApi() {
		Map<String, Object> claude = client().get()
			.uri("/actuator/llmrouter/claude")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
			})
			.returnResult()
			.getResponseBody();
		Map<String, Object> deployments = (Map<String, Object>) claude.get("deployments");
		assertThat((Map<String, Object>) deployments.get("claude-a")).containsEntry("provider", "anthropic")
			.containsEntry("model", "claude-sonnet-4-5")
			.containsEntry("baseUrl", "https://api.anthropic.com");
	}

	@Test
	void whenOpenAiProfileActiveThenSimulatedProviderIsNotStarted() {
		assertThat(this.context.getBeanNamesForType(MockLlmServer.class)).isEmpty();
	}

	private WebTestClient client() {
		return WebTestClient.bindToServer()
			.baseUrl("http://localhost:" + this.port)
			.responseTimeout(Duration.ofSeconds(30))
			.build();
	}

}
