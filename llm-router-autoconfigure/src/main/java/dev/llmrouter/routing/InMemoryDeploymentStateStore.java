package dev.llmrouter.routing;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import dev.llmrouter.error.ErrorType;

/**
 * Deployment state kept in this JVM.
 *
 * @author llm-router
 */
final class InMemoryDeploymentStateStore implements DeploymentStateStore {

	private final Map<String, InMemoryState> states = new ConcurrentHashMap<>();

	@Override
	public DeploymentState state(String group, String deployment) {
		return this.states.computeIfAbsent(group + '\u0000' + deployment, (key) -> new InMemoryState());
	}

	static final class InMemoryState implements DeploymentState {

		private static final long MINUTE = 60_000;

		private final AtomicInteger inFlight = new AtomicInteger();

		private final LongAdder successes = new LongAdder();

		private final LongAdder retries = new LongAdder();

		private final Map<ErrorType, LongAdder> failures = new ConcurrentHashMap<>();

		private final AtomicLong cooldownUntil = new AtomicLong();

		private final AtomicLong averageLatency = new AtomicLong();

		private final MinuteCounter requests = new MinuteCounter();

		private final MinuteCounter tokens = new MinuteCounter();

		private static final long NO_FAILURE = Long.MIN_VALUE;

		private final long[] failureTimes = newFailureTimes();

		private int failureIndex;

		private static long[] newFailureTimes() {
			long[] times = new long[64];
			java.util.Arrays.fill(times, NO_FAILURE);
			return times;
		}

		@Override
		public boolean attemptStarted(long nowMillis, long requestsPerMinute) {
			if (!this.requests.addIfBelow(nowMillis, requestsPerMinute)) {
				return false;
			}
			this.inFlight.incrementAndGet();
			return true;
		}

		@Override
		public void attemptCancelled() {
			this.inFlight.decrementAndGet();
		}

		@Override
		public void attemptSucceeded(long nowMillis, long latencyNanos, long tokens) {
			this.inFlight.decrementAndGet();
			this.successes.increment();
			if (tokens > 0) {
				this.tokens.add(nowMillis, tokens);
			}
			long previous = this.averageLatency.get();
			this.averageLatency.set((previous == 0) ? latencyNanos : (previous * 7 + latencyNanos) / 8);
		}

		@Override
		public int attemptFailed(long nowMillis, ErrorType type) {
			this.inFlight.decrementAndGet();
			this.failures.computeIfAbsent(type, (key) -> new LongAdder()).increment();
			if (!type.coolsDeployment()) {
				return 0;
			}
			synchronized (this.failureTimes) {
				this.failureTimes[this.failureIndex++ % this.failureTimes.length] = nowMillis;
				int recent = 0;
				for (long time : this.failureTimes) {
					if (time != NO_FAILURE && nowMillis - time < MINUTE) {
						recent++;
					}
				}
				return recent;
			}
		}

		@Override
		public void retried() {
			this.retries.increment();
		}

		@Override
		public int inFlight() {
			return this.inFlight.get();
		}

		@Override
		public long requestsThisMinute(long nowMillis) {
			return this.requests.get(nowMillis);
		}

		@Override
		public long tokensThisMinute(long nowMillis) {
			return this.tokens.get(nowMillis);
		}

		@Override
		public long averageLatencyNanos() {
			return this.averageLatency.get();
		}

		@Override
		public long cooldownUntil() {
			return this.cooldownUntil.get();
		}

		@Override
		public boolean coolDownUntil(long untilMillis) {
			long previous = this.cooldownUntil.getAndAccumulate(untilMillis, Math::max);
			return untilMillis > previous;
		}

		@Override
		public void clearCooldown() {
			this.cooldownUntil.set(0);
			synchronized (this.failureTimes) {
				java.util.Arrays.fill(this.failureTimes, NO_FAILURE);
			}
		}

		@Override
		public long successes() {
			return this.successes.sum();
		}

		@Override
		public long retries() {
			return this.retries.sum();
		}

		@Override
		public Map<ErrorType, Long> failures() {
			Map<ErrorType, Long> counts = new EnumMap<>(ErrorType.class);
			this.failures.forEach((type, count) -> counts.put(type, count.sum()));
			return counts;
		}

	}

	/**
	 * Counts within the current calendar minute of the router's clock.
	 */
	static final class MinuteCounter {

		private long minute = -1;

		private long count;

		synchronized void add(long nowMillis, long amount) {
			roll(nowMillis);
			this.count += amount;
		}

		synchronized boolean addIfBelow(long nowMillis, long limit) {
			roll(nowMillis);
			if (this.count >= limit) {
				return false;
			}
			this.count++;
			return true;
		}

		synchronized long get(long nowMillis) {
			roll(nowMillis);
			return this.count;
		}

		private void roll(long nowMillis) {
			long current = nowMillis / 60_000;
			if (current != this.minute) {
				this.minute = current;
				this.count = 0;
			}
		}

	}

}
