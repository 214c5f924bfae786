package dev.llmrouter.retry;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import dev.llmrouter.Attempt;
import dev.llmrouter.ChatChunk;
import dev.llmrouter.ChatRequest;
import dev.llmrouter.LlmRouter;
import dev.llmrouter.error.InternalServerException;
import dev.llmrouter.error.LlmTimeoutException;
import dev.llmrouter.error.MidStreamException;
import dev.llmrouter.test.MockLlmServer;
import dev.llmrouter.test.MockLlmServer.Reply;
import dev.llmrouter.test.TestTimer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Streaming retries (CONTRACT §3 "Streaming"): transparent before the first content
 * chunk, a {@link MidStreamException} and never a replay after it; first-chunk and idle
 * timeouts.
 */
class StreamingRetryTests {

	private final MockLlmServer server = new MockLlmServer();

	private final TestTimer timer = new TestTimer();

	private final List<ChatChunk> received = new CopyOnWriteArrayList<>();

	private final AtomicReference<Throwable> error = new AtomicReference<>();

	private volatile boolean completed;

	@AfterEach
	void close() {
		this.server.close();
	}

	private LlmRouter router(Consumer<LlmRouter.Builder> settings) {
		LlmRouter.Builder builder = LlmRouter.builder()
			.timer(this.timer)
			.random(() -> 0.5)
			.group("gpt", (g) -> g.deployment("only", (d) -> d.model("m").baseUrl(this.server.baseUrl())));
		settings.accept(builder);
		return builder.build();
	}

	private Disposable subscribe(LlmRouter router) {
		return router.stream(ChatRequest.of("gpt", "hi"))
			.subscribe(this.received::add, this.error::set, () -> this.completed = true);
	}

	private void awaitEnd() {
		Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> this.completed || this.error.get() != null);
	}

	private String text() {
		return String.join("", this.received.stream().map(ChatChunk::content).toList());
	}

	@Test
	void whenServerErrorBeforeTheStreamThenRetriedTransparently() {
		this.server.enqueue(Reply.status(500), Reply.sse("Hel", "lo"));
		subscribe(router((settings) -> {
		}));
		this.timer.step(Duration.ofSeconds(1));
		awaitEnd();
		assertThat(this.completed).isTrue();
		assertThat(text()).isEqualTo("Hello");
		assertThat(this.received).filteredOn(ChatChunk::hasContent).hasSize(2);
		assertThat(this.server.hits()).isEqualTo(2);
	}

	@Test
	void whenConnectionDropsBeforeContentThenRetriedWithoutDuplicates() {
		this.server.enqueue(Reply.sseThenDrop(), Reply.sse("Hel", "lo"));
		subscribe(router((settings) -> {
		}));
		this.timer.step(Duration.ofSeconds(1));
		awaitEnd();
		assertThat(this.completed).isTrue();
		assertThat(text()).isEqualTo("Hello");
		assertThat(this.received).filteredOn(ChatChunk::hasContent)
			.extracting(ChatChunk::content)
			.containsExactly("Hel", "lo");
	}

	@Test
	void whenConnectionDropsAfterContentThenMidStreamExceptionAndNoReplay() {
		this.server.enqueue(Reply.sseThenDrop("Hel", "lo"));
		subscribe(router((settings) -> {
		}));
		awaitEnd();
		assertThat(this.error.get()).isInstanceOf(MidStreamException.class);
		MidStreamException midStream = (MidStreamException) this.error.get();
		assertThat(midStream.partialContent()).isEqualTo("Hello");
		assertThat(midStream.getCause()).isInstanceOf(InternalServerException.class);
		assertThat(midStream.metadata().attempts()).extracting(Attempt::outcome).containsExactly("MidStreamException");
		assertThat(this.server.hits()).isEqualTo(1);
		assertThat(text()).isEqualTo("Hello");
	}

	@Test
	void whenFirstChunkDoesNotComeInTimeThenStreamTimeoutRetries() {
		this.server.enqueue(Reply.hang(), Reply.sse("ok"));
		subscribe(router((settings) -> settings.streamTimeout(Duration.ofSeconds(5))));
		this.server.awaitHits(1);
		this.timer.step(Duration.ofSeconds(5));
		this.timer.step(Duration.ofSeconds(1));
		awaitEnd();
		assertThat(this.completed).isTrue();
		assertThat(text()).isEqualTo("ok");
		assertThat(this.server.hits()).isEqualTo(2);
	}

	@Test
	void whenStreamStallsBeforeContentThenRetriedTransparently() {
		this.server.enqueue(Reply.sseThenStall(), Reply.sse("ok"));
		subscribe(router((settings) -> settings.streamTimeout(Duration.ofSeconds(5))));
		Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> !this.received.isEmpty());
		this.timer.step(Duration.ofSeconds(5));
		this.timer.step(Duration.ofSeconds(1));
		awaitEnd();
		assertThat(this.completed).isTrue();
		assertThat(text()).isEqualTo("ok");
	}

	@Test
	void whenStreamGoesIdleAfterContentThenMidStreamExceptionWithTimeoutCause() {
		this.server.enqueue(Reply.sseThenStall("Hel"));
		subscribe(router((settings) -> settings.streamTimeout(Duration.ofSeconds(5))));
		Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> text().equals("Hel"));
		this.timer.step(Duration.ofSeconds(5));
		awaitEnd();
		assertThat(this.error.get()).isInstanceOf(MidStreamException.class);
		MidStreamException midStream = (MidStreamException) this.error.get();
		assertThat(midStream.partialContent()).isEqualTo("Hel");
		assertThat(midStream.getCause()).isInstanceOf(LlmTimeoutException.class);
		assertThat(this.server.hits()).isEqualTo(1);
	}

	@Test
	void whenStreamTimeoutUnsetThenTheAttemptTimeoutApplies() {
		this.server.enqueue(Reply.hang(), Reply.sse("ok"));
		subscribe(router((settings) -> settings.timeout(Duration.ofSeconds(7))));
		this.server.awaitHits(1);
		this.timer.step(Duration.ofSeconds(7));
		this.timer.step(Duration.ofSeconds(1));
		awaitEnd();
		assertThat(text()).isEqualTo("ok");
	}

}
