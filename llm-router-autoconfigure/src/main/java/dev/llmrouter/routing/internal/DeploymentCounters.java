package dev.llmrouter.routing.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import dev.llmrouter.error.ErrorType;

/**
 * What each instance keeps of a deployment for itself: its latency average for
 * {@code latency-based} routing and the counters the Actuator endpoint shows.
 *
 * @author llm-router
 */
final class DeploymentCounters {

	private static final ErrorType[] TYPES = ErrorType.values();

	private final LongAdder successes = new LongAdder();

	private final LongAdder retries = new LongAdder();

	private final LongAdder[] failures = new LongAdder[TYPES.length];

	private final AtomicLong averageLatency = new AtomicLong();

	DeploymentCounters() {
		for (int i = 0; i < this.failures.length; i++) {
			this.failures[i] = new LongAdder();
		}
	}

	void succeeded(long latencyNanos) {
		this.successes.increment();
		this.averageLatency.accumulateAndGet(latencyNanos,
				(previous, latest) -> (previous == 0) ? latest : (previous * 7 + latest) / 8);
	}

	void failed(ErrorType type) {
		this.failures[type.ordinal()].increment();
	}

	void retried() {
		this.retries.increment();
	}

	long successes() {
		return this.successes.sum();
	}

	long retries() {
		return this.retries.sum();
	}

	/**
	 * Smoothed latency of recent successful attempts.
	 * @return nanoseconds, {@code 0} before the first success
	 */
	long averageLatencyNanos() {
		return this.averageLatency.get();
	}

	Map<String, Long> failures() {
		Map<String, Long> counts = new LinkedHashMap<>();
		for (ErrorType type : TYPES) {
			long count = this.failures[type.ordinal()].sum();
			if (count > 0) {
				counts.put(type.name(), count);
			}
		}
		return counts;
	}

}
