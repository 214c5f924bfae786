package dev.llmrouter.redis;

/**
 * A count within the current calendar minute of the router's clock, as this instance
 * knows it: its own additions and the largest shared count Redis reported.
 *
 * @author llm-router
 */
final class MinuteView {

	private long minute = -1;

	private long count;

	synchronized long get(long nowMillis) {
		roll(nowMillis);
		return this.count;
	}

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

	/**
	 * Redis reported the shared count of the given minute.
	 */
	synchronized void observe(long minuteOfCount, long shared) {
		if (minuteOfCount > this.minute) {
			this.minute = minuteOfCount;
			this.count = shared;
		}
		else if (minuteOfCount == this.minute) {
			this.count = Math.max(this.count, shared);
		}
	}

	static long minuteOf(long nowMillis) {
		return Math.floorDiv(nowMillis, 60_000);
	}

	private void roll(long nowMillis) {
		long current = minuteOf(nowMillis);
		if (current != this.minute) {
			this.minute = current;
			this.count = 0;
		}
	}

}
