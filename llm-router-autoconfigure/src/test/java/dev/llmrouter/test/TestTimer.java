package dev.llmrouter.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.awaitility.Awaitility;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * A virtual-time {@link Scheduler} for the router's waits and timeouts that also knows
 * which timers are pending, so a test can wait (in real time, for real HTTP to happen)
 * until the router is waiting on a timer, and then advance virtual time by exactly that
 * wait.
 */
public final class TestTimer implements Scheduler {

	private final VirtualTimeScheduler delegate = VirtualTimeScheduler.create();

	private final Map<Long, Long> pending = new ConcurrentHashMap<>();

	private final AtomicLong ids = new AtomicLong();

	private final List<Duration> advanced = new ArrayList<>();

	@Override
	public Disposable schedule(Runnable task) {
		return this.delegate.schedule(task);
	}

	@Override
	public Disposable schedule(Runnable task, long delay, TimeUnit unit) {
		long id = this.ids.incrementAndGet();
		this.pending.put(id, this.delegate.now(TimeUnit.NANOSECONDS) + unit.toNanos(delay));
		Disposable scheduled = this.delegate.schedule(() -> {
			this.pending.remove(id);
			task.run();
		}, delay, unit);
		return () -> {
			this.pending.remove(id);
			scheduled.dispose();
		};
	}

	@Override
	public Worker createWorker() {
		return this.delegate.createWorker();
	}

	@Override
	public long now(TimeUnit unit) {
		return this.delegate.now(unit);
	}

	/** The wait until the earliest pending timer due within {@code horizon}, if any. */
	public java.util.Optional<Duration> nextWait(Duration horizon) {
		long now = this.delegate.now(TimeUnit.NANOSECONDS);
		return this.pending.values()
			.stream()
			.map((due) -> due - now)
			.filter((wait) -> wait <= horizon.toNanos())
			.min(Long::compare)
			.map((wait) -> Duration.ofNanos(Math.max(0, wait)));
	}

	/** How many timers are pending that are due within {@code horizon}. */
	public long pendingWithin(Duration horizon) {
		long limit = this.delegate.now(TimeUnit.NANOSECONDS) + horizon.toNanos();
		return this.pending.values().stream().filter((due) -> due <= limit).count();
	}

	/**
	 * Wait in real time until a timer due within {@code horizon} is pending, and return
	 * its wait.
	 */
	public Duration awaitWait(Duration horizon) {
		return Awaitility.await()
			.atMost(Duration.ofSeconds(20))
			.pollInterval(Duration.ofMillis(2))
			.until(() -> nextWait(horizon), java.util.Optional::isPresent)
			.get();
	}

	/**
	 * Wait in real time until the router waits on a timer due exactly {@code expected}
	 * from now, then advance virtual time by it. Fails (times out) if the router never
	 * schedules that wait.
	 */
	public void step(Duration expected) {
		Awaitility.await()
			.atMost(Duration.ofSeconds(20))
			.pollInterval(Duration.ofMillis(1))
			.until(() -> isPending(expected));
		advance(expected);
	}

	private boolean isPending(Duration wait) {
		long due = this.delegate.now(TimeUnit.NANOSECONDS) + wait.toNanos();
		return this.pending.containsValue(due);
	}

	/** Advance virtual time. */
	public void advance(Duration duration) {
		this.advanced.add(duration);
		this.delegate.advanceTimeBy(duration);
	}

	/** The waits advanced so far, in order. */
	public List<Duration> advanced() {
		return List.copyOf(this.advanced);
	}

	/**
	 * Run a call to its end, advancing virtual time to each timer due within
	 * {@code horizon} whenever the call waits on one. Timers further away (such as long
	 * attempt timeouts) are left alone.
	 */
	public <T> CompletableFuture<T> run(Mono<T> call, Duration horizon) {
		CompletableFuture<T> result = call.toFuture();
		Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(2)).until(() -> {
			if (result.isDone()) {
				return true;
			}
			nextWait(horizon).ifPresent(this::advance);
			return result.isDone();
		});
		return result;
	}

	/** Run a call to its end, advancing through waits of up to five minutes. */
	public <T> CompletableFuture<T> run(Mono<T> call) {
		return run(call, Duration.ofMinutes(5));
	}

	@Override
	public void dispose() {
		this.delegate.dispose();
	}

}
