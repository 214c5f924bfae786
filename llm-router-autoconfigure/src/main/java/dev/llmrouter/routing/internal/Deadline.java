package dev.llmrouter.routing.internal;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * What is left of a call's total timeout.
 *
 * @param total the total timeout, or {@code null} for none
 * @param remainingNanos what is left of it now ({@link Long#MAX_VALUE} for none)
 * @author llm-router
 */
record Deadline(@Nullable Duration total, long remainingNanos) {

	/** No total timeout. */
	static final Deadline NONE = new Deadline(null, Long.MAX_VALUE);

	/**
	 * What is left of a total timeout.
	 * @param total the total timeout, or {@code null} for none
	 * @param deadlineNanos when it ends, on the router's clock
	 * @param nowNanos the time now
	 * @return the deadline
	 */
	static Deadline of(@Nullable Duration total, long deadlineNanos, long nowNanos) {
		return (total != null) ? new Deadline(total, deadlineNanos - nowNanos) : NONE;
	}

	/**
	 * Whether waiting {@code delay} would reach the end of the total timeout.
	 * @param delay the wait
	 * @return {@code true} if the call would run out of time
	 */
	boolean overrunBy(Duration delay) {
		return this.total != null && delay.compareTo(Duration.ofNanos(this.remainingNanos)) >= 0;
	}

}
