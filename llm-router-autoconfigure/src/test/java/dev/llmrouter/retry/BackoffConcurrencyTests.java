package dev.llmrouter.retry;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import dev.llmrouter.ChatRequest;
import dev.llmrouter.ChatResponse;
import dev.llmrouter.LlmRouter;
import dev.llmrouter.test.MockLlmServer;
import dev.llmrouter.test.MockLlmServer.Reply;
import dev.llmrouter.test.TestTimer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Waiting in backoff holds no thread: 10,000 calls wait at once on a bounded number of
 * threads.
 */
class BackoffConcurrencyTests {

	private static final int CALLS = 10_000;

	private final MockLlmServer server = new MockLlmServer();

	private final TestTimer timer = new TestTimer();

	private final ConnectionProvider connections = ConnectionProvider.builder("backoff-test")
		.maxConnections(256)
		.pendingAcquireMaxCount(-1)
		.pendingAcquireTimeout(Duration.ofMinutes(2))
		.build();

	@AfterEach
	void close() {
		this.server.close();
		this.connections.dispose();
	}

	@Test
	void whenTenThousandCallsWaitInBackoffThenThreadsStayBounded() throws Exception {
		AtomicInteger served = new AtomicInteger();
		Reply rateLimited = Reply.rateLimited(Map.of());
		Reply ok = Reply.completion("ok");
		this.server.byDefault(
				(response) -> (served.incrementAndGet() <= CALLS) ? rateLimited.write(response) : ok.write(response));
		WebClient webClient = WebClient.builder()
			.clientConnector(new ReactorClientHttpConnector(HttpClient.create(this.connections)))
			.build();
		LlmRouter router = LlmRouter.builder()
			.timer(this.timer)
			.random(() -> 0.5)
			.component(WebClient.class, webClient)
			.group("gpt", (g) -> g.deployment("only", (d) -> d.model("m").baseUrl(this.server.baseUrl())))
			.build();
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		int threadsBefore = threads.getThreadCount();
		List<CompletableFuture<ChatResponse>> calls = new ArrayList<>(CALLS);
		for (int i = 0; i < CALLS; i++) {
			calls.add(router.chatAsync(ChatRequest.of("gpt", "hi")).toFuture());
		}
		Awaitility.await()
			.atMost(Duration.ofMinutes(2))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> this.timer.pendingWithin(Duration.ofSeconds(1)) == CALLS);
		int threadsWhileWaiting = threads.getThreadCount();
		System.out.printf("Threads: %d before, %d while %d calls wait in backoff%n", threadsBefore, threadsWhileWaiting,
				CALLS);
		assertThat(calls).noneMatch(CompletableFuture::isDone);
		assertThat(threadsWhileWaiting - threadsBefore).isLessThan(64);
		this.timer.advance(Duration.ofSeconds(1));
		CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(2, java.util.concurrent.TimeUnit.MINUTES);
		assertThat(calls).allMatch((call) -> call.join().metadata().retryCount() == 1);
		assertThat(this.server.hits()).isEqualTo(2 * CALLS);
	}

}
