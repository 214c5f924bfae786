package dev.llmrouter.redis;

import java.util.ArrayList;
import java.util.List;

/**
 * Requests and tokens an instance counted and has not yet written to Redis, by minute:
 * the current minute and the one before (a batch that spans the turn of a minute). Counts
 * of older minutes are dropped: their keys have expired or are about to. Not thread-safe;
 * the caller locks.
 *
 * @author llm-router
 */
final class PendingCounts {

	private long minute = -1;

	private long requests;

	private long tokens;

	private long previousMinute = -1;

	private long previousRequests;

	private long previousTokens;

	void add(long minuteOfCount, long requestCount, long tokenCount) {
		if (minuteOfCount > this.minute) {
			if (this.minute >= 0 && (this.requests > 0 || this.tokens > 0) && minuteOfCount == this.minute + 1) {
				this.previousMinute = this.minute;
				this.previousRequests = this.requests;
				this.previousTokens = this.tokens;
			}
			else {
				this.previousMinute = -1;
				this.previousRequests = 0;
				this.previousTokens = 0;
			}
			this.minute = minuteOfCount;
			this.requests = 0;
			this.tokens = 0;
		}
		if (minuteOfCount == this.minute) {
			this.requests += requestCount;
			this.tokens += tokenCount;
		}
		else if (minuteOfCount == this.previousMinute) {
			this.previousRequests += requestCount;
			this.previousTokens += tokenCount;
		}
		else if (minuteOfCount == this.minute - 1) {
			this.previousMinute = minuteOfCount;
			this.previousRequests = requestCount;
			this.previousTokens = tokenCount;
		}
	}

	List<Batch> take() {
		List<Batch> batches = new ArrayList<>(2);
		if (this.previousMinute >= 0 && (this.previousRequests > 0 || this.previousTokens > 0)) {
			batches.add(new Batch(this.previousMinute, this.previousRequests, this.previousTokens));
		}
		if (this.minute >= 0 && (this.requests > 0 || this.tokens > 0)) {
			batches.add(new Batch(this.minute, this.requests, this.tokens));
		}
		this.previousMinute = -1;
		this.previousRequests = 0;
		this.previousTokens = 0;
		this.requests = 0;
		this.tokens = 0;
		return batches;
	}

}
