package dev.llmrouter.redis;

import java.util.ArrayDeque;

/**
 * This instance's own failures of the last minute: the answer when Redis cannot give the
 * shared count.
 *
 * @author llm-router
 */
final class LocalFailures {

	private static final int CAPACITY = 1024;

	private final ArrayDeque<Long> times = new ArrayDeque<>();

	synchronized int add(long nowMillis) {
		this.times.addLast(nowMillis);
		if (this.times.size() > CAPACITY) {
			this.times.removeFirst();
		}
		while (!this.times.isEmpty() && nowMillis - this.times.peekFirst() >= RedisDeploymentState.MINUTE) {
			this.times.removeFirst();
		}
		return this.times.size();
	}

	synchronized void clear() {
		this.times.clear();
	}

}
