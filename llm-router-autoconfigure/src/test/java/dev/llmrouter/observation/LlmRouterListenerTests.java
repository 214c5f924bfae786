package dev.llmrouter.observation;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;

import dev.llmrouter.CallMetadata;
import dev.llmrouter.ChatRequest;
import dev.llmrouter.ChatResponse;
import dev.llmrouter.LlmRouter;
import dev.llmrouter.error.InternalServerException;
import dev.llmrouter.error.LlmException;
import dev.llmrouter.test.MockLlmServer;
import dev.llmrouter.test.MockLlmServer.Reply;
import dev.llmrouter.test.TestTimer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The events {@link LlmRouterListener}s receive, in order, and the isolation of a
 * listener that throws.
 */
class LlmRouterListenerTests {

	private final MockLlmServer server = new MockLlmServer();

	private final MockLlmServer backupServer = new MockLlmServer();

	private final TestTimer timer = new TestTimer();

	private final RecordingListener first = new RecordingListener("first");

	private final RecordingListener second = new RecordingListener("second");

	@AfterEach
	void close() {
		this.server.close();
		this.backupServer.close();
	}

	@Test
	void whenRetriedThenFallenBackThenEventsInOrderWithChosenDelay() throws Exception {
		this.server.byDefault(Reply.status(500));
		ChatResponse response = this.timer.run(router(this.first).chatAsync(ChatRequest.of("gpt", "hi"))).get();
		assertThat(response.metadata().modelGroup()).isEqualTo("backup");
		assertThat(this.first.events).containsExactly("first attemptFailed gpt/a InternalServerException attempts=1",
				"first retry gpt/a InternalServerException delay=PT1S attempts=1",
				"first attemptFailed gpt/a InternalServerException attempts=2", "first fallback gpt->backup attempts=2",
				"first success backup/b attempts=3");
	}

	@Test
	void whenCallFailsThenFailureIsTheLastEvent() {
		this.server.byDefault(Reply.status(500));
		this.backupServer.byDefault(Reply.status(500));
		assertThatExceptionOfType(ExecutionException.class)
			.isThrownBy(() -> this.timer.run(router(this.first).chatAsync(ChatRequest.of("gpt", "hi"))).get())
			.withCauseInstanceOf(InternalServerException.class);
		assertThat(this.first.events).last().isEqualTo("first failure InternalServerException attempts=4");
		assertThat(this.first.events).filteredOn((event) -> event.contains("fallback")).hasSize(1);
	}

	@Test
	void whenSeveralListenersThenEachEventReachesThemInOrder() throws Exception {
		List<String> shared = new CopyOnWriteArrayList<>();
		RecordingListener one = new RecordingListener("one", shared);
		RecordingListener two = new RecordingListener("two", shared);
		this.server.enqueue(Reply.status(500));
		this.timer.run(router(one, two).chatAsync(ChatRequest.of("gpt", "hi"))).get();
		assertThat(shared).containsExactly("one attemptFailed gpt/a InternalServerException attempts=1",
				"two attemptFailed gpt/a InternalServerException attempts=1",
				"one retry gpt/a InternalServerException delay=PT1S attempts=1",
				"two retry gpt/a InternalServerException delay=PT1S attempts=1", "one success gpt/a attempts=2",
				"two success gpt/a attempts=2");
	}

	@Test
	void whenListenerThrowsThenCallAndOtherListenersGoOn() throws Exception {
		LlmRouterListener throwing = new LlmRouterListener() {

			@Override
			public void onAttemptFailed(AttemptFailedEvent event) {
				throw new IllegalStateException("listener bug");
			}

			@Override
			public void onRetry(RetryEvent event) {
				throw new IllegalStateException("listener bug");
			}

			@Override
			public void onSuccess(SuccessEvent event) {
				throw new IllegalStateException("listener bug");
			}

		};
		this.server.enqueue(Reply.status(500));
		ChatResponse response = this.timer.run(router(throwing, this.second).chatAsync(ChatRequest.of("gpt", "hi")))
			.get();
		assertThat(response.content()).isEqualTo("Hello from the mock");
		assertThat(this.second.events).containsExactly("second attemptFailed gpt/a InternalServerException attempts=1",
				"second retry gpt/a InternalServerException delay=PT1S attempts=1", "second success gpt/a attempts=2");
	}

	private LlmRouter router(LlmRouterListener... listeners) {
		LlmRouter.Builder builder = LlmRouter.builder()
			.timer(this.timer)
			.random(() -> 0.5)
			.group("gpt",
					(group) -> group.numRetries(1)
						.fallbacks("backup")
						.deployment("a", (deployment) -> deployment.model("m").baseUrl(this.server.baseUrl())))
			.group("backup", (group) -> group.numRetries(1)
				.deployment("b", (deployment) -> deployment.model("m").baseUrl(this.backupServer.baseUrl())));
		for (LlmRouterListener listener : listeners) {
			builder.component(LlmRouterListener.class, listener);
		}
		return builder.build();
	}

	static final class RecordingListener implements LlmRouterListener {

		private final String name;

		final List<String> events;

		RecordingListener(String name) {
			this(name, new CopyOnWriteArrayList<>());
		}

		RecordingListener(String name, List<String> events) {
			this.name = name;
			this.events = events;
		}

		@Override
		public void onAttemptFailed(AttemptFailedEvent event) {
			record("attemptFailed " + event.group() + "/" + event.deployment() + " "
					+ event.error().getClass().getSimpleName(), event.metadata());
		}

		@Override
		public void onRetry(RetryEvent event) {
			record("retry " + event.group() + "/" + event.deployment() + " " + event.error().getClass().getSimpleName()
					+ " delay=" + event.delay(), event.metadata());
		}

		@Override
		public void onFallback(FallbackEvent event) {
			record("fallback " + event.fromGroup() + "->" + event.toGroup(), event.metadata());
		}

		@Override
		public void onSuccess(SuccessEvent event) {
			record("success " + event.metadata().modelGroup() + "/" + event.metadata().deployment(), event.metadata());
		}

		@Override
		public void onFailure(FailureEvent event) {
			record("failure " + event.error().getClass().getSimpleName(), event.error().metadata());
		}

		private void record(String event, CallMetadata metadata) {
			this.events.add(this.name + " " + event + " attempts=" + metadata.attempts().size());
		}

	}

}
