package dev.llmrouter.redis.autoconfigure;

import java.time.Duration;

import dev.llmrouter.redis.RedisStateOptions;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the router keeps deployment state ({@code llm.router.state.*}).
 *
 * @author llm-router
 */
@ConfigurationProperties("llm.router.state")
public class LlmRouterStateProperties {

	/**
	 * Where deployment state (cooldowns, failures, usage, in-flight leases) is kept:
	 * 'memory' in this JVM, or 'redis' shared across instances through the application's
	 * Spring Data Redis reactive connection.
	 */
	private Store store = Store.MEMORY;

	private final Redis redis = new Redis();

	/**
	 * The store.
	 * @return the store
	 */
	public Store getStore() {
		return this.store;
	}

	/**
	 * Sets the store.
	 * @param store the store
	 */
	public void setStore(Store store) {
		this.store = store;
	}

	/**
	 * The Redis store's settings.
	 * @return the settings
	 */
	public Redis getRedis() {
		return this.redis;
	}

	/**
	 * Where deployment state is kept.
	 */
	public enum Store {

		/** In this JVM. */
		MEMORY,

		/** In Redis, shared across instances. */
		REDIS

	}

	/**
	 * Settings of the Redis store ({@code llm.router.state.redis.*}).
	 */
	public static class Redis {

		/**
		 * Prefix of every key the store writes and of its cooldown channel.
		 */
		private String keyPrefix = "llmrouter:";

		/**
		 * How long a state change waits for Redis before it goes on with local state.
		 */
		private Duration timeout = Duration.ofMillis(50);

		/**
		 * How often the local view is refreshed from Redis and this instance's in-flight
		 * leases are renewed.
		 */
		private Duration refreshInterval = Duration.ofMillis(500);

		/**
		 * How long the in-flight leases of an instance that stopped renewing them still
		 * count.
		 */
		private Duration leaseTime = Duration.ofSeconds(10);

		/**
		 * The key prefix.
		 * @return the prefix
		 */
		public String getKeyPrefix() {
			return this.keyPrefix;
		}

		/**
		 * Sets the key prefix.
		 * @param keyPrefix the prefix
		 */
		public void setKeyPrefix(String keyPrefix) {
			this.keyPrefix = keyPrefix;
		}

		/**
		 * The change timeout.
		 * @return the timeout
		 */
		public Duration getTimeout() {
			return this.timeout;
		}

		/**
		 * Sets the change timeout.
		 * @param timeout the timeout
		 */
		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

		/**
		 * The refresh interval.
		 * @return the interval
		 */
		public Duration getRefreshInterval() {
			return this.refreshInterval;
		}

		/**
		 * Sets the refresh interval.
		 * @param refreshInterval the interval
		 */
		public void setRefreshInterval(Duration refreshInterval) {
			this.refreshInterval = refreshInterval;
		}

		/**
		 * The lease time.
		 * @return the lease time
		 */
		public Duration getLeaseTime() {
			return this.leaseTime;
		}

		/**
		 * Sets the lease time.
		 * @param leaseTime the lease time
		 */
		public void setLeaseTime(Duration leaseTime) {
			this.leaseTime = leaseTime;
		}

		RedisStateOptions toOptions() {
			return new RedisStateOptions(this.keyPrefix, this.timeout, this.refreshInterval, this.leaseTime);
		}

	}

}
