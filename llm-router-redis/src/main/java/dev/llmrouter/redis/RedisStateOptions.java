package dev.llmrouter.redis;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of a {@link RedisDeploymentStateStore}.
 *
 * @param keyPrefix the prefix of every key and of the cooldown channel
 * @param timeout how long a change waits for Redis before it answers from the local view
 * @param refreshInterval how often the local view is refreshed from Redis and this
 * instance's leases are renewed
 * @param leaseTime how long the in-flight leases of an instance outlive its last renewal
 * (an instance that dies stops counting after this)
 * @author llm-router
 */
public record RedisStateOptions(String keyPrefix, Duration timeout, Duration refreshInterval, Duration leaseTime) {

	/** The default key prefix. */
	public static final String DEFAULT_KEY_PREFIX = "llmrouter:";

	/**
	 * Validates the settings.
	 * @param keyPrefix the key prefix
	 * @param timeout the change timeout
	 * @param refreshInterval the refresh interval
	 * @param leaseTime the lease time
	 */
	public RedisStateOptions {
		Objects.requireNonNull(keyPrefix, "keyPrefix");
		requirePositive(timeout, "timeout");
		requirePositive(refreshInterval, "refreshInterval");
		requirePositive(leaseTime, "leaseTime");
		if (leaseTime.compareTo(refreshInterval.multipliedBy(2)) < 0) {
			throw new IllegalArgumentException("leaseTime (" + leaseTime + ") must be at least twice refreshInterval ("
					+ refreshInterval + ") so live leases never lapse");
		}
	}

	/**
	 * The defaults: prefix {@value #DEFAULT_KEY_PREFIX}, a 50 ms timeout, a refresh every
	 * 500 ms and leases of 10 s.
	 * @return the defaults
	 */
	public static RedisStateOptions defaults() {
		return new RedisStateOptions(DEFAULT_KEY_PREFIX, Duration.ofMillis(50), Duration.ofMillis(500),
				Duration.ofSeconds(10));
	}

	/**
	 * These settings with another key prefix.
	 * @param keyPrefix the key prefix
	 * @return new settings
	 */
	public RedisStateOptions withKeyPrefix(String keyPrefix) {
		return new RedisStateOptions(keyPrefix, this.timeout, this.refreshInterval, this.leaseTime);
	}

	private static void requirePositive(Duration duration, String name) {
		Objects.requireNonNull(duration, name);
		if (duration.isNegative() || duration.isZero()) {
			throw new IllegalArgumentException(name + " must be positive, was " + duration);
		}
	}

}
