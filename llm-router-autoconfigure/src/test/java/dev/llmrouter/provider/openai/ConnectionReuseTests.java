package dev.llmrouter.provider.openai;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import dev.llmrouter.ChatChunk;
import dev.llmrouter.ChatRequest;
import dev.llmrouter.LlmRouter;
import dev.llmrouter.test.AnthropicReplies;
import dev.llmrouter.test.Endpoint;
import dev.llmrouter.test.MockLlmServer;
import dev.llmrouter.test.MockLlmServer.Reply;
import dev.llmrouter.test.TestTimer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionPoolMetrics;
import reactor.netty.resources.ConnectionProvider;

import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Streams give their connection back to the pool (issue 12, item 7): a completed stream
 * reads its body to the end, so that sequential streams share connections as sequential
 * chat calls do, and a body that goes on after {@code [DONE]} ends the stream after
 * {@link OpenAiProvider#DRAIN_AFTER_DONE} with its connection closed rather than reused.
 * Anthropic's streams, read to the end after {@code message_stop}, do the same. Each test
 * has a connection pool of its own, over real HTTP to {@link MockLlmServer}.
 */
class ConnectionReuseTests {

	private static final int CALLS = 20;

	private final MockLlmServer server = new MockLlmServer();

	private final AtomicReference<ConnectionPoolMetrics> poolMetrics = new AtomicReference<>();

	private final ConnectionProvider pool = ConnectionProvider.builder("connection-reuse-tests")
		.maxConnections(8)
		.metrics(true, () -> (poolName, id, remoteAddress, metrics) -> this.poolMetrics.set(metrics))
		.build();

	private final TestTimer timer = new TestTimer();

	private final LlmRouter router = LlmRouter.builder()
		.timer(this.timer)
		.random(() -> 0.5)
		.numRetries(0)
		.component(WebClient.class,
				WebClient.builder()
					.clientConnector(new ReactorClientHttpConnector(HttpClient.create(this.pool)))
					.build())
		.group("gpt", (group) -> group.deployment("a", (d) -> d.model("gpt-4o").baseUrl(this.server.baseUrl())))
		.group("claude",
				(group) -> group.deployment("b",
						(d) -> d.provider("anthropic").model("claude-sonnet-4-5").baseUrl(this.server.baseUrl())))
		.build();

	@AfterEach
	void close() {
		this.pool.disposeLater().block(Duration.ofSeconds(10));
		this.server.close();
	}

	@Test
	void whenChatCallsRunOneAfterAnotherThenTheyShareAtMostTwoConnections() {
		for (int i = 0; i < CALLS; i++) {
			assertThat(this.router.chat(ChatRequest.of("gpt", "hi")).content()).isEqualTo("Hello from the mock");
			awaitConnectionGivenBack();
		}
		assertThat(this.server.hits()).isEqualTo(CALLS);
		assertThat(this.server.connections()).isLessThanOrEqualTo(2);
	}

	@Test
	void whenStreamsRunOneAfterAnotherThenTheyShareAtMostTwoConnections() {
		this.server.byDefault(Reply.sse("Hel", "lo"));
		for (int i = 0; i < CALLS; i++) {
			List<ChatChunk> chunks = this.router.stream(ChatRequest.of("gpt", "hi"))
				.collectList()
				.block(Duration.ofSeconds(20));
			assertThat(chunks).extracting(ChatChunk::content).containsSequence("Hel", "lo");
			awaitConnectionGivenBack();
		}
		assertThat(this.server.hits()).isEqualTo(CALLS);
		assertThat(this.server.connections()).isLessThanOrEqualTo(2);
	}

	@Test
	void whenAnthropicStreamsRunOneAfterAnotherThenTheyShareAtMostTwoConnections() {
		this.server.byDefault(Endpoint.MESSAGES, AnthropicReplies.streamText("Hel", "lo"));
		for (int i = 0; i < CALLS; i++) {
			List<ChatChunk> chunks = this.router.stream(ChatRequest.of("claude", "hi"))
				.collectList()
				.block(Duration.ofSeconds(20));
			assertThat(chunks).extracting(ChatChunk::content).containsSequence("Hel", "lo");
			awaitConnectionGivenBack();
		}
		assertThat(this.server.hits()).isEqualTo(CALLS);
		assertThat(this.server.connections()).isLessThanOrEqualTo(2);
	}

	@Test
	void whenTheBodyStaysOpenAfterDoneThenTheStreamEndsAfterTheDrainTimeAndItsConnectionIsClosed() {
		this.server.enqueue((response) -> response.status(200)
			.header("Content-Type", "text/event-stream")
			.sendString(Flux.concat(Flux.just("data: " + chunk("{\"content\":\"Hi\"}", "null") + "\n\n",
					"data: " + chunk("{}", "\"stop\"") + "\n\n", "data: [DONE]\n\n"), Flux.never()))
			.then());
		CompletableFuture<List<ChatChunk>> chunks = this.router.stream(ChatRequest.of("gpt", "hi"))
			.collectList()
			.toFuture();
		Duration drain = this.timer.awaitWait(OpenAiProvider.DRAIN_AFTER_DONE);
		assertThat(drain).isEqualTo(OpenAiProvider.DRAIN_AFTER_DONE);
		assertThat(chunks).isNotDone();
		this.timer.advance(drain);
		assertThat(chunks).succeedsWithin(Duration.ofSeconds(20))
			.satisfies((list) -> assertThat(list).extracting(ChatChunk::content).containsExactly("Hi", ""));
		Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> this.server.openConnections() == 0);
		this.server.enqueue(Reply.sse("again"));
		assertThat(this.router.stream(ChatRequest.of("gpt", "hi")).collectList().block(Duration.ofSeconds(20)))
			.extracting(ChatChunk::content)
			.contains("again");
		assertThat(this.server.connections()).isEqualTo(2);
	}

	/**
	 * Wait (in real time, bounded) until the pool holds no connection for a call: the
	 * pool takes a connection back on the event loop just after the call has ended, and a
	 * call made before that would open a connection of its own.
	 */
	private void awaitConnectionGivenBack() {
		Awaitility.await()
			.atMost(Duration.ofSeconds(20))
			.pollInterval(Duration.ofMillis(1))
			.until(() -> this.poolMetrics.get() != null && this.poolMetrics.get().acquiredSize() == 0);
	}

	private static String chunk(String delta, String finishReason) {
		return "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
				+ "\"model\":\"mock-model\",\"choices\":[{\"index\":0,\"delta\":" + delta
				+ ",\"logprobs\":null,\"finish_reason\":" + finishReason + "}]}";
	}

}
