package dev.llmrouter.observation;

import java.util.List;
import java.util.Map;

import dev.llmrouter.ChatChunk;
import dev.llmrouter.ChatRequest;
import dev.llmrouter.LlmRouter;
import dev.llmrouter.error.AuthenticationException;
import dev.llmrouter.error.LlmException;
import dev.llmrouter.test.MockLlmServer;
import dev.llmrouter.test.MockLlmServer.Reply;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * With the router's logging at TRACE and the HTTP client's at DEBUG, failing calls whose
 * provider echoes the API key never put the key (nor the prompt) in the output, even when
 * the application logs the exceptions.
 */
@ExtendWith(OutputCaptureExtension.class)
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE,
		properties = { "logging.level.dev.llmrouter=TRACE", "logging.level.reactor.netty=DEBUG",
				"logging.level.org.springframework.web.reactive.function.client=DEBUG",
				"llm.router.backoff.initial-interval=10ms", "llm.router.backoff.max-interval=20ms",
				"llm.router.groups.gpt.fallbacks=backup" })
class ApiKeyLoggingTests {

	private static final String API_KEY = "sk-proj-Zq8SECRETkeyMaterial42wxyz";

	private static final String PROMPT = "my confidential prompt";

	private static final Log logger = LogFactory.getLog(ApiKeyLoggingTests.class);

	private static final MockLlmServer server = new MockLlmServer();

	@Autowired
	private LlmRouter router;

	@DynamicPropertySource
	static void router(DynamicPropertyRegistry registry) {
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
		// the levels this test raised belong to the JVM's logging, not to its context:
		// put them back, so that the tests after it log as usual
		LoggingSystem logging = LoggingSystem.get(ApiKeyLoggingTests.class.getClassLoader());
		for (String name : List.of("dev.llmrouter", "reactor.netty",
				"org.springframework.web.reactive.function.client")) {
			logging.setLogLevel(name, null);
		}
	}

	@Test
	void whenCallsFailWithTheKeyEchoedThenTheKeyAppearsNowhereInTheOutput(CapturedOutput output) {
		String echo = "Incorrect API key provided: " + API_KEY;
		server.enqueue(Reply.error(429, "requests", "rate_limit_exceeded", echo, Map.of("Retry-After", "0.05")),
				Reply.error(500, "server_error", null, echo, Map.of()),
				Reply.error(401, "invalid_request_error", "invalid_api_key", echo, Map.of()),
				Reply.error(400, "invalid_request_error", null, echo, Map.of()));
		assertThatExceptionOfType(AuthenticationException.class)
			.isThrownBy(() -> this.router.chat(ChatRequest.of("gpt", PROMPT)))
			.satisfies(this::logLikeAnApplication);
		server.enqueue(Reply.raw(500, "text/plain", "upstream said " + API_KEY), Reply.sse("Hel", "lo"));
		List<ChatChunk> chunks = this.router.stream(ChatRequest.of("gpt", PROMPT)).collectList().block();
		assertThat(chunks).extracting(ChatChunk::content).contains("Hel", "lo");
		assertThat(output).contains("Retrying group 'gpt' after RateLimitException (HTTP 429) from deployment")
			.contains("cools down for 50ms after RateLimitException")
			.contains("after InternalServerException (HTTP 500)")
			.contains("(attempt 2/3)")
			.contains("Incorrect API key provided: ****wxyz")
			.doesNotContain(API_KEY)
			.doesNotContain(API_KEY.substring(0, API_KEY.length() - 4))
			.doesNotContain(PROMPT);
	}

	private void logLikeAnApplication(LlmException error) {
		logger.error("LLM call failed: " + error + " " + error.metadata(), error);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class TestApplication {

	}

}
