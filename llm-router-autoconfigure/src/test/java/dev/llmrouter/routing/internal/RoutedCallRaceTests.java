package dev.llmrouter.routing.internal;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import dev.llmrouter.Attempt;
import dev.llmrouter.CallMetadata;
import dev.llmrouter.ChatChunk;
import dev.llmrouter.ChatMessage;
import dev.llmrouter.ChatRequest;
import dev.llmrouter.ChatResponse;
import dev.llmrouter.Choice;
import dev.llmrouter.LlmRouter;
import dev.llmrouter.Usage;
import dev.llmrouter.error.LlmException;
import dev.llmrouter.error.LlmTimeoutException;
import dev.llmrouter.observation.AttemptFailedEvent;
import dev.llmrouter.observation.FailureEvent;
import dev.llmrouter.observation.LlmRouterListener;
import dev.llmrouter.observation.SuccessEvent;
import dev.llmrouter.provider.LlmProvider;
import dev.llmrouter.provider.ProviderEndpoint;
import dev.llmrouter.provider.ProviderError;
import dev.llmrouter.provider.ProviderErrorException;
import dev.llmrouter.routing.DeploymentStateStore;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.scheduler.VirtualTimeScheduler;
import reactor.test.util.RaceTestUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Races in {@link RoutedCall} between the things that can end an attempt or a call: the
 * attempt's own success or failure, the caller's cancellation and the total timeout
 * (fired by advancing a {@link VirtualTimeScheduler} from the other thread). Attempts go
 * through an application {@link LlmProvider} whose sinks a race thread completes. After
 * every round: nothing is left in flight, the attempt is booked exactly once, and the
 * caller sees at most (or exactly) one terminal signal. {@code -Drace.rounds=100000}
 * races longer.
 */
class RoutedCallRaceTests {

	private static final int ROUNDS = Integer.getInteger("race.rounds", 2_000);

	private static final Duration TOTAL_TIMEOUT = Duration.ofSeconds(1);

	private static final String GROUP = "race";

	private static final String DEPLOYMENT = "only";

	private final VirtualTimeScheduler timer = VirtualTimeScheduler.create();

	private final RaceProvider provider = new RaceProvider();

	private final DeploymentStateStore store = DeploymentStateStore.inMemory();

	private final RecordingListener listener = new RecordingListener();

	private final LlmRouter router = LlmRouter.builder()
		.timer(this.timer)
		.random(() -> 0.5)
		.numRetries(0)
		.timeout(Duration.ofHours(1))
		.totalTimeout(TOTAL_TIMEOUT)
		.component(LlmProvider.class, this.provider)
		.component(DeploymentStateStore.class, this.store)
		.component(LlmRouterListener.class, this.listener)
		.group(GROUP,
				(group) -> group.deployment(DEPLOYMENT,
						(deployment) -> deployment.provider("race").model("m").baseUrl("http://127.0.0.1:9/v1")))
		.build();

	private final ChatRequest request = ChatRequest.of(GROUP, "hi");

	@AfterEach
	void dispose() {
		this.timer.dispose();
	}

	@Test
	void whenCallerCancelsWhileTheAttemptSucceedsThenTheAttemptIsBookedOnce() {
		int successes = 0;
		for (int round = 0; round < ROUNDS; round++) {
			Recorder<ChatResponse> caller = new Recorder<>();
			this.router.chatAsync(this.request).subscribe(caller);
			Sinks.One<ChatResponse> attempt = this.provider.takeChat();
			RaceTestUtils.race(() -> attempt.tryEmitValue(response()), caller::cancel);
			assertNothingInFlight(round);
			assertThat(caller.errors).as("round %d", round).isEmpty();
			assertThat(caller.completions.get()).as("round %d", round).isLessThanOrEqualTo(1);
			if (caller.completions.get() == 1) {
				successes++;
				assertThat(caller.elements).hasSize(1);
				assertOneAttempt(caller.elements.get(0).metadata(), Attempt.SUCCESS, round);
			}
			else {
				assertThat(caller.elements).as("round %d", round).isEmpty();
			}
		}
		assertThat(this.listener.successes).hasSize(successes);
		assertThat(this.listener.failures).isEmpty();
		assertThat(this.provider.attempts).hasValue(ROUNDS);
	}

	@Test
	void whenTotalTimeoutFiresWhileTheAttemptSucceedsThenOneOfThemEndsTheCall() {
		for (int round = 0; round < ROUNDS; round++) {
			Recorder<ChatResponse> caller = new Recorder<>();
			this.router.chatAsync(this.request).subscribe(caller);
			Sinks.One<ChatResponse> attempt = this.provider.takeChat();
			RaceTestUtils.race(() -> attempt.tryEmitValue(response()), this::fireTotalTimeout);
			assertNothingInFlight(round);
			assertThat(caller.terminals()).as("round %d", round).isEqualTo(1);
			if (caller.completions.get() == 1) {
				assertThat(caller.elements).hasSize(1);
				assertOneAttempt(caller.elements.get(0).metadata(), Attempt.SUCCESS, round);
			}
			else {
				assertThat(caller.elements).isEmpty();
				assertThat(caller.errors.get(0)).isInstanceOf(LlmTimeoutException.class);
				assertOneAttempt(((LlmException) caller.errors.get(0)).metadata(),
						LlmTimeoutException.class.getSimpleName(), round);
			}
		}
		assertThat(this.listener.successes.size() + this.listener.failures.size()).isEqualTo(ROUNDS);
	}

	@Test
	void whenTotalTimeoutFiresWhileTheCallerCancelsThenTheAttemptIsBookedOnce() {
		for (int round = 0; round < ROUNDS; round++) {
			Recorder<ChatResponse> caller = new Recorder<>();
			this.router.chatAsync(this.request).subscribe(caller);
			this.provider.takeChat();
			RaceTestUtils.race(caller::cancel, this::fireTotalTimeout);
			assertNothingInFlight(round);
			assertThat(caller.completions).hasValue(0);
			assertThat(caller.elements).isEmpty();
			assertThat(caller.errors).as("round %d", round).hasSizeLessThanOrEqualTo(1);
			if (!caller.errors.isEmpty()) {
				assertThat(caller.errors.get(0)).isInstanceOf(LlmTimeoutException.class);
				assertOneAttempt(((LlmException) caller.errors.get(0)).metadata(),
						LlmTimeoutException.class.getSimpleName(), round);
			}
		}
		assertThat(this.listener.successes).isEmpty();
	}

	@Test
	void whenTotalTimeoutFiresWhileTheAttemptFailsThenTheAttemptIsBookedOnce() {
		String timedOut = LlmTimeoutException.class.getSimpleName();
		for (int round = 0; round < ROUNDS; round++) {
			Recorder<ChatResponse> caller = new Recorder<>();
			this.router.chatAsync(this.request).subscribe(caller);
			Sinks.One<ChatResponse> attempt = this.provider.takeChat();
			int attemptFailuresBefore = this.listener.attemptFailures.get();
			RaceTestUtils.race(() -> attempt.tryEmitError(new ProviderErrorException(ProviderError.status(503))),
					this::fireTotalTimeout);
			assertNothingInFlight(round);
			assertThat(caller.completions).hasValue(0);
			assertThat(caller.errors).as("round %d", round).hasSize(1);
			List<Attempt> attempts = ((LlmException) caller.errors.get(0)).metadata().attempts();
			assertThat(attempts).as("attempts of round %d", round).hasSize(1);
			boolean bookedAsFailure = !attempts.get(0).outcome().equals(timedOut);
			assertThat(this.listener.attemptFailures.get() - attemptFailuresBefore).as("round %d", round)
				.isEqualTo(bookedAsFailure ? 1 : 0);
		}
		assertThat(this.listener.failures).hasSize(ROUNDS);
	}

	@Test
	void whenTotalTimeoutFiresWhileAChunkIsDeliveredThenTheStreamEndsOnceWithoutLosingAChunk() {
		for (int round = 0; round < ROUNDS; round++) {
			Recorder<ChatChunk> caller = new Recorder<>();
			this.router.stream(this.request).subscribe(caller);
			Sinks.Many<ChatChunk> attempt = this.provider.takeStream();
			RaceTestUtils.race(() -> {
				attempt.tryEmitNext(new ChatChunk("a", null, null));
				attempt.tryEmitNext(new ChatChunk("b", null, null));
				attempt.tryEmitNext(new ChatChunk("", "stop", new Usage(1, 2, 3)));
				attempt.tryEmitComplete();
			}, this::fireTotalTimeout);
			assertNothingInFlight(round);
			assertThat(caller.terminals()).as("round %d", round).isEqualTo(1);
			List<String> texts = caller.elements.stream().map(ChatChunk::content).toList();
			assertPrefix(texts, List.of("a", "b", ""), round);
			if (caller.completions.get() == 1) {
				assertThat(texts).containsExactly("a", "b", "");
			}
			else {
				assertThat(caller.errors.get(0)).isInstanceOf(LlmTimeoutException.class);
				assertOneAttempt(((LlmException) caller.errors.get(0)).metadata(),
						LlmTimeoutException.class.getSimpleName(), round);
			}
		}
		assertThat(this.listener.successes.size() + this.listener.failures.size()).isEqualTo(ROUNDS);
	}

	@Test
	void whenCallerCancelsWhileAChunkIsDeliveredThenTheAttemptIsBookedOnce() {
		for (int round = 0; round < ROUNDS; round++) {
			Recorder<ChatChunk> caller = new Recorder<>();
			this.router.stream(this.request).subscribe(caller);
			Sinks.Many<ChatChunk> attempt = this.provider.takeStream();
			RaceTestUtils.race(() -> {
				attempt.tryEmitNext(new ChatChunk("a", null, null));
				attempt.tryEmitNext(new ChatChunk("b", null, null));
				attempt.tryEmitComplete();
			}, caller::cancel);
			assertNothingInFlight(round);
			assertThat(caller.errors).as("round %d", round).isEmpty();
			assertThat(caller.completions.get()).isLessThanOrEqualTo(1);
			List<String> texts = caller.elements.stream().map(ChatChunk::content).toList();
			assertPrefix(texts, List.of("a", "b"), round);
		}
		assertThat(this.listener.failures).isEmpty();
	}

	private void fireTotalTimeout() {
		this.timer.advanceTimeBy(TOTAL_TIMEOUT);
	}

	private long timeoutsBooked() {
		return this.listener.failures.stream().filter((event) -> event.error() instanceof LlmTimeoutException).count();
	}

	private void assertNothingInFlight(int round) {
		assertThat(this.store.state(GROUP, DEPLOYMENT).inFlight()).as("in flight after round %d", round).isZero();
	}

	private static void assertPrefix(List<String> received, List<String> sent, int round) {
		assertThat(received).as("round %d", round).hasSizeLessThanOrEqualTo(sent.size());
		assertThat(received).as("round %d", round).isEqualTo(sent.subList(0, received.size()));
	}

	private static void assertOneAttempt(CallMetadata metadata, String outcome, int round) {
		assertThat(metadata.attempts()).as("attempts of round %d", round)
			.singleElement()
			.satisfies((attempt) -> assertThat(attempt.outcome()).isEqualTo(outcome));
	}

	private static ChatResponse response() {
		return new ChatResponse(List.of(new Choice(0, ChatMessage.assistant("hello"), "stop")), new Usage(1, 2, 3), "m",
				CallMetadata.empty(GROUP));
	}

	/**
	 * An adapter whose attempts are sinks the test completes.
	 */
	static final class RaceProvider implements LlmProvider {

		final AtomicInteger attempts = new AtomicInteger();

		private final AtomicReference<Sinks.@Nullable One<ChatResponse>> chat = new AtomicReference<>();

		private final AtomicReference<Sinks.@Nullable Many<ChatChunk>> stream = new AtomicReference<>();

		@Override
		public String id() {
			return "race";
		}

		@Override
		public Mono<ChatResponse> chat(ProviderEndpoint endpoint, ChatRequest request) {
			return Mono.defer(() -> {
				this.attempts.incrementAndGet();
				Sinks.One<ChatResponse> sink = Sinks.one();
				this.chat.set(sink);
				return sink.asMono();
			});
		}

		@Override
		public Flux<ChatChunk> stream(ProviderEndpoint endpoint, ChatRequest request) {
			return Flux.defer(() -> {
				this.attempts.incrementAndGet();
				Sinks.Many<ChatChunk> sink = Sinks.many().unicast().onBackpressureBuffer();
				this.stream.set(sink);
				return sink.asFlux();
			});
		}

		Sinks.One<ChatResponse> takeChat() {
			Sinks.One<ChatResponse> sink = this.chat.getAndSet(null);
			assertThat(sink).as("the attempt was made").isNotNull();
			return sink;
		}

		Sinks.Many<ChatChunk> takeStream() {
			Sinks.Many<ChatChunk> sink = this.stream.getAndSet(null);
			assertThat(sink).as("the attempt was made").isNotNull();
			return sink;
		}

	}

	/**
	 * The caller: records every signal it receives.
	 */
	static final class Recorder<T> implements CoreSubscriber<T> {

		final List<T> elements = new CopyOnWriteArrayList<>();

		final List<Throwable> errors = new CopyOnWriteArrayList<>();

		final AtomicInteger completions = new AtomicInteger();

		private volatile @Nullable Subscription subscription;

		@Override
		public void onSubscribe(Subscription subscription) {
			this.subscription = subscription;
			subscription.request(Long.MAX_VALUE);
		}

		@Override
		public void onNext(T element) {
			this.elements.add(element);
		}

		@Override
		public void onError(Throwable error) {
			this.errors.add(error);
		}

		@Override
		public void onComplete() {
			this.completions.incrementAndGet();
		}

		void cancel() {
			Subscription subscription = this.subscription;
			if (subscription != null) {
				subscription.cancel();
			}
		}

		int terminals() {
			return this.errors.size() + this.completions.get();
		}

	}

	/**
	 * Records the router's events.
	 */
	static final class RecordingListener implements LlmRouterListener {

		final List<SuccessEvent> successes = new CopyOnWriteArrayList<>();

		final List<FailureEvent> failures = new CopyOnWriteArrayList<>();

		final AtomicInteger attemptFailures = new AtomicInteger();

		@Override
		public void onAttemptFailed(AttemptFailedEvent event) {
			this.attemptFailures.incrementAndGet();
		}

		@Override
		public void onSuccess(SuccessEvent event) {
			this.successes.add(event);
		}

		@Override
		public void onFailure(FailureEvent event) {
			this.failures.add(event);
		}

	}

}
