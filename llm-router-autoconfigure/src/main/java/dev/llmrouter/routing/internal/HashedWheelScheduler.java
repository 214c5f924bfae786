package dev.llmrouter.routing.internal;

import java.util.concurrent.TimeUnit;

import io.netty.util.HashedWheelTimer;
import io.netty.util.Timeout;
import io.netty.util.TimerTask;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The router's default timer: delayed tasks (attempt and stream timeouts, backoff) wait
 * on one shared Netty {@link HashedWheelTimer} with a 10 ms tick, then run on Reactor's
 * {@code parallel} scheduler; immediate tasks go straight to {@code parallel}.
 * <p>
 * Every call arms an attempt timeout that almost never fires. On
 * {@code Schedulers.parallel()} each of those is a {@code ScheduledThreadPoolExecutor}
 * task, and at low concurrency each one becomes the head of the delay queue and wakes the
 * timer thread ({@code pthread_cond_signal}) on the caller's path. Adding to a wheel is a
 * lock-free queue offer that wakes nobody.
 *
 * @author llm-router
 */
final class HashedWheelScheduler implements Scheduler {

	static final HashedWheelScheduler INSTANCE = new HashedWheelScheduler();

	private static final HashedWheelTimer WHEEL = new HashedWheelTimer(
			new DefaultThreadFactory("llm-router-timer", true), 10, TimeUnit.MILLISECONDS, 512);

	private final Scheduler executor = Schedulers.parallel();

	private HashedWheelScheduler() {
	}

	@Override
	public Disposable schedule(Runnable task) {
		return this.executor.schedule(task);
	}

	@Override
	public Disposable schedule(Runnable task, long delay, TimeUnit unit) {
		if (delay <= 0) {
			return this.executor.schedule(task);
		}
		return new WheelTask(task, this.executor, null).arm(delay, unit);
	}

	@Override
	public Worker createWorker() {
		return new WheelWorker(this.executor.createWorker());
	}

	/**
	 * A task waiting on the wheel, then handed to the executor (or a worker of it).
	 */
	private static final class WheelTask implements TimerTask, Disposable {

		private final Runnable task;

		private final @Nullable Scheduler executor;

		private final @Nullable Worker worker;

		private volatile @Nullable Timeout timeout;

		private volatile @Nullable Disposable running;

		private volatile boolean disposed;

		WheelTask(Runnable task, @Nullable Scheduler executor, @Nullable Worker worker) {
			this.task = task;
			this.executor = executor;
			this.worker = worker;
		}

		WheelTask arm(long delay, TimeUnit unit) {
			this.timeout = WHEEL.newTimeout(this, delay, unit);
			return this;
		}

		@Override
		public void run(Timeout timeout) {
			if (!this.disposed) {
				this.running = (this.worker != null) ? this.worker.schedule(this.task)
						: this.executor.schedule(this.task);
			}
		}

		@Override
		public void dispose() {
			this.disposed = true;
			Timeout timeout = this.timeout;
			if (timeout != null) {
				timeout.cancel();
			}
			Disposable running = this.running;
			if (running != null) {
				running.dispose();
			}
		}

		@Override
		public boolean isDisposed() {
			return this.disposed;
		}

	}

	/**
	 * A worker of the executor whose delayed tasks wait on the wheel.
	 */
	private static final class WheelWorker implements Worker {

		private final Worker delegate;

		WheelWorker(Worker delegate) {
			this.delegate = delegate;
		}

		@Override
		public Disposable schedule(Runnable task) {
			return this.delegate.schedule(task);
		}

		@Override
		public Disposable schedule(Runnable task, long delay, TimeUnit unit) {
			if (delay <= 0) {
				return this.delegate.schedule(task);
			}
			return new WheelTask(task, null, this.delegate).arm(delay, unit);
		}

		@Override
		public void dispose() {
			this.delegate.dispose();
		}

		@Override
		public boolean isDisposed() {
			return this.delegate.isDisposed();
		}

	}

}
