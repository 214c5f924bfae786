package dev.llmrouter.routing.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import reactor.core.scheduler.Scheduler;

/**
 * The router's one time source. With the default timer it reads the system clocks; with a
 * timer scheduler supplied by the application (such as a {@code VirtualTimeScheduler} in
 * tests) it reads that scheduler, so waits, cooldowns and durations all follow the same
 * time.
 *
 * @author llm-router
 */
public final class RouterClock extends Clock {

	private final @Nullable Scheduler scheduler;

	/**
	 * Create a clock.
	 * @param scheduler the scheduler to read, or {@code null} for the system clocks
	 */
	public RouterClock(@Nullable Scheduler scheduler) {
		this.scheduler = scheduler;
	}

	/**
	 * A monotonic time for measuring durations.
	 * @return nanoseconds
	 */
	public long nanoTime() {
		return (this.scheduler != null) ? this.scheduler.now(TimeUnit.NANOSECONDS) : System.nanoTime();
	}

	@Override
	public long millis() {
		return (this.scheduler != null) ? this.scheduler.now(TimeUnit.MILLISECONDS) : System.currentTimeMillis();
	}

	@Override
	public Instant instant() {
		return Instant.ofEpochMilli(millis());
	}

	@Override
	public ZoneId getZone() {
		return ZoneOffset.UTC;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		return this;
	}

}
