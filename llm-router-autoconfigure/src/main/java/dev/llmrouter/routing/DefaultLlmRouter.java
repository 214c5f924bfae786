package dev.llmrouter.routing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.DoubleSupplier;

import dev.llmrouter.Attempt;
import dev.llmrouter.ChatChunk;
import dev.llmrouter.ChatRequest;
import dev.llmrouter.ChatResponse;
import dev.llmrouter.LlmRouter;
import dev.llmrouter.error.ErrorType;
import dev.llmrouter.error.FailureClassifier;
import dev.llmrouter.error.LlmException;
import dev.llmrouter.error.LlmTimeoutException;
import dev.llmrouter.error.MidStreamException;
import dev.llmrouter.error.NoDeploymentAvailableException;
import dev.llmrouter.error.NotFoundException;
import dev.llmrouter.observation.LlmRouterListener;
import dev.llmrouter.provider.LlmProvider;
import dev.llmrouter.provider.ProviderType;
import dev.llmrouter.retry.Backoff;
import dev.llmrouter.retry.GroupRetry;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The router: picks a deployment, makes the attempt, classifies a failure once, and from
 * that one classification decides on retry, backoff, cooldown and fallback.
 *
 * @author llm-router
 */
public final class DefaultLlmRouter implements LlmRouter {

	private static final Log logger = LogFactory.getLog(DefaultLlmRouter.class);

	private static final String CANCELLED = "cancelled";

	// Timeouts with a fallback: Reactor builds no per-subscription description string
	// for them (Scannable.name() walks the whole operator chain on every call otherwise).
	private static final Mono<?> ATTEMPT_TIMED_OUT = Mono
		.error(() -> new TimeoutException("No answer within the attempt timeout"));

	private static final String STREAM_TIMED_OUT_MESSAGE = "No chunk within the stream timeout";

	private final RouterSettings settings;

	private final Map<String, RuntimeGroup> groups;

	private final Scheduler timer;

	private final RouterClock clock;

	private final Listeners listeners;

	private final Backoff backoff;

	private final RouterObservations observations;

	/**
	 * Create a router. Use {@link LlmRouter#builder()} rather than this constructor.
	 * @param settings the validated settings
	 * @param providers the provider adapters by type
	 * @param store where deployment state lives
	 * @param timer the scheduler waits and timeouts run on, or {@code null} for a shared
	 * 10 ms hashed-wheel timer whose tasks run on Reactor's parallel scheduler, and the
	 * system clock
	 * @param random uniform random numbers in [0, 1) for jitter and shuffling
	 * @param retryRegistry the registry the groups' Resilience4j retries are registered
	 * in
	 * @param listeners the listeners, in order
	 * @param observationRegistry where calls and attempts are observed
	 * ({@link ObservationRegistry#NOOP} for none)
	 */
	public DefaultLlmRouter(RouterSettings settings, Map<ProviderType, LlmProvider> providers,
			DeploymentStateStore store, @Nullable Scheduler timer, DoubleSupplier random, RetryRegistry retryRegistry,
			List<LlmRouterListener> listeners, ObservationRegistry observationRegistry) {
		SettingsValidator.validate(settings);
		this.settings = settings;
		this.timer = (timer != null) ? timer : HashedWheelScheduler.INSTANCE;
		this.clock = new RouterClock(timer);
		this.listeners = new Listeners(listeners);
		this.backoff = settings.backoff();
		this.observations = new RouterObservations(observationRegistry, this::classify);
		Map<String, RuntimeGroup> groups = new LinkedHashMap<>();
		for (GroupSettings group : settings.groups().values()) {
			groups.put(group.name(), runtimeGroup(group, providers, store, random, retryRegistry));
		}
		this.groups = groups;
	}

	private RuntimeGroup runtimeGroup(GroupSettings group, Map<ProviderType, LlmProvider> providers,
			DeploymentStateStore store, DoubleSupplier random, RetryRegistry retryRegistry) {
		List<RuntimeDeployment> deployments = new ArrayList<>();
		for (DeploymentSettings deployment : group.deployments()) {
			LlmProvider provider = providers.get(deployment.endpoint().type());
			if (provider == null) {
				throw new InvalidRouterConfigurationException(
						"llm.router.groups." + group.name() + ".deployments." + deployment.id() + ".provider",
						"no adapter for provider " + deployment.endpoint().type(),
						"Use provider 'openai' or 'azure-openai'.");
			}
			Duration timeout = first(deployment.timeout(), group.timeout(), this.settings.timeout());
			Duration streamTimeout = firstOrNull(deployment.streamTimeout(), group.streamTimeout(),
					this.settings.streamTimeout());
			Duration cooldown = first(deployment.cooldownTime(), null, this.settings.cooldownTime());
			deployments.add(new RuntimeDeployment(group.name(), deployment, provider,
					store.state(group.name(), deployment.id()), timeout, streamTimeout, cooldown));
		}
		RoutingStrategy strategy = (group.routingStrategy() != null) ? group.routingStrategy()
				: this.settings.routingStrategy();
		GroupRetry retry = new GroupRetry(group.name(), group.retryPolicy().orElse(this.settings.retryPolicy()),
				group.numRetries(), this.settings.numRetries(), this.backoff, random, retryRegistry);
		return new RuntimeGroup(group, deployments, new DeploymentSelector(strategy, group.deployments(), random),
				retry, firstOrNull(group.totalTimeout(), null, this.settings.totalTimeout()));
	}

	/**
	 * The settings this router runs with.
	 * @return the settings
	 */
	public RouterSettings settings() {
		return this.settings;
	}

	/**
	 * The live state of a deployment, for the Actuator endpoint and health.
	 * @param group the group
	 * @param deployment the deployment id
	 * @return the state, or {@code null} if there is no such deployment
	 */
	public @Nullable DeploymentState state(String group, String deployment) {
		RuntimeGroup runtimeGroup = this.groups.get(group);
		if (runtimeGroup != null) {
			for (RuntimeDeployment candidate : runtimeGroup.deployments) {
				if (candidate.id.equals(deployment)) {
					return candidate.state;
				}
			}
		}
		return null;
	}

	/**
	 * The retry rules of a group, for the Actuator endpoint.
	 * @param group the group
	 * @return the retry rules, or {@code null} if there is no such group
	 */
	public @Nullable GroupRetry retry(String group) {
		RuntimeGroup runtimeGroup = this.groups.get(group);
		return (runtimeGroup != null) ? runtimeGroup.retry : null;
	}

	/**
	 * The current time of the router's clock.
	 * @return epoch milliseconds
	 */
	public long currentTimeMillis() {
		return this.clock.millis();
	}

	@Override
	public ChatResponse chat(ChatRequest request) {
		if (Schedulers.isInNonBlockingThread()) {
			throw new IllegalStateException("LlmRouter.chat(..) blocks and cannot run on the non-blocking thread "
					+ Thread.currentThread().getName() + "; use chatAsync(..) or stream(..) there");
		}
		CompletableFuture<ChatResponse> future = chatAsync(request).toFuture();
		try {
			return future.get();
		}
		catch (InterruptedException ex) {
			future.cancel(true);
			Thread.currentThread().interrupt();
			throw new CancellationException("Interrupted while waiting for " + request);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof RuntimeException runtimeException) {
				throw runtimeException;
			}
			throw new IllegalStateException(ex.getCause());
		}
	}

	@Override
	public Mono<ChatResponse> chatAsync(ChatRequest request) {
		return Mono.defer(() -> {
			RuntimeGroup group = this.groups.get(request.model());
			if (group == null) {
				return Mono.error(unknownGroup(request));
			}
			RoutedCall call = newCall(request, group);
			Mono<ChatResponse> result = callGroup(call, group);
			if (call.totalTimeout != null) {
				Duration total = call.totalTimeout;
				result = result.timeout(Mono.delay(total, this.timer), attemptTimedOut())
					.onErrorMap(TimeoutException.class, (ex) -> call.finalError(totalTimeout(call, total)));
			}
			if (!this.observations.isOff()) {
				result = this.observations.chat(call, result);
			}
			if (this.listeners.isEmpty()) {
				return result;
			}
			return result.doOnNext((response) -> this.listeners.success(response.metadata()))
				.doOnError(LlmException.class, this.listeners::failure);
		});
	}

	@Override
	public Flux<ChatChunk> stream(ChatRequest request) {
		return Flux.defer(() -> {
			RuntimeGroup group = this.groups.get(request.model());
			if (group == null) {
				return Flux.error(unknownGroup(request));
			}
			RoutedCall call = newCall(request, group);
			Flux<ChatChunk> result = streamGroup(call, group);
			if (call.totalTimeout != null) {
				Duration total = call.totalTimeout;
				result = result.takeUntilOther(Mono.delay(total, this.timer)
					.then(Mono.error(() -> call.finalError(totalTimeout(call, total)))));
			}
			if (!this.observations.isOff()) {
				result = this.observations.stream(call, result);
			}
			if (this.listeners.isEmpty()) {
				return result;
			}
			return result.doOnComplete(() -> this.listeners.success(call.metadata()))
				.doOnError(LlmException.class, this.listeners::failure);
		});
	}

	private RoutedCall newCall(ChatRequest request, RuntimeGroup group) {
		Duration total = (request.totalTimeout() != null) ? request.totalTimeout() : group.totalTimeout;
		return new RoutedCall(request, group, this.clock.nanoTime(), total);
	}

	private LlmTimeoutException totalTimeout(RoutedCall call, Duration total) {
		RuntimeDeployment inFlight = call.inFlight;
		if (inFlight != null) {
			cancelled(call, inFlight);
		}
		return LlmTimeoutException.totalTimeout(total, call.lastError);
	}

	private NotFoundException unknownGroup(ChatRequest request) {
		return new NotFoundException(
				"No model group named '" + request.model() + "'; configured groups are " + this.groups.keySet(), 0,
				null, null);
	}

	// ---- non-streaming ------------------------------------------------------------

	private Mono<ChatResponse> callGroup(RoutedCall call, RuntimeGroup group) {
		GroupRetry.Session session = group.retry.start(call.request.numRetries());
		return Mono.defer(() -> attempt(call, group, session, null, Duration.ZERO))
			.onErrorResume(LlmException.class, (error) -> {
				RuntimeGroup next = nextGroup(call, group, error);
				return (next != null) ? callGroup(call, next) : Mono.error(call.finalError(error));
			});
	}

	private Mono<ChatResponse> attempt(RoutedCall call, RuntimeGroup group, GroupRetry.Session session,
			@Nullable RuntimeDeployment avoid, Duration backoff) {
		RuntimeDeployment deployment = group.selector.select(group.deployments, avoid, this.clock.millis());
		if (deployment == null) {
			Duration wait;
			try {
				wait = waitForDeployment(call, group, session);
			}
			catch (LlmException ex) {
				return Mono.error(ex);
			}
			return Mono.delay(wait, this.timer)
				.then(Mono.defer(() -> attempt(call, group, session, avoid, backoff.plus(wait))));
		}
		return execute(call, group, session, deployment, backoff);
	}

	private Mono<ChatResponse> execute(RoutedCall call, RuntimeGroup group, GroupRetry.Session session,
			RuntimeDeployment deployment, Duration backoff) {
		if (!start(call, group, deployment, backoff)) {
			return attempt(call, group, session, deployment, backoff);
		}
		long startNanos = this.clock.nanoTime();
		return deployment.provider.chat(deployment.endpoint, call.request)
			.timeout(Mono.delay(deployment.timeout(call.request), this.timer), attemptTimedOut())
			.transform(this.observations.attempt(call, deployment))
			.map((response) -> {
				succeeded(call, session, deployment, startNanos, backoff,
						(response.usage() != null) ? response.usage().totalTokens() : 0);
				return response.withMetadata(call.metadata());
			})
			.onErrorResume((failure) -> {
				LlmException error = classify(failure, deployment);
				Duration delay;
				try {
					delay = failed(call, group, session, deployment, startNanos, backoff, error);
				}
				catch (LlmException stop) {
					return Mono.error(stop);
				}
				RuntimeDeployment next = call.nextDeployment;
				if (next != null) {
					return execute(call, group, session, next, Duration.ZERO);
				}
				return Mono.delay(delay, this.timer)
					.then(Mono.defer(() -> attempt(call, group, session, deployment, delay)));
			})
			.doOnCancel(() -> cancelled(call, deployment));
	}

	// ---- streaming ----------------------------------------------------------------

	private Flux<ChatChunk> streamGroup(RoutedCall call, RuntimeGroup group) {
		GroupRetry.Session session = group.retry.start(call.request.numRetries());
		return Flux.defer(() -> streamAttempt(call, group, session, null, Duration.ZERO))
			.onErrorResume(LlmException.class, (error) -> {
				RuntimeGroup next = call.delivered ? null : nextGroup(call, group, error);
				return (next != null) ? streamGroup(call, next) : Flux.error(call.finalError(error));
			});
	}

	private Flux<ChatChunk> streamAttempt(RoutedCall call, RuntimeGroup group, GroupRetry.Session session,
			@Nullable RuntimeDeployment avoid, Duration backoff) {
		RuntimeDeployment deployment = group.selector.select(group.deployments, avoid, this.clock.millis());
		if (deployment == null) {
			Duration wait;
			try {
				wait = waitForDeployment(call, group, session);
			}
			catch (LlmException ex) {
				return Flux.error(ex);
			}
			return Mono.delay(wait, this.timer)
				.thenMany(Flux.defer(() -> streamAttempt(call, group, session, avoid, backoff.plus(wait))));
		}
		return executeStream(call, group, session, deployment, backoff);
	}

	private Flux<ChatChunk> executeStream(RoutedCall call, RuntimeGroup group, GroupRetry.Session session,
			RuntimeDeployment deployment, Duration backoff) {
		if (!start(call, group, deployment, backoff)) {
			return streamAttempt(call, group, session, deployment, backoff);
		}
		long startNanos = this.clock.nanoTime();
		Duration idle = deployment.streamTimeout(call.request);
		long[] tokens = new long[1];
		return new IdleTimeout<>(deployment.provider.stream(deployment.endpoint, call.request), idle.toNanos(),
				this.timer, this.clock, STREAM_TIMED_OUT_MESSAGE)
			.transform(this.observations.streamAttempt(call, deployment))
			.doOnNext((chunk) -> {
				if (chunk.hasContent()) {
					call.delivered = true;
					if (call.partial == null) {
						call.partial = new StringBuilder();
					}
					call.partial.append(chunk.content());
				}
				if (chunk.usage() != null) {
					tokens[0] = chunk.usage().totalTokens();
				}
			})
			.doOnComplete(() -> succeeded(call, session, deployment, startNanos, backoff, tokens[0]))
			.onErrorResume((failure) -> {
				LlmException error = classify(failure, deployment);
				if (call.delivered) {
					MidStreamException midStream = new MidStreamException(
							(call.partial != null) ? call.partial.toString() : "", error);
					book(call, group, deployment, startNanos, backoff, midStream);
					return Flux.error(midStream);
				}
				Duration delay;
				try {
					delay = failed(call, group, session, deployment, startNanos, backoff, error);
				}
				catch (LlmException stop) {
					return Flux.error(stop);
				}
				RuntimeDeployment next = call.nextDeployment;
				if (next != null) {
					return executeStream(call, group, session, next, Duration.ZERO);
				}
				return Mono.delay(delay, this.timer)
					.thenMany(Flux.defer(() -> streamAttempt(call, group, session, deployment, delay)));
			})
			.doOnCancel(() -> cancelled(call, deployment));
	}

	// ---- shared decisions -----------------------------------------------------------

	private boolean start(RoutedCall call, RuntimeGroup group, RuntimeDeployment deployment, Duration backoff) {
		long limit = (group.selector.strategy() == RoutingStrategy.USAGE_BASED) ? deployment.requestsPerMinute
				: Long.MAX_VALUE;
		if (!deployment.state.attemptStarted(this.clock.millis(), limit)) {
			return false;
		}
		call.inFlight = deployment;
		call.inFlightStartNanos = this.clock.nanoTime();
		call.inFlightBackoff = backoff;
		return true;
	}

	private void succeeded(RoutedCall call, GroupRetry.Session session, RuntimeDeployment deployment, long startNanos,
			Duration backoff, long tokens) {
		long duration = this.clock.nanoTime() - startNanos;
		call.inFlight = null;
		deployment.state.attemptSucceeded(this.clock.millis(), duration, tokens);
		call.record(deployment.group, deployment.id, Attempt.SUCCESS, 200, duration, backoff);
		session.onSuccess();
	}

	/**
	 * An attempt in flight was cancelled: by the call's total timeout (booked as a
	 * timeout) or by the caller (booked as {@value #CANCELLED}).
	 */
	private void cancelled(RoutedCall call, RuntimeDeployment deployment) {
		if (call.inFlight == deployment) {
			call.inFlight = null;
			deployment.state.attemptCancelled();
			long nowNanos = this.clock.nanoTime();
			String outcome = call.wouldOverrun(nowNanos, Duration.ZERO) ? LlmTimeoutException.class.getSimpleName()
					: CANCELLED;
			call.record(deployment.group, deployment.id, outcome, 0, nowNanos - call.inFlightStartNanos,
					call.inFlightBackoff);
		}
	}

	private LlmException classify(Throwable failure, RuntimeDeployment deployment) {
		if (failure instanceof TimeoutException) {
			return new LlmTimeoutException("Attempt on deployment '" + deployment.id + "' timed out", 0, null, failure);
		}
		return FailureClassifier.classify(failure, "deployment '" + deployment.id + "'");
	}

	/**
	 * Book a failed attempt, cool the deployment down if needed, and decide what comes
	 * next. Sets {@link RoutedCall#nextDeployment} when the retry goes to another
	 * deployment at once.
	 * @return the wait before the next attempt
	 * @throws LlmException when the group stops: the error that ends it
	 */
	private Duration failed(RoutedCall call, RuntimeGroup group, GroupRetry.Session session,
			RuntimeDeployment deployment, long startNanos, Duration backoff, LlmException error) {
		book(call, group, deployment, startNanos, backoff, error);
		long nowNanos = this.clock.nanoTime();
		long nowMillis = this.clock.millis();
		boolean retryable = !(error.errorType() == ErrorType.CONTEXT_WINDOW_EXCEEDED
				&& !group.settings.contextWindowFallbacks().isEmpty());
		Duration backoffDelay = session.onFailure(error, retryable);
		if (backoffDelay == null) {
			throw error;
		}
		RuntimeDeployment next = group.selector.select(group.deployments, deployment, nowMillis);
		Duration delay;
		if (next != null && next != deployment) {
			delay = Duration.ZERO;
		}
		else if (next == deployment) {
			Duration hint = error.retryAfter().orElse(Duration.ZERO);
			if (hint.compareTo(this.backoff.maxRetryAfter()) > 0) {
				throw error;
			}
			delay = backoffDelay;
			next = null;
		}
		else {
			delay = Duration.ofMillis(group.nextAvailableMillis(nowMillis) - nowMillis);
			if (delay.compareTo(this.backoff.maxRetryAfter()) > 0) {
				throw noDeployment(group, delay, error);
			}
		}
		if (call.wouldOverrun(nowNanos, delay)) {
			throw LlmTimeoutException.totalTimeout(call.totalTimeout, error);
		}
		deployment.state.retried();
		int maxRetries = session.allowedRetries(error.errorType());
		if (logger.isDebugEnabled()) {
			logger.debug("Retrying group '" + group.name + "' after " + error.getClass().getSimpleName()
					+ error.statusCode().stream().mapToObj((status) -> " (HTTP " + status + ")").findFirst().orElse("")
					+ " from deployment '" + deployment.id + "' in " + delay.toMillis() + "ms"
					+ ((next != null) ? " on deployment '" + next.id + "'" : "") + " (attempt "
					+ (session.retries() + 1) + "/" + (maxRetries + 1) + ")");
		}
		this.listeners.retry(group.name, deployment.id, error, delay, call.metadata());
		call.nextDeployment = next;
		return delay;
	}

	private void book(RoutedCall call, RuntimeGroup group, RuntimeDeployment deployment, long startNanos,
			Duration backoff, LlmException error) {
		long nowMillis = this.clock.millis();
		call.inFlight = null;
		call.nextDeployment = null;
		call.lastError = error;
		int recentFailures = deployment.state.attemptFailed(nowMillis, error.errorType());
		call.record(group.name, deployment.id, error.getClass().getSimpleName(), error.statusCode().orElse(0),
				this.clock.nanoTime() - startNanos, backoff);
		this.listeners.attemptFailed(group.name, deployment.id, error, call.metadata());
		coolDownIfNeeded(group, deployment, error, recentFailures, nowMillis);
	}

	private void coolDownIfNeeded(RuntimeGroup group, RuntimeDeployment deployment, LlmException error,
			int recentFailures, long nowMillis) {
		ErrorType type = error.errorType();
		if (!type.coolsDeployment() || !group.hasOtherDeployments()) {
			return;
		}
		boolean rateLimited = type == ErrorType.RATE_LIMIT;
		if (!rateLimited && recentFailures < this.settings.allowedFails()) {
			return;
		}
		Duration duration = error.retryAfter().orElse(deployment.cooldownTime);
		if (duration.isZero()) {
			return;
		}
		if (deployment.state.coolDownUntil(nowMillis + duration.toMillis())) {
			logger.warn("Deployment '" + deployment.id + "' of group '" + group.name + "' cools down for "
					+ duration.toMillis() + "ms after " + error.getClass().getSimpleName()
					+ (rateLimited ? " (rate limited)" : " (" + recentFailures + " failures within a minute)"));
			this.listeners.cooldown(group.name, deployment.id, duration, error);
		}
	}

	/**
	 * Every deployment of the group is unavailable: the wait until one is, if the call
	 * may wait.
	 * @throws NoDeploymentAvailableException if it may not
	 */
	private Duration waitForDeployment(RoutedCall call, RuntimeGroup group, GroupRetry.Session session) {
		long nowMillis = this.clock.millis();
		Duration wait = Duration.ofMillis(group.nextAvailableMillis(nowMillis) - nowMillis);
		LlmException last = call.lastError;
		boolean retriesLeft = session.retries() < session.allowedRetries(ErrorType.NO_DEPLOYMENT_AVAILABLE);
		if (!retriesLeft || wait.compareTo(this.backoff.maxRetryAfter()) > 0
				|| call.wouldOverrun(this.clock.nanoTime(), wait)) {
			throw noDeployment(group, wait, last);
		}
		session.waited();
		return wait;
	}

	private NoDeploymentAvailableException noDeployment(RuntimeGroup group, Duration wait,
			@Nullable LlmException cause) {
		return new NoDeploymentAvailableException("No deployment of group '" + group.name
				+ "' is available: the first is back in " + wait.toMillis() + "ms", wait, cause);
	}

	private @Nullable RuntimeGroup nextGroup(RoutedCall call, RuntimeGroup group, LlmException error) {
		String next = call.groupFailed(group, error, fallbacksFor(call, group, error), this.settings.maxFallbacks());
		if (next == null) {
			return null;
		}
		this.listeners.fallback(group.name, next, error, call.metadata());
		if (logger.isDebugEnabled()) {
			logger.debug("Group '" + group.name + "' failed with " + error.getClass().getSimpleName()
					+ "; falling back to '" + next + "'");
		}
		return this.groups.get(next);
	}

	private List<String> fallbacksFor(RoutedCall call, RuntimeGroup group, LlmException error) {
		GroupSettings settings = group.settings;
		if (error.errorType() == ErrorType.CONTEXT_WINDOW_EXCEEDED && !settings.contextWindowFallbacks().isEmpty()) {
			return settings.contextWindowFallbacks();
		}
		if (error.errorType() == ErrorType.CONTENT_POLICY_VIOLATION && !settings.contentPolicyFallbacks().isEmpty()) {
			return settings.contentPolicyFallbacks();
		}
		if (group == call.primary && call.request.fallbacks() != null) {
			return call.request.fallbacks();
		}
		return settings.fallbacks().isEmpty() ? this.settings.defaultFallbacks() : settings.fallbacks();
	}

	@SuppressWarnings("unchecked")
	private static <T> Mono<T> attemptTimedOut() {
		return (Mono<T>) ATTEMPT_TIMED_OUT;
	}

	private static Duration first(@Nullable Duration first, @Nullable Duration second, Duration third) {
		return (first != null) ? first : (second != null) ? second : third;
	}

	private static @Nullable Duration firstOrNull(@Nullable Duration first, @Nullable Duration second,
			@Nullable Duration third) {
		return (first != null) ? first : (second != null) ? second : third;
	}

}
