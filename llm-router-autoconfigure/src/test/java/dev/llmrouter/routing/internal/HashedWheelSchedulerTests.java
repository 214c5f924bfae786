package dev.llmrouter.routing.internal;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.llmrouter.ChatRequest;
import dev.llmrouter.LlmRouter;
import dev.llmrouter.error.LlmTimeoutException;
import dev.llmrouter.test.MockLlmServer;
import dev.llmrouter.test.MockLlmServer.Reply;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.scheduler.Schedulers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The router's default timer, in real time.
 */
class HashedWheelSchedulerTests {

	@Test
	void whenDelayedTaskIsDueThenItRunsOnANonBlockingThread() throws Exception {
		CompletableFuture<Boolean> ranOnNonBlocking = new CompletableFuture<>();
		HashedWheelScheduler.INSTANCE.schedule(() -> ranOnNonBlocking.complete(Schedulers.isInNonBlockingThread()), 30,
				TimeUnit.MILLISECONDS);
		assertThat(ranOnNonBlocking.get(10, TimeUnit.SECONDS)).isTrue();
	}

	@Test
	void whenDelayedTaskIsDisposedThenItNeverRuns() throws Exception {
		AtomicBoolean disposedRan = new AtomicBoolean();
		Disposable disposed = HashedWheelScheduler.INSTANCE.schedule(() -> disposedRan.set(true), 20,
				TimeUnit.MILLISECONDS);
		disposed.dispose();
		CompletableFuture<Void> later = new CompletableFuture<>();
		HashedWheelScheduler.INSTANCE.createWorker().schedule(() -> later.complete(null), 100, TimeUnit.MILLISECONDS);
		later.get(10, TimeUnit.SECONDS);
		assertThat(disposed.isDisposed()).isTrue();
		assertThat(disposedRan).isFalse();
	}

	@Test
	void whenNoTimerIsGivenThenAttemptTimeoutFiresInRealTime() {
		try (MockLlmServer server = new MockLlmServer()) {
			server.byDefault(Reply.hang());
			LlmRouter router = LlmRouter.builder()
				.numRetries(0)
				.timeout(Duration.ofMillis(200))
				.group("gpt",
						(group) -> group.deployment("a",
								(deployment) -> deployment.model("m").baseUrl(server.baseUrl()).apiKey("sk-test-1234")))
				.build();
			assertThatExceptionOfType(LlmTimeoutException.class)
				.isThrownBy(() -> router.chatAsync(ChatRequest.of("gpt", "hi")).block(Duration.ofSeconds(20)));
		}
	}

}
