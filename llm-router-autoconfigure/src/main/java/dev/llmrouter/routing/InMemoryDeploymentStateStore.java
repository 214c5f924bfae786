package dev.llmrouter.routing;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import reactor.core.publisher.Mono;

/**
 * Deployment state kept in this JVM. Every change completes at once, with a value Reactor
 * reads without subscribing.
 *
 * @author llm-router
 */
final class InMemoryDeploymentStateStore implements DeploymentStateStore {

	private final Map<String, InMemoryState> states = new ConcurrentHashMap<>();

	@Override
	public SharedDeploymentState state(String group, String deployment) {
		return this.states.computeIfAbsent(group + '\u0000' + deployment, (key) -> new InMemoryState());
	}

	static final class InMemoryState implements SharedDeploymentState {

		private static final Mono<Boolean> TRUE = Mono.just(Boolean.TRUE);

		private static final Mono<Boolean> FALSE = Mono.just(Boolean.FALSE);

		private final AtomicInteger inFlight = new AtomicInteger();

		private final AtomicLong cooldownUntil = new AtomicLong();

		private final MinuteCounter requests = new MinuteCounter();

		private final MinuteCounter tokens = new MinuteCounter();

		private final FailureWindow failures = new FailureWindow();

		@Override
		public long cooldownUntil() {
			return this.cooldownUntil.get();
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
		public Mono<Boolean> attemptStarted(long nowMillis, long requestLimit) {
			if (!this.requests.addIfBelow(nowMillis, requestLimit)) {
				return FALSE;
			}
			this.inFlight.incrementAndGet();
			return TRUE;
		}

		@Override
		public Mono<Void> attemptEnded(long nowMillis, long tokens) {
			this.inFlight.decrementAndGet();
			if (tokens > 0) {
				this.tokens.add(nowMillis, tokens);
			}
			return Mono.empty();
		}

		@Override
		public Mono<Integer> failed(long nowMillis) {
			return Mono.just(this.failures.add(nowMillis));
		}

		@Override
		public Mono<Boolean> coolDownUntil(long untilMillis) {
			long previous = this.cooldownUntil.getAndAccumulate(untilMillis, Math::max);
			return (untilMillis > previous) ? TRUE : FALSE;
		}

		@Override
		public Mono<Void> clearCooldown() {
			this.cooldownUntil.set(0);
			this.failures.clear();
			return Mono.empty();
		}

	}

	/**
	 * The times of the latest failures, newest last, in a ring. Counts up to
	 * {@value #CAPACITY} failures within a minute, more than any {@code allowed-fails}
	 * needs (a larger {@code allowed-fails} never trips: it switches failure cooldowns
	 * off).
	 */
	static final class FailureWindow {

		static final int CAPACITY = 1024;

		private static final long MINUTE = 60_000;

		private final long[] times = new long[CAPACITY];

		/** Failures recorded since the last clear; never wraps in practice (2^63). */
		private long count;

		synchronized int add(long nowMillis) {
			this.times[(int) (this.count % CAPACITY)] = nowMillis;
			this.count++;
			int recent = 0;
			long available = Math.min(this.count, CAPACITY);
			for (long i = 1; i <= available; i++) {
				long time = this.times[(int) ((this.count - i) % CAPACITY)];
				if (nowMillis - time >= MINUTE) {
					break;
				}
				recent++;
			}
			return recent;
		}

		synchronized void clear() {
			this.count = 0;
			Arrays.fill(this.times, 0);
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
			long current = Math.floorDiv(nowMillis, 60_000);
			if (current != this.minute) {
				this.minute = current;
				this.count = 0;
			}
		}

	}

}
