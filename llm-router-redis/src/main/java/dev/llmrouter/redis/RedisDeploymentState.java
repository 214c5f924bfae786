package dev.llmrouter.redis;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLong;

import dev.llmrouter.routing.SharedDeploymentState;
import reactor.core.publisher.Mono;

/**
 * One deployment's state: a local view read on the hot path, changed at once by this
 * instance's changes and brought up to the shared state by Redis's answers, the cooldown
 * channel and the periodic refresh.
 *
 * @author llm-router
 */
final class RedisDeploymentState implements SharedDeploymentState {

	static final long MINUTE = 60_000;

	/** Usage counters outlive their minute a little, for late readers. */
	static final String COUNTER_TTL = Long.toString(2 * MINUTE);

	private static final Mono<Boolean> ALLOWED = Mono.just(Boolean.TRUE);

	private static final AtomicIntegerFieldUpdater<RedisDeploymentState> QUEUED = AtomicIntegerFieldUpdater
		.newUpdater(RedisDeploymentState.class, "queuedFlag");

	private final RedisDeploymentStateStore store;

	final String group;

	final String deployment;

	private final String keyBase;

	final String cooldownKey;

	final String failuresKey;

	final String inFlightKey;

	private final AtomicLong cooldownUntil = new AtomicLong();

	private final AtomicInteger ownInFlight = new AtomicInteger();

	private volatile int othersInFlight;

	/** {@code 1} while this state waits in the store's queue for the next batch. */
	private volatile int queuedFlag;

	/** Counts not yet written to Redis. */
	private final PendingCounts pending = new PendingCounts();

	private final MinuteView requests = new MinuteView();

	private final MinuteView tokens = new MinuteView();

	private final LocalFailures failures = new LocalFailures();

	private final AtomicLong failureSequence = new AtomicLong();

	/** The minute of the router's clock this deployment was last used in. */
	private volatile long lastMinute = -1;

	/** The router's clock when this deployment was last used, {@code 0} before. */
	private volatile long lastNow;

	/**
	 * Moves on every cooldown change seen here, so a refresh that read Redis before the
	 * change does not undo it.
	 */
	private final AtomicLong cooldownVersion = new AtomicLong();

	RedisDeploymentState(RedisDeploymentStateStore store, String group, String deployment) {
		this.store = store;
		this.group = group;
		this.deployment = deployment;
		this.keyBase = store.options().keyPrefix() + group + ':' + deployment + ':';
		this.cooldownKey = this.keyBase + "cooldown";
		this.failuresKey = this.keyBase + "failures";
		this.inFlightKey = this.keyBase + "inflight";
	}

	String requestsKey(long minute) {
		return this.keyBase + "rpm:" + minute;
	}

	String tokensKey(long minute) {
		return this.keyBase + "tpm:" + minute;
	}

	@Override
	public long cooldownUntil() {
		return this.cooldownUntil.get();
	}

	@Override
	public int inFlight() {
		return this.ownInFlight.get() + this.othersInFlight;
	}

	long lastMinute() {
		return this.lastMinute;
	}

	long lastNow() {
		return this.lastNow;
	}

	long cooldownVersion() {
		return this.cooldownVersion.get();
	}

	int ownInFlight() {
		return this.ownInFlight.get();
	}

	@Override
	public long requestsThisMinute(long nowMillis) {
		return this.requests.get(nowMillis);
	}

	@Override
	public long tokensThisMinute(long nowMillis) {
		return this.tokens.get(nowMillis);
	}

	/**
	 * Counted here at once; a deployment with a request limit also counts the request in
	 * Redis, atomically, before the attempt goes ahead (one round trip). Without a limit
	 * the request goes to Redis with the next batch.
	 */
	@Override
	public Mono<Boolean> attemptStarted(long nowMillis, long requestLimit) {
		long minute = MinuteView.minuteOf(nowMillis);
		this.lastMinute = minute;
		this.lastNow = nowMillis;
		if (requestLimit == Long.MAX_VALUE) {
			this.requests.add(nowMillis, 1);
			this.ownInFlight.incrementAndGet();
			pend(minute, 1, 0);
			return ALLOWED;
		}
		return this.store.change(Scripts.STARTED, List.of(requestsKey(minute)),
				List.of(Long.toString(requestLimit), COUNTER_TTL), (answer) -> {
					this.requests.observe(minute, answer[1]);
					boolean allowed = answer[0] == 1;
					if (allowed) {
						this.ownInFlight.incrementAndGet();
						this.store.pending(this);
					}
					return allowed;
				}, () -> {
					boolean allowed = this.requests.addIfBelow(nowMillis, requestLimit);
					if (allowed) {
						this.ownInFlight.incrementAndGet();
						// counted in Redis with the next batch once it is back
						pend(minute, 1, 0);
					}
					return allowed;
				});
	}

	/**
	 * Counted here at once; the tokens and the lease given back go to Redis with the next
	 * batch.
	 */
	@Override
	public Mono<Void> attemptEnded(long nowMillis, long tokens) {
		this.ownInFlight.updateAndGet((count) -> Math.max(0, count - 1));
		long minute = MinuteView.minuteOf(nowMillis);
		this.lastMinute = minute;
		this.lastNow = nowMillis;
		if (tokens > 0) {
			this.tokens.add(nowMillis, tokens);
		}
		pend(minute, 0, Math.max(0, tokens));
		return Mono.empty();
	}

	/**
	 * Whether this state waits in the store's queue for the next batch (a cheap read).
	 */
	boolean queued() {
		return this.queuedFlag == 1;
	}

	/** Takes this state's place in the queue: {@code false} if it already has one. */
	boolean queue() {
		return QUEUED.compareAndSet(this, 0, 1);
	}

	/** Taken out of the queue: changes from now on queue it again. */
	void dequeued() {
		this.queuedFlag = 0;
	}

	/** Counts to write to Redis with the next batch, and marks this state for it. */
	private void pend(long minute, long requests, long tokens) {
		synchronized (this.pending) {
			this.pending.add(minute, requests, tokens);
		}
		this.store.pending(this);
	}

	/**
	 * Takes the counts waiting for the next batch: the current minute's, and the last
	 * minute's if it still had some.
	 * @return the batches, oldest first; empty when only the lease is to be written
	 */
	List<Batch> takePending() {
		synchronized (this.pending) {
			return this.pending.take();
		}
	}

	/** A batch that did not reach Redis waits for the next one. */
	void giveBack(Batch batch) {
		synchronized (this.pending) {
			this.pending.add(batch.minute(), batch.requests(), batch.tokens());
		}
	}

	/** Redis answered a batch: the shared counts of its minute. */
	void flushed(long minute, long sharedRequests, long sharedTokens) {
		this.requests.observe(minute, sharedRequests);
		this.tokens.observe(minute, sharedTokens);
	}

	@Override
	public Mono<Integer> failed(long nowMillis) {
		this.lastNow = nowMillis;
		int local = this.failures.add(nowMillis);
		String member = this.store.instanceId() + ':' + this.failureSequence.incrementAndGet();
		return this.store.change(Scripts.FAILED, List.of(this.failuresKey),
				List.of(Long.toString(nowMillis), member, Long.toString(MINUTE)),
				(answer) -> (int) Math.min(answer[0], Integer.MAX_VALUE), () -> local);
	}

	@Override
	public Mono<Boolean> coolDownUntil(long untilMillis) {
		this.cooldownVersion.incrementAndGet();
		long previous = this.cooldownUntil.getAndAccumulate(untilMillis, Math::max);
		boolean movedHere = untilMillis > previous;
		long now = (this.lastNow != 0) ? this.lastNow : System.currentTimeMillis();
		long ttl = Math.max(1_000, untilMillis - now + 1_000);
		return this.store.change(Scripts.COOL_DOWN, List.of(this.cooldownKey), List.of(Long.toString(untilMillis),
				Long.toString(ttl), this.store.channel(), this.store.message(this, untilMillis)), (answer) -> {
					this.cooldownUntil.accumulateAndGet(answer[1], Math::max);
					return answer[0] == 1;
				}, () -> movedHere);
	}

	@Override
	public Mono<Void> clearCooldown() {
		this.cooldownVersion.incrementAndGet();
		this.cooldownUntil.set(0);
		this.failures.clear();
		return this.store
			.change(Scripts.CLEAR, List.of(this.cooldownKey, this.failuresKey),
					List.of(this.store.channel(), this.store.message(this, 0)), (answer) -> Boolean.TRUE,
					() -> Boolean.TRUE)
			.then();
	}

	/**
	 * Another instance (or this one) published a cooldown change.
	 */
	void cooldownPublished(long untilMillis) {
		this.cooldownVersion.incrementAndGet();
		if (untilMillis == 0) {
			this.cooldownUntil.set(0);
			this.failures.clear();
		}
		else {
			this.cooldownUntil.accumulateAndGet(untilMillis, Math::max);
		}
	}

	/**
	 * The periodic refresh read the shared state; {@code version} is the cooldown version
	 * when it asked.
	 */
	void refreshed(long version, long minute, long sharedCooldownUntil, long sharedRequests, long sharedTokens,
			int others) {
		if (this.cooldownVersion.get() == version) {
			// Redis holds every cooldown change made while it answers
			this.cooldownUntil.set(sharedCooldownUntil);
		}
		this.requests.observe(minute, sharedRequests);
		this.tokens.observe(minute, sharedTokens);
		this.othersInFlight = others;
	}

	@Override
	public String toString() {
		return "RedisDeploymentState[" + this.group + '/' + this.deployment + ", cooldownUntil="
				+ this.cooldownUntil.get() + ", inFlight=" + inFlight() + "]";
	}

}
