package dev.llmrouter.routing;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.llmrouter.ChatChunk;
import dev.llmrouter.ChatRequest;
import dev.llmrouter.ChatResponse;
import dev.llmrouter.LlmRouter;
import dev.llmrouter.test.MockLlmServer;
import dev.llmrouter.test.MockLlmServer.Reply;
import dev.llmrouter.test.TestTimer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * End-to-end checks of the three call styles against a loopback server.
 */
class SmokeTests {

	private final MockLlmServer server = new MockLlmServer();

	private final TestTimer timer = new TestTimer();

	private final LlmRouter router = LlmRouter.builder()
		.timer(this.timer)
		.random(() -> 0.5)
		.group("gpt", (group) -> group.deployment("a",
				(deployment) -> deployment.model("m").baseUrl(this.server.baseUrl()).apiKey("sk-test-123456789")))
		.build();

	@AfterEach
	void close() {
		this.server.close();
	}

	@Test
	void whenBlockingCallThenContentAndRequestOnTheWire() {
		ChatResponse response = this.router.chat(ChatRequest.of("gpt", "hi"));
		assertThat(response.content()).isEqualTo("Hello from the mock");
		assertThat(response.metadata().deployment()).isEqualTo("a");
		MockLlmServer.RecordedRequest request = this.server.requests().get(0);
		assertThat(request.header("Authorization")).isEqualTo("Bearer sk-test-123456789");
		assertThat(request.body()).isEqualTo("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
	}

	@Test
	void whenStreamingThenDeltasInOrder() {
		this.server.enqueue(Reply.sse("Hel", "lo"));
		List<ChatChunk> chunks = this.router.stream(ChatRequest.of("gpt", "hi")).collectList().block();
		assertThat(chunks).extracting(ChatChunk::content).containsExactly("", "Hel", "lo", "", "");
		assertThat(chunks.get(chunks.size() - 1).usage().totalTokens()).isEqualTo(7);
	}

	@Test
	void whenRateLimitedOnceThenRetriedAfterJitteredBackoff() throws Exception {
		this.server.enqueue(Reply.rateLimited(Map.of()));
		ChatResponse response = this.timer.run(this.router.chatAsync(ChatRequest.of("gpt", "hi"))).get();
		assertThat(response.metadata().retryCount()).isEqualTo(1);
		assertThat(response.metadata().attempts().get(1).backoff()).isEqualTo(Duration.ofSeconds(1));
		assertThat(this.timer.advanced()).containsExactly(Duration.ofSeconds(1));
	}

}
