package dev.llmrouter.routing.internal;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.test.publisher.TestPublisher;
import reactor.test.scheduler.VirtualTimeScheduler;
import reactor.test.subscriber.TestSubscriber;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link IdleTimeout}, the attempt and stream timeout operator, on virtual time: when it
 * fires, how each element re-arms it, how few timer tasks it costs, and that completion,
 * errors, cancellation and late failures leave no timer armed and nothing logged.
 */
class IdleTimeoutTests {

	private static final Duration IDLE = Duration.ofMillis(100);

	private static final String MESSAGE = "No chunk within 100ms";

	private final VirtualTimeScheduler time = VirtualTimeScheduler.create();

	private final CountingScheduler timer = new CountingScheduler(this.time);

	private final TestSubscriber<String> subscriber = TestSubscriber.create();

	@AfterEach
	void resetHooksAndTime() {
		Hooks.resetOnErrorDropped();
		this.time.dispose();
	}

	@Test
	void whenNothingArrivesWithinIdleFromSubscriptionThenStreamFailsWithTimeoutCarryingTheMessage() {
		TestPublisher<String> source = TestPublisher.create();
		idleTimeout(source).subscribe(this.subscriber);
		advance(IDLE.minusNanos(1));
		assertThat(this.subscriber.isTerminated()).isFalse();
		advance(Duration.ofNanos(1));
		assertThat(this.subscriber.expectTerminalError()).isInstanceOf(TimeoutException.class).hasMessage(MESSAGE);
		source.assertCancelled();
	}

	@Test
	void whenElementsArriveJustUnderIdleApartThenStreamNeverTimesOut() {
		TestPublisher<String> source = TestPublisher.create();
		idleTimeout(source).subscribe(this.subscriber);
		for (int i = 0; i < 50; i++) {
			advance(IDLE.minusMillis(1));
			source.next("chunk " + i);
		}
		source.complete();
		assertThat(this.subscriber.getReceivedOnNext()).hasSize(50);
		assertThat(this.subscriber.isTerminatedComplete()).isTrue();
	}

	@Test
	void whenGapAfterAnElementReachesIdleThenStreamTimesOut() {
		TestPublisher<String> source = TestPublisher.create();
		idleTimeout(source).subscribe(this.subscriber);
		advance(Duration.ofMillis(60));
		source.next("chunk");
		advance(IDLE.minusNanos(1));
		assertThat(this.subscriber.isTerminated()).isFalse();
		advance(Duration.ofNanos(1));
		assertThat(this.subscriber.expectTerminalError()).isInstanceOf(TimeoutException.class);
		assertThat(this.subscriber.getReceivedOnNext()).containsExactly("chunk");
	}

	@Test
	void whenManyElementsArriveThenOnlyAHandfulOfTimerTasksAreScheduled() {
		TestPublisher<String> source = TestPublisher.create();
		idleTimeout(source).subscribe(this.subscriber);
		for (int i = 0; i < 1000; i++) {
			advance(Duration.ofMillis(1));
			source.next("chunk " + i);
		}
		source.complete();
		assertThat(this.subscriber.getReceivedOnNext()).hasSize(1000);
		assertThat(this.subscriber.isTerminatedComplete()).isTrue();
		assertThat(this.timer.scheduled()).isBetween(1, 15);
	}

	@Test
	void whenSourceCompletesThenCompletionPassesThroughAndTimerIsDisarmed() {
		TestPublisher<String> source = TestPublisher.create();
		idleTimeout(source).subscribe(this.subscriber);
		source.next("chunk");
		source.complete();
		assertThat(this.subscriber.getReceivedOnNext()).containsExactly("chunk");
		assertThat(this.subscriber.isTerminatedComplete()).isTrue();
		assertThat(this.timer.armed()).isZero();
	}

	@Test
	void whenSourceFailsThenTheErrorPassesThroughAndTimerIsDisarmed() {
		TestPublisher<String> source = TestPublisher.create();
		IllegalStateException failure = new IllegalStateException("boom");
		idleTimeout(source).subscribe(this.subscriber);
		advance(Duration.ofMillis(30));
		source.error(failure);
		assertThat(this.subscriber.expectTerminalError()).isSameAs(failure);
		assertThat(this.timer.armed()).isZero();
	}

	@Test
	void whenSubscriberCancelsThenUpstreamIsCancelledAndTimerIsDisarmed() {
		TestPublisher<String> source = TestPublisher.create();
		idleTimeout(source).subscribe(this.subscriber);
		source.next("chunk");
		this.subscriber.cancel();
		source.assertCancelled();
		assertThat(this.timer.armed()).isZero();
		advance(IDLE.multipliedBy(3));
		assertThat(this.subscriber.isTerminated()).isFalse();
	}

	@Test
	void whenSourceFailsAfterTheTimeoutThenTheFailureIsDroppedQuietly() {
		List<Throwable> dropped = new CopyOnWriteArrayList<>();
		Hooks.onErrorDropped(dropped::add);
		TestPublisher<String> source = TestPublisher.createNoncompliant(TestPublisher.Violation.DEFER_CANCELLATION);
		idleTimeout(source).subscribe(this.subscriber);
		advance(IDLE);
		source.assertCancelled();
		source.error(new IllegalStateException("connection closed after the timeout"));
		assertThat(dropped).isEmpty();
		assertThat(this.subscriber.expectTerminalError()).isInstanceOf(TimeoutException.class);
		assertThat(this.subscriber.getProtocolErrors()).isEmpty();
	}

	@Test
	void whenElementArrivesAfterTheTimeoutThenItIsNotDelivered() {
		TestPublisher<String> source = TestPublisher.createNoncompliant(TestPublisher.Violation.DEFER_CANCELLATION);
		idleTimeout(source).subscribe(this.subscriber);
		advance(IDLE);
		source.next("late");
		assertThat(this.subscriber.expectTerminalError()).isInstanceOf(TimeoutException.class);
		assertThat(this.subscriber.getReceivedOnNext()).isEmpty();
		assertThat(this.subscriber.getProtocolErrors()).isEmpty();
	}

	@Test
	void whenMonoSourceEmitsBeforeIdleThenElementAndCompletionPassThrough() {
		Sinks.One<String> sink = Sinks.one();
		idleTimeout(sink.asMono()).subscribe(this.subscriber);
		advance(IDLE.minusMillis(1));
		sink.tryEmitValue("answer");
		assertThat(this.subscriber.getReceivedOnNext()).containsExactly("answer");
		assertThat(this.subscriber.isTerminatedComplete()).isTrue();
		assertThat(this.timer.armed()).isZero();
	}

	@Test
	void whenMonoSourceEmitsOnSubscriptionThenNoTimerIsLeftArmed() {
		idleTimeout(Mono.just("answer")).subscribe(this.subscriber);
		assertThat(this.subscriber.getReceivedOnNext()).containsExactly("answer");
		assertThat(this.subscriber.isTerminatedComplete()).isTrue();
		assertThat(this.timer.armed()).isZero();
	}

	@Test
	void whenMonoSourceNeverEmitsThenItTimesOut() {
		Sinks.One<String> sink = Sinks.one();
		idleTimeout(sink.asMono()).subscribe(this.subscriber);
		advance(IDLE);
		assertThat(this.subscriber.expectTerminalError()).isInstanceOf(TimeoutException.class).hasMessage(MESSAGE);
		assertThat(sink.currentSubscriberCount()).isZero();
	}

	@Test
	void whenTimerRefusesTheTaskThenStreamFailsAndUpstreamIsCancelled() {
		TestPublisher<String> source = TestPublisher.create();
		this.timer.refuse();
		idleTimeout(source).subscribe(this.subscriber);
		assertThat(this.subscriber.expectTerminalError()).isInstanceOf(RejectedExecutionException.class);
		source.assertCancelled();
	}

	private <T> IdleTimeout<T> idleTimeout(Publisher<T> source) {
		return new IdleTimeout<>(source, IDLE.toNanos(), this.timer, new RouterClock(this.timer), MESSAGE);
	}

	private void advance(Duration duration) {
		this.time.advanceTimeBy(duration);
	}

	/**
	 * Schedules on virtual time and keeps count of the delayed tasks: how many were
	 * scheduled and how many are still armed (neither run nor disposed).
	 */
	private static final class CountingScheduler implements Scheduler {

		private final Scheduler delegate;

		private final List<Task> tasks = new CopyOnWriteArrayList<>();

		private volatile boolean refuse;

		CountingScheduler(Scheduler delegate) {
			this.delegate = delegate;
		}

		void refuse() {
			this.refuse = true;
		}

		int scheduled() {
			return this.tasks.size();
		}

		long armed() {
			return this.tasks.stream().filter((task) -> !task.ran && !task.disposed).count();
		}

		@Override
		public Disposable schedule(Runnable task) {
			return schedule(task, 0, TimeUnit.NANOSECONDS);
		}

		@Override
		public Disposable schedule(Runnable runnable, long delay, TimeUnit unit) {
			if (this.refuse) {
				throw new RejectedExecutionException("refused");
			}
			Task task = new Task(runnable);
			this.tasks.add(task);
			task.scheduled = this.delegate.schedule(task, delay, unit);
			return task;
		}

		@Override
		public long now(TimeUnit unit) {
			return this.delegate.now(unit);
		}

		@Override
		public Worker createWorker() {
			return this.delegate.createWorker();
		}

		private static final class Task implements Runnable, Disposable {

			private final Runnable runnable;

			private volatile Disposable scheduled = Disposables.never();

			private volatile boolean ran;

			private volatile boolean disposed;

			Task(Runnable runnable) {
				this.runnable = runnable;
			}

			@Override
			public void run() {
				this.ran = true;
				this.runnable.run();
			}

			@Override
			public void dispose() {
				this.disposed = true;
				this.scheduled.dispose();
			}

			@Override
			public boolean isDisposed() {
				return this.disposed;
			}

		}

	}

}
