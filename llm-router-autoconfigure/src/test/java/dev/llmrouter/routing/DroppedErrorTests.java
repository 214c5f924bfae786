package dev.llmrouter.routing;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import dev.llmrouter.RouterView;
import dev.llmrouter.ChatChunk;
import dev.llmrouter.ChatRequest;
import dev.llmrouter.ChatResponse;
import dev.llmrouter.LlmRouter;
import dev.llmrouter.error.LlmTimeoutException;
import dev.llmrouter.error.MidStreamException;
import dev.llmrouter.provider.LlmProvider;
import dev.llmrouter.provider.ProviderEndpoint;
import dev.llmrouter.provider.openai.OpenAiProvider;
import dev.llmrouter.test.MockLlmServer;
import dev.llmrouter.test.MockLlmServer.Reply;
import dev.llmrouter.test.TestTimer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An attempt that fails after it was already ended — by the stream timeout, the attempt
 * timeout, the total timeout or the caller's cancellation — is not an error anyone hears
 * of (issue 12, item 7): nothing reaches Reactor's {@code onErrorDropped} hook and
 * nothing is logged at ERROR. The attempts go over real HTTP to {@link MockLlmServer}
 * through the OpenAI adapter, wrapped so that cancelling an attempt makes it fail at
 * once, as a connection reset racing the cancellation does.
 */
@ExtendWith(OutputCaptureExtension.class)
class DroppedErrorTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	private final MockLlmServer server = new MockLlmServer();

	private final TestTimer timer = new TestTimer();

	private final FailingAfterCancel provider = new FailingAfterCancel(
			OpenAiProvider.openAi(WebClient.create(), this.timer));

	private final Queue<Throwable> dropped = new ConcurrentLinkedQueue<>();

	@BeforeEach
	void recordDroppedErrors() {
		Hooks.onErrorDropped(this.dropped::add);
	}

	@AfterEach
	void close() {
		Hooks.resetOnErrorDropped();
		this.server.close();
	}

	@Test
	void whenAStreamFailsAfterItsIdleTimeoutThenNothingIsDroppedOrLoggedAtError(CapturedOutput output) {
		this.server.enqueue(Reply.sseThenStall("Hel"));
		LlmRouter router = builder().streamTimeout(TIMEOUT).build();
		List<ChatChunk> received = new CopyOnWriteArrayList<>();
		CompletableFuture<List<ChatChunk>> call = router.stream(ChatRequest.of("gpt", "hi"))
			.doOnNext(received::add)
			.collectList()
			.toFuture();
		Awaitility.await()
			.atMost(Duration.ofSeconds(20))
			.until(() -> received.stream().anyMatch(ChatChunk::hasContent));
		this.timer.step(TIMEOUT);
		assertThat(call).failsWithin(Duration.ofSeconds(20))
			.withThrowableThat()
			.havingCause()
			.isInstanceOf(MidStreamException.class);
		assertNothingHeard(router, output);
	}

	@Test
	void whenAChatFailsAfterItsAttemptTimeoutThenNothingIsDroppedOrLoggedAtError(CapturedOutput output) {
		this.server.enqueue(Reply.hang());
		LlmRouter router = builder().timeout(TIMEOUT).build();
		CompletableFuture<ChatResponse> call = router.chatAsync(ChatRequest.of("gpt", "hi")).toFuture();
		this.server.awaitHits(1);
		this.timer.step(TIMEOUT);
		assertThat(call).failsWithin(Duration.ofSeconds(20))
			.withThrowableThat()
			.havingCause()
			.isInstanceOf(LlmTimeoutException.class);
		assertNothingHeard(router, output);
	}

	@Test
	void whenAChatFailsAfterTheTotalTimeoutThenNothingIsDroppedOrLoggedAtError(CapturedOutput output) {
		this.server.enqueue(Reply.hang());
		LlmRouter router = builder().totalTimeout(TIMEOUT).build();
		CompletableFuture<ChatResponse> call = router.chatAsync(ChatRequest.of("gpt", "hi")).toFuture();
		this.server.awaitHits(1);
		this.timer.step(TIMEOUT);
		assertThat(call).failsWithin(Duration.ofSeconds(20))
			.withThrowableThat()
			.havingCause()
			.isInstanceOf(LlmTimeoutException.class)
			.withMessageContaining("Total timeout");
		assertNothingHeard(router, output);
	}

	@Test
	void whenAChatFailsAfterTheCallerCancelledThenNothingIsDroppedOrLoggedAtError(CapturedOutput output) {
		this.server.enqueue(Reply.hang());
		LlmRouter router = builder().build();
		Disposable call = router.chatAsync(ChatRequest.of("gpt", "hi")).subscribe();
		this.server.awaitHits(1);
		call.dispose();
		assertNothingHeard(router, output);
	}

	@Test
	void whenAStreamFailsAfterTheCallerTookWhatItWantedThenNothingIsDroppedOrLoggedAtError(CapturedOutput output) {
		this.server.enqueue(Reply.sseThenStall("Hel", "lo"));
		LlmRouter router = builder().build();
		List<ChatChunk> chunks = router.stream(ChatRequest.of("gpt", "hi"))
			.filter(ChatChunk::hasContent)
			.take(1)
			.collectList()
			.block(Duration.ofSeconds(20));
		assertThat(chunks).extracting(ChatChunk::content).containsExactly("Hel");
		assertNothingHeard(router, output);
	}

	private LlmRouter.Builder builder() {
		return LlmRouter.builder()
			.timer(this.timer)
			.random(() -> 0.5)
			.numRetries(0)
			.component(LlmProvider.class, this.provider)
			.group("gpt", (group) -> group.deployment("a", (d) -> d.model("gpt-4o").baseUrl(this.server.baseUrl())));
	}

	private void assertNothingHeard(LlmRouter router, CapturedOutput output) {
		assertThat(this.provider.lateFailures).hasValue(1);
		assertThat(this.dropped).isEmpty();
		assertThat(output).doesNotContain("onErrorDropped");
		assertThat(output.getAll().lines()).noneMatch((line) -> line.contains(" ERROR "));
		RouterView.Deployment deployment = router.view().orElseThrow().group("gpt").deployments().get(0);
		assertThat(deployment.status().inFlight()).isZero();
	}

	/**
	 * The OpenAI adapter, whose attempts fail as soon as they are cancelled: what a
	 * connection reset arriving on the event loop just as the router cancels looks like.
	 * The Reactive Streams rules allow a publisher to signal after a cancellation.
	 */
	static final class FailingAfterCancel implements LlmProvider {

		private final LlmProvider delegate;

		final AtomicInteger lateFailures = new AtomicInteger();

		FailingAfterCancel(LlmProvider delegate) {
			this.delegate = delegate;
		}

		@Override
		public String id() {
			return this.delegate.id();
		}

		@Override
		public Mono<ChatResponse> chat(ProviderEndpoint endpoint, ChatRequest request) {
			Mono<ChatResponse> source = this.delegate.chat(endpoint, request);
			return new Mono<>() {

				@Override
				public void subscribe(CoreSubscriber<? super ChatResponse> actual) {
					source.subscribe(new LateFailure<>(actual, FailingAfterCancel.this.lateFailures));
				}

			};
		}

		@Override
		public Flux<ChatChunk> stream(ProviderEndpoint endpoint, ChatRequest request) {
			Flux<ChatChunk> source = this.delegate.stream(endpoint, request);
			return new Flux<>() {

				@Override
				public void subscribe(CoreSubscriber<? super ChatChunk> actual) {
					source.subscribe(new LateFailure<>(actual, FailingAfterCancel.this.lateFailures));
				}

			};
		}

	}

	/** Passes signals on, and fails downstream when it is cancelled. */
	static final class LateFailure<T> implements CoreSubscriber<T>, Subscription {

		private final CoreSubscriber<? super T> actual;

		private final AtomicInteger lateFailures;

		private volatile Subscription upstream;

		LateFailure(CoreSubscriber<? super T> actual, AtomicInteger lateFailures) {
			this.actual = actual;
			this.lateFailures = lateFailures;
		}

		@Override
		public Context currentContext() {
			return this.actual.currentContext();
		}

		@Override
		public void onSubscribe(Subscription subscription) {
			this.upstream = subscription;
			this.actual.onSubscribe(this);
		}

		@Override
		public void onNext(T element) {
			this.actual.onNext(element);
		}

		@Override
		public void onError(Throwable error) {
			this.actual.onError(error);
		}

		@Override
		public void onComplete() {
			this.actual.onComplete();
		}

		@Override
		public void request(long n) {
			this.upstream.request(n);
		}

		@Override
		public void cancel() {
			this.upstream.cancel();
			this.lateFailures.incrementAndGet();
			this.actual.onError(new IOException("Connection reset by peer"));
		}

	}

}
