package dev.llmrouter.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;

import dev.llmrouter.routing.DeploymentStateStore;
import dev.llmrouter.routing.SharedDeploymentState;
import dev.llmrouter.StateStoreStatus;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.ReactiveRedisMessageListenerContainer;

/**
 * A {@link DeploymentStateStore} that shares cooldowns, failure windows, requests and
 * tokens per minute and in-flight leases with every instance that uses the same Redis and
 * key prefix.
 * <p>
 * Reads come from a local view. The counts of calls — requests and tokens per minute,
 * this instance's attempts in flight — are made in the local view at once and written to
 * Redis in one batch per deployment every 10 ms (a batch that fails waits for the next);
 * only a deployment with a request limit counts each request in Redis before its attempt,
 * atomically. That and the other changes (failures, cooldowns) are one Lua script each
 * (one round trip) that waits for Redis at most {@link RedisStateOptions#timeout()}; when
 * Redis errors, is slow or is known to be away, the change answers from the local view
 * instead, so no call fails because of the store. Cooldowns are published on the channel
 * {@code {prefix}cooldowns} that every instance listens to; a refresh every
 * {@link RedisStateOptions#refreshInterval()} renews this instance's leases, reads the
 * shared counts, notices when Redis is back and resubscribes. Leases of an instance that
 * stops renewing them lapse after {@link RedisStateOptions#leaseTime()}.
 * <p>
 * Keys: {@code {prefix}{group}:{deployment}:cooldown}, {@code :failures} (sorted set),
 * {@code :rpm:{minute}}, {@code :tpm:{minute}}, {@code :inflight} (hash of instance id to
 * count) and {@code {prefix}instances} (sorted set of lease ends).
 *
 * @author llm-router
 */
public final class RedisDeploymentStateStore implements DeploymentStateStore, AutoCloseable {

	private static final Log logger = LogFactory.getLog(RedisDeploymentStateStore.class);

	private static final char SEPARATOR = '\u0000';

	private static final Duration REFRESH_PATIENCE = Duration.ofSeconds(1);

	/**
	 * How often the counts of calls (requests and tokens per minute) and this instance's
	 * in-flight leases are written to Redis, in one batch per deployment.
	 */
	static final Duration FLUSH_INTERVAL = Duration.ofMillis(10);

	private final ReactiveStringRedisTemplate redis;

	private final ReactiveRedisMessageListenerContainer listener;

	private final RedisStateOptions options;

	private final String instanceId = UUID.randomUUID().toString();

	private final String channel;

	private final String instancesKey;

	private final Map<String, RedisDeploymentState> states = new ConcurrentHashMap<>();

	private final AtomicBoolean healthy = new AtomicBoolean(true);

	private final AtomicBoolean subscribed = new AtomicBoolean();

	private volatile @Nullable Disposable subscription;

	private volatile @Nullable Disposable refresher;

	private volatile @Nullable Disposable flusher;

	/** States with counts or a lease change not yet written to Redis. */
	private final Queue<RedisDeploymentState> pending = new ConcurrentLinkedQueue<>();

	private volatile boolean closed;

	/**
	 * A store over the given connection. Call {@link #start()} before use.
	 * @param connectionFactory the application's reactive Redis connection
	 * @param options the settings
	 */
	public RedisDeploymentStateStore(ReactiveRedisConnectionFactory connectionFactory, RedisStateOptions options) {
		Objects.requireNonNull(connectionFactory, "connectionFactory");
		this.options = Objects.requireNonNull(options, "options");
		this.redis = new ReactiveStringRedisTemplate(connectionFactory);
		this.listener = new ReactiveRedisMessageListenerContainer(connectionFactory);
		this.channel = options.keyPrefix() + "cooldowns";
		this.instancesKey = options.keyPrefix() + "instances";
	}

	/**
	 * Registers this instance, subscribes to the cooldown channel and starts the periodic
	 * refresh. Waits for Redis at most one second; if it does not answer, the store
	 * starts on local state and catches up when Redis is there.
	 */
	public void start() {
		Duration wait = Duration.ofSeconds(1);
		try {
			this.redis.execute(Scripts.HEARTBEAT, List.of(this.instancesKey), heartbeatArguments())
				.next()
				.timeout(wait)
				.block();
			subscribe().timeout(wait).block();
		}
		catch (RuntimeException ex) {
			unreachable(ex);
		}
		this.refresher = Flux.interval(this.options.refreshInterval(), this.options.refreshInterval())
			.onBackpressureDrop()
			.concatMap((tick) -> refresh(), 1)
			.subscribe();
		this.flusher = Flux.interval(FLUSH_INTERVAL, FLUSH_INTERVAL)
			.onBackpressureDrop()
			.concatMap((tick) -> flush(), 1)
			.subscribe();
	}

	/**
	 * A state has counts or a lease change for the next batch.
	 */
	void pending(RedisDeploymentState state) {
		if (!state.queued() && state.queue()) {
			this.pending.add(state);
		}
	}

	/**
	 * Writes the batches of every state with something pending, each one script, all
	 * pipelined on the one connection. A batch that fails waits for the next flush.
	 */
	private Mono<Void> flush() {
		if (!this.healthy.get() || this.pending.isEmpty()) {
			return Mono.empty();
		}
		List<Mono<Void>> writes = new ArrayList<>();
		RedisDeploymentState state;
		while ((state = this.pending.poll()) != null) {
			state.dequeued();
			List<Batch> batches = state.takePending();
			int inFlight = state.ownInFlight();
			if (batches.isEmpty()) {
				batches = List.of(new Batch(state.lastMinute(), 0, 0));
			}
			for (Batch batch : batches) {
				writes.add(write(state, batch, inFlight));
			}
		}
		return Mono.when(writes);
	}

	private Mono<Void> write(RedisDeploymentState state, Batch batch, int inFlight) {
		return this.redis
			.execute(Scripts.FLUSH,
					List.of(state.requestsKey(batch.minute()), state.tokensKey(batch.minute()), state.inFlightKey),
					List.of(Long.toString(batch.requests()), Long.toString(batch.tokens()), this.instanceId,
							Integer.toString(inFlight), RedisDeploymentState.COUNTER_TTL))
			.next()
			.timeout(REFRESH_PATIENCE)
			.doOnNext((answer) -> {
				long[] values = parse(answer);
				state.flushed(batch.minute(), values[0], values[1]);
			})
			.then()
			.onErrorResume((ex) -> {
				if (isMalformed(ex)) {
					logger.debug("Ignoring a malformed value under " + state.requestsKey(batch.minute()), ex);
					return Mono.empty();
				}
				state.giveBack(batch);
				pending(state);
				unreachable(ex);
				return Mono.empty();
			});
	}

	@Override
	public SharedDeploymentState state(String group, String deployment) {
		return this.states.computeIfAbsent(key(group, deployment),
				(key) -> new RedisDeploymentState(this, group, deployment));
	}

	/**
	 * Whether Redis answered the last change or refresh.
	 * @return {@code true} while Redis is reachable
	 */
	public boolean healthy() {
		return this.healthy.get();
	}

	/**
	 * The store's status for the {@code llmrouter} endpoint: {@code redis}, whether it
	 * reaches Redis, its key prefix and this instance's id.
	 * @return the status
	 */
	@Override
	public StateStoreStatus status() {
		return new StateStoreStatus("redis", healthy(),
				Map.of("keyPrefix", this.options.keyPrefix(), "instance", instanceId()));
	}

	/**
	 * This instance's id, the field of its leases.
	 * @return the id
	 */
	public String instanceId() {
		return this.instanceId;
	}

	/**
	 * The store's settings.
	 * @return the settings
	 */
	public RedisStateOptions options() {
		return this.options;
	}

	/**
	 * Stops the refresh and the subscription and gives this instance's leases back.
	 */
	@Override
	public void close() {
		dispose(this.flusher);
		try {
			flush().timeout(Duration.ofSeconds(1)).block();
		}
		catch (RuntimeException ex) {
			logger.debug("Could not write the last counts", ex);
		}
		this.closed = true;
		dispose(this.refresher);
		dispose(this.subscription);
		try {
			Flux.fromIterable(this.states.values())
				.concatMap((state) -> this.redis.opsForHash().remove(state.inFlightKey, this.instanceId))
				.then(this.redis.opsForZSet().remove(this.instancesKey, this.instanceId))
				.timeout(Duration.ofSeconds(1))
				.block();
		}
		catch (RuntimeException ex) {
			logger.debug("Could not give the in-flight leases back; they lapse on their own", ex);
		}
		this.listener.destroy();
	}

	String channel() {
		return this.channel;
	}

	String message(RedisDeploymentState state, long untilMillis) {
		return Long.toString(untilMillis) + SEPARATOR + state.group + SEPARATOR + state.deployment;
	}

	/**
	 * Runs a script, answering from {@code local} when Redis is away, slow or fails.
	 */
	<T> Mono<T> change(RedisScript<String> script, List<String> keys, List<String> arguments,
			Function<long[], T> shared, Supplier<T> local) {
		if (!this.healthy.get()) {
			return Mono.just(local.get());
		}
		Mono<T> change = this.redis.execute(script, keys, arguments)
			.next()
			.timeout(this.options.timeout())
			.map((answer) -> shared.apply(parse(answer)))
			.onErrorResume((ex) -> {
				if (isMalformed(ex)) {
					logger.debug("Ignoring a malformed value under " + keys + "; answering from the local view", ex);
				}
				else if (ex instanceof TimeoutException) {
					// one slow answer is not an outage: the refresh decides that
					logger.debug("Redis did not answer within " + this.options.timeout()
							+ "; answering from the local view");
				}
				else {
					unreachable(ex);
				}
				return Mono.fromSupplier(local);
			})
			.switchIfEmpty(Mono.fromSupplier(local))
			.cache();
		change.subscribe();
		return change;
	}

	private Mono<Void> refresh() {
		if (this.closed) {
			return Mono.empty();
		}
		// patient enough that a busy moment (a reconnection flushing its queue) is not an
		// outage
		Duration wait = max(this.options.refreshInterval(), REFRESH_PATIENCE);
		return this.redis.execute(Scripts.HEARTBEAT, List.of(this.instancesKey), heartbeatArguments())
			.then(Mono.defer(this::reachable))
			.then(Flux.fromIterable(this.states.values()).concatMap(this::refresh).then())
			.timeout(wait)
			.onErrorResume((ex) -> {
				unreachable(ex);
				return Mono.empty();
			});
	}

	private Mono<Void> refresh(RedisDeploymentState state) {
		long minute = state.lastMinute();
		long version = state.cooldownVersion();
		return this.redis
			.execute(Scripts.REFRESH,
					List.of(state.cooldownKey, state.requestsKey(minute), state.tokensKey(minute), state.inFlightKey,
							this.instancesKey),
					List.of(this.instanceId, Integer.toString(state.ownInFlight())))
			.next()
			.doOnNext((answer) -> {
				long[] values = parse(answer);
				state.refreshed(version, minute, values[0], values[1], values[2],
						(int) Math.min(values[3], Integer.MAX_VALUE));
			})
			.then();
	}

	private Mono<Void> reachable() {
		if (this.healthy.compareAndSet(false, true)) {
			logger.info("Redis is reachable again: deployment state is shared across instances once more");
			List<Mono<Boolean>> republished = new ArrayList<>();
			for (RedisDeploymentState state : this.states.values()) {
				long now = (state.lastNow() != 0) ? state.lastNow() : System.currentTimeMillis();
				if (state.cooldownUntil() > now) {
					republished.add(state.coolDownUntil(state.cooldownUntil()));
				}
			}
			return Mono.when(republished).then(this.subscribed.get() ? Mono.empty() : subscribe());
		}
		return this.subscribed.get() ? Mono.empty() : subscribe();
	}

	private Mono<Void> subscribe() {
		return this.listener.receiveLater(ChannelTopic.of(this.channel)).doOnNext((messages) -> {
			this.subscribed.set(true);
			dispose(this.subscription);
			this.subscription = messages.subscribe((message) -> published(message.getMessage()), (ex) -> {
				logger.debug("The cooldown channel closed; resubscribing when Redis answers", ex);
				this.subscribed.set(false);
			}, () -> this.subscribed.set(false));
		}).then();
	}

	private void published(String message) {
		int first = message.indexOf(SEPARATOR);
		int second = (first < 0) ? -1 : message.indexOf(SEPARATOR, first + 1);
		if (second < 0) {
			logger.debug("Ignoring a malformed message on " + this.channel);
			return;
		}
		long until;
		try {
			until = Long.parseLong(message.substring(0, first));
		}
		catch (NumberFormatException ex) {
			logger.debug("Ignoring a malformed message on " + this.channel);
			return;
		}
		RedisDeploymentState state = this.states.get(message.substring(first + 1));
		if (state == null) {
			logger.debug("Ignoring a cooldown of a deployment this instance does not route to");
			return;
		}
		state.cooldownPublished(until);
	}

	private void unreachable(Throwable ex) {
		if (this.closed) {
			return;
		}
		if (this.healthy.compareAndSet(true, false)) {
			logger.warn("Redis does not answer (" + ex.getClass().getSimpleName()
					+ "): deployment state is kept per instance until it does");
		}
		logger.debug("Redis state change failed", ex);
	}

	/**
	 * Whether Redis answered but the script refused the value it found (a foreign key of
	 * another type under the prefix) or its answer was not ours.
	 */
	private static boolean isMalformed(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof NumberFormatException || cause instanceof ArrayIndexOutOfBoundsException
					|| cause instanceof io.lettuce.core.RedisCommandExecutionException) {
				return true;
			}
		}
		return false;
	}

	private List<String> heartbeatArguments() {
		return List.of(this.instanceId, Long.toString(this.options.leaseTime().toMillis()));
	}

	private static long[] parse(String answer) {
		String[] parts = answer.trim().split(" ");
		long[] values = new long[parts.length];
		for (int i = 0; i < parts.length; i++) {
			values[i] = Long.parseLong(parts[i]);
		}
		return values;
	}

	private static String key(String group, String deployment) {
		return group + SEPARATOR + deployment;
	}

	private static Duration max(Duration one, Duration other) {
		return (one.compareTo(other) >= 0) ? one : other;
	}

	private static void dispose(@Nullable Disposable disposable) {
		if (disposable != null) {
			disposable.dispose();
		}
	}

}
