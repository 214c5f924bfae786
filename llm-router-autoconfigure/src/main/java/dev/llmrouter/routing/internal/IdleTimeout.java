package dev.llmrouter.routing.internal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Operators;
import reactor.core.scheduler.Scheduler;
import reactor.util.context.Context;

/**
 * Fails a stream with a {@link TimeoutException} when no element arrives for
 * {@code idle}, counted from subscription and then from each element: the stream timeout.
 * Like {@code Flux.timeout(first, next)}, but with one timer per idle period rather than
 * one per element: the timer, when it fires, re-arms itself for the time that is left
 * since the last element. A stream of thousands of chunks costs a field write per chunk
 * and a handful of timer tasks in all.
 *
 * @param <T> the element type
 * @author llm-router
 */
final class IdleTimeout<T> extends Flux<T> {

	private static final Log logger = LogFactory.getLog(IdleTimeout.class);

	private final Publisher<? extends T> source;

	private final long idleNanos;

	private final Scheduler timer;

	private final RouterClock clock;

	private final String message;

	IdleTimeout(Publisher<? extends T> source, long idleNanos, Scheduler timer, RouterClock clock, String message) {
		this.source = source;
		this.idleNanos = idleNanos;
		this.timer = timer;
		this.clock = clock;
		this.message = message;
	}

	@Override
	public void subscribe(CoreSubscriber<? super T> actual) {
		this.source.subscribe(new IdleSubscriber<>(actual, this));
	}

	private static final class IdleSubscriber<T> implements CoreSubscriber<T>, Subscription, Runnable {

		private static final int WAITING = 0;

		private static final int EMITTING = 1;

		private static final int DONE = 2;

		@SuppressWarnings("rawtypes")
		private static final AtomicIntegerFieldUpdater<IdleSubscriber> STATE = AtomicIntegerFieldUpdater
			.newUpdater(IdleSubscriber.class, "state");

		private final CoreSubscriber<? super T> actual;

		private final IdleTimeout<T> parent;

		private @Nullable Subscription upstream;

		private volatile int state;

		/** When the last element (or the subscription) came, by the router's clock. */
		private volatile long last;

		private volatile @Nullable Disposable task;

		IdleSubscriber(CoreSubscriber<? super T> actual, IdleTimeout<T> parent) {
			this.actual = actual;
			this.parent = parent;
		}

		@Override
		public Context currentContext() {
			return this.actual.currentContext();
		}

		@Override
		public void onSubscribe(Subscription subscription) {
			if (Operators.validate(this.upstream, subscription)) {
				this.upstream = subscription;
				this.last = this.parent.clock.nanoTime();
				this.actual.onSubscribe(this);
				arm(this.parent.idleNanos);
			}
		}

		@Override
		public void onNext(T element) {
			if (!STATE.compareAndSet(this, WAITING, EMITTING)) {
				// timed out (or cancelled) just before this element
				Operators.onDiscard(element, currentContext());
				return;
			}
			this.last = this.parent.clock.nanoTime();
			this.actual.onNext(element);
			STATE.compareAndSet(this, EMITTING, WAITING);
		}

		@Override
		public void onError(Throwable error) {
			if (STATE.getAndSet(this, DONE) == DONE) {
				// it timed out or was cancelled: the error is expected and has no one to
				// go to
				if (logger.isDebugEnabled()) {
					logger.debug("Dropped a failure that came after the stream ended: " + error);
				}
				return;
			}
			disarm();
			this.actual.onError(error);
		}

		@Override
		public void onComplete() {
			if (STATE.getAndSet(this, DONE) != DONE) {
				disarm();
				this.actual.onComplete();
			}
		}

		@Override
		public void request(long n) {
			Subscription upstream = this.upstream;
			if (upstream != null) {
				upstream.request(n);
			}
		}

		@Override
		public void cancel() {
			STATE.set(this, DONE);
			disarm();
			cancelUpstream();
		}

		/**
		 * The timer fired: time out if nothing came for the whole idle time, else wait
		 * for what is left of it.
		 */
		@Override
		public void run() {
			if (this.state == DONE) {
				return;
			}
			long left = this.parent.idleNanos - (this.parent.clock.nanoTime() - this.last);
			if (left > 0) {
				arm(left);
			}
			else if (!fail(new TimeoutException(this.parent.message)) && this.state == EMITTING) {
				// an element is on its way through: not idle
				arm(this.parent.idleNanos);
			}
		}

		private void arm(long nanos) {
			try {
				this.task = this.parent.timer.schedule(this, nanos, TimeUnit.NANOSECONDS);
			}
			catch (RuntimeException ex) {
				fail(Operators.onRejectedExecution(ex, currentContext()));
			}
			if (this.state == DONE) {
				disarm();
			}
		}

		/**
		 * End the stream with {@code error} unless it has ended or an element is being
		 * passed on.
		 * @return whether it was ended
		 */
		private boolean fail(Throwable error) {
			if (!STATE.compareAndSet(this, WAITING, DONE)) {
				return false;
			}
			cancelUpstream();
			this.actual.onError(error);
			return true;
		}

		private void cancelUpstream() {
			Subscription upstream = this.upstream;
			if (upstream != null) {
				upstream.cancel();
			}
		}

		private void disarm() {
			Disposable task = this.task;
			if (task != null) {
				task.dispose();
			}
		}

	}

}
