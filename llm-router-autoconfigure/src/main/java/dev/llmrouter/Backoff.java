package dev.llmrouter;

import java.time.Duration;
import java.util.Objects;

/**
 * Exponential backoff with full jitter. Before retry {@code k} (1-based) on the same
 * deployment the router waits
 *
 * <pre>
 * window(k) = min(initialInterval × multiplier^(k−1), maxInterval)
 * delay(k)  = max(uniform[0, window(k)], minimum, server hint)
 * </pre>
 *
 * A server hint above {@code maxRetryAfter} is not waited for.
 *
 * @param initialInterval the first window (default 2s)
 * @param multiplier the growth of the window per retry (default 2.0)
 * @param maxInterval the largest window (default 60s)
 * @param maxRetryAfter the longest server hint the router waits for (default 60s)
 * @param minimum the minimum wait before any retry ({@code llm.router.retry-after},
 * default 0)
 * @author llm-router
 */
public record Backoff(Duration initialInterval, double multiplier, Duration maxInterval, Duration maxRetryAfter,
		Duration minimum) {

	/** The defaults: 2s, ×2.0, at most 60s, hints up to 60s, no minimum. */
	public static final Backoff DEFAULTS = new Backoff(Duration.ofSeconds(2), 2.0, Duration.ofSeconds(60),
			Duration.ofSeconds(60), Duration.ZERO);

	public Backoff {
		Objects.requireNonNull(initialInterval, "initialInterval must not be null");
		Objects.requireNonNull(maxInterval, "maxInterval must not be null");
		Objects.requireNonNull(maxRetryAfter, "maxRetryAfter must not be null");
		Objects.requireNonNull(minimum, "minimum must not be null");
		if (initialInterval.isNegative() || maxInterval.isNegative() || maxRetryAfter.isNegative()
				|| minimum.isNegative()) {
			throw new IllegalArgumentException("Backoff durations must not be negative");
		}
		if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
			throw new IllegalArgumentException("Backoff multiplier must be at least 1.0, was " + multiplier);
		}
	}

	/**
	 * The jitter window before retry {@code k}.
	 * @param retry the retry number, starting at 1
	 * @return the window
	 */
	public Duration window(int retry) {
		double nanos = this.initialInterval.toNanos() * Math.pow(this.multiplier, Math.max(0, retry - 1));
		long max = this.maxInterval.toNanos();
		return Duration.ofNanos((nanos >= max) ? max : (long) nanos);
	}

	/**
	 * The wait before retry {@code k}.
	 * @param retry the retry number, starting at 1
	 * @param random a uniform random number in [0, 1)
	 * @param serverHint the latest failure's server hint, or {@link Duration#ZERO}
	 * @return the delay
	 */
	public Duration delay(int retry, double random, Duration serverHint) {
		Duration jittered = Duration.ofNanos((long) (window(retry).toNanos() * random));
		Duration delay = (jittered.compareTo(this.minimum) >= 0) ? jittered : this.minimum;
		return (delay.compareTo(serverHint) >= 0) ? delay : serverHint;
	}

}
