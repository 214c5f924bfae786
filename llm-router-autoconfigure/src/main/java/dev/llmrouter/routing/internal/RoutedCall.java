package dev.llmrouter.routing.internal;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;
import java.util.function.Consumer;

import dev.llmrouter.Attempt;
import dev.llmrouter.CallMetadata;
import dev.llmrouter.error.LlmException;
import dev.llmrouter.error.LlmTimeoutException;
import dev.llmrouter.observation.AttemptFailedEvent;
import dev.llmrouter.observation.CooldownEvent;
import dev.llmrouter.observation.FailureEvent;
import dev.llmrouter.observation.FallbackEvent;
import dev.llmrouter.observation.RetryEvent;
import dev.llmrouter.observation.SuccessEvent;
import io.micrometer.observation.Observation;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import reactor.util.context.Context;

/**
 * One routed call: the attempt loop every operation runs through. It picks a deployment,
 * makes one attempt there (a {@link Publisher} from the {@link Operation}), books how it
 * ended, and after a failure acts on what {@link RetryDecision} decides: another attempt
 * now, one after a wait, the group's fallbacks, or the end of the call.
 * <p>
 * Everything that can end an attempt or the call — the attempt's own signals, the
 * caller's cancellation, the total timeout — moves one state field with a
 * compare-and-set, so exactly one of them books the attempt in flight, and exactly one
 * ends the call. Elements reach the caller, and failures are booked, only in the
 * {@code EMITTING} state, which nothing else leaves: the total timeout, firing then,
 * hands the end of the call to the emitter, so a call never ends before the failure of
 * its attempt is booked. A caller cancelling then and the failure being booked claim the
 * attempt's booking from each other.
 *
 * @param <T> what the call emits
 * @author llm-router
 */
final class RoutedCall<T> implements Subscription, Runnable {

	private static final Log logger = LogFactory.getLog(RoutedCall.class);

	/** An attempt is in flight. */
	private static final int RUNNING = 0;

	/**
	 * A signal of the attempt in flight is being handled: an element handed to the
	 * caller, or a failure booked.
	 */
	private static final int EMITTING = 1;

	/** Between attempts: booking a failure, deciding, waiting. */
	private static final int IDLE = 2;

	/** The call ended (or was cancelled); nothing more reaches the caller. */
	private static final int DONE = 3;

	/** The total timeout fired while an element was being handed over. */
	private static final int TIMED_OUT = 4;

	private static final String CANCELLED = "cancelled";

	/**
	 * The key of Reactor's context-local {@code onErrorDropped} hook (Reactor's
	 * {@code Hooks.KEY_ON_ERROR_DROPPED}, which it reads from the context of the operator
	 * that drops the error). An attempt that is cancelled or timed out as it fails (the
	 * HTTP client releasing a response body the cancellation already released, say) has
	 * no one left to tell: that is expected, and not worth Reactor's ERROR line.
	 */
	private static final String ON_ERROR_DROPPED = "reactor.onErrorDropped.local";

	private static final Consumer<Throwable> DROPPED = RoutedCall::dropped;

	private static final String TIMEOUT = LlmTimeoutException.class.getSimpleName();

	@SuppressWarnings("rawtypes")
	private static final AtomicIntegerFieldUpdater<RoutedCall> STATE = AtomicIntegerFieldUpdater
		.newUpdater(RoutedCall.class, "state");

	@SuppressWarnings("rawtypes")
	private static final AtomicIntegerFieldUpdater<RoutedCall> WIP = AtomicIntegerFieldUpdater
		.newUpdater(RoutedCall.class, "wip");

	@SuppressWarnings("rawtypes")
	private static final AtomicLongFieldUpdater<RoutedCall> REQUESTED = AtomicLongFieldUpdater
		.newUpdater(RoutedCall.class, "requested");

	private final DefaultLlmRouter engine;

	private final Operation<T> operation;

	private final CoreSubscriber<? super T> actual;

	private final CallRecord record;

	private final RuntimeGroup primary;

	private final @Nullable Duration totalTimeout;

	private final long deadlineNanos;

	private volatile int state = IDLE;

	private volatile int wip;

	private volatile long requested;

	private volatile @Nullable AttemptSubscriber<T> current;

	/** Elements handed to the caller; written by the emitter only. */
	private long emitted;

	/** Whether something reached the caller, after which the call is never retried. */
	private boolean delivered;

	// What follows is written between attempts, by one thread at a time.

	private RuntimeGroup group;

	private @Nullable RuntimeDeployment lastFailed;

	private @Nullable LlmException lastError;

	/** The waits since the last attempt, booked with the next. */
	private Duration backoff = Duration.ZERO;

	/** The failure the pending wait is for. */
	private @Nullable LlmException waitingFor;

	private long waitStartedNanos;

	private volatile @Nullable Disposable waitTask;

	private volatile @Nullable Disposable totalTask;

	private @Nullable Observation observation;

	RoutedCall(DefaultLlmRouter engine, Operation<T> operation, RuntimeGroup group, CoreSubscriber<? super T> actual) {
		this.engine = engine;
		this.operation = operation;
		this.actual = actual;
		this.primary = group;
		this.group = group;
		this.record = new CallRecord(group.name);
		Duration total = (operation.totalTimeout() != null) ? operation.totalTimeout() : group.config.totalTimeout();
		this.totalTimeout = total;
		this.deadlineNanos = (total != null) ? engine.clock.nanoTime() + total.toNanos() : Long.MAX_VALUE;
	}

	// ---- the call ---------------------------------------------------------------------

	void start() {
		this.actual.onSubscribe(this);
		if (this.state == DONE) {
			return;
		}
		this.observation = this.engine.observations.startCall(this.operation.name(), this.primary.name,
				this.actual.currentContext());
		if (this.totalTimeout != null) {
			this.totalTask = this.engine.timer.schedule(this::totalTimedOut, this.totalTimeout.toNanos(),
					TimeUnit.NANOSECONDS);
			if (this.state == DONE) {
				dispose(this.totalTask);
			}
		}
		enter(this.primary);
	}

	@Override
	public void request(long n) {
		if (Operators.validate(n)) {
			Operators.addCap(REQUESTED, this, n);
			drainRequests();
		}
	}

	@Override
	public void cancel() {
		for (;;) {
			int previous = this.state;
			if (previous == DONE) {
				return;
			}
			if (STATE.compareAndSet(this, previous, DONE)) {
				dispose(this.totalTask);
				dispose(this.waitTask);
				AttemptSubscriber<T> attempt = this.current;
				if (previous != IDLE && attempt != null) {
					cancelAttempt(attempt, this.engine.clock.nanoTime() >= this.deadlineNanos ? TIMEOUT : CANCELLED);
				}
				Observation observation = this.observation;
				if (observation != null) {
					observation.stop();
				}
				return;
			}
		}
	}

	/**
	 * The total timeout fired: end the call, unless an element is being handed over, in
	 * which case the emitter ends it.
	 */
	private void totalTimedOut() {
		for (;;) {
			int previous = this.state;
			if (previous == DONE || previous == TIMED_OUT) {
				return;
			}
			if (previous == EMITTING) {
				if (STATE.compareAndSet(this, EMITTING, TIMED_OUT)) {
					return;
				}
				continue;
			}
			if (STATE.compareAndSet(this, previous, DONE)) {
				timedOut(previous == RUNNING);
				return;
			}
		}
	}

	/** The call's time is up, and this thread ends it. */
	private void timedOut(boolean attemptInFlight) {
		dispose(this.waitTask);
		AttemptSubscriber<T> attempt = this.current;
		if (attemptInFlight && attempt != null) {
			cancelAttempt(attempt, TIMEOUT);
		}
		Duration total = (this.totalTimeout != null) ? this.totalTimeout : Duration.ZERO;
		finish(null, null, LlmTimeoutException.totalTimeout(total, this.lastError));
	}

	/** Enter a group: the first, or a fallback. */
	private void enter(RuntimeGroup group) {
		if (!this.record.enter(group)) {
			return;
		}
		this.group = group;
		this.lastFailed = null;
		next(null);
	}

	/**
	 * Between attempts: pick a deployment and make the attempt, or, when the group has
	 * none available, decide what to do.
	 */
	private void next(@Nullable RuntimeDeployment avoid) {
		long nowMillis = this.engine.clock.millis();
		RuntimeDeployment deployment = this.group.pick(avoid, nowMillis);
		if (deployment == null) {
			noDeployment(nowMillis);
			return;
		}
		attempt(deployment, nowMillis);
	}

	private void noDeployment(long nowMillis) {
		Duration wait = Duration.ofMillis(this.group.nextAvailableMillis(nowMillis) - nowMillis);
		decide(RetryDecision.noDeployment(this.group.name, wait, this.lastError));
	}

	private void attempt(RuntimeDeployment deployment, long nowMillis) {
		long limit = this.group.usageBased ? deployment.requestsPerMinute : Long.MAX_VALUE;
		Mono<Boolean> started = deployment.state.attemptStarted(nowMillis, limit);
		if (Scalars.isDone(started)) {
			Boolean allowed = Scalars.value(started);
			started(deployment, allowed == null || allowed);
		}
		else {
			Scalars.then(started, Boolean.TRUE, (allowed) -> started(deployment, allowed));
		}
	}

	private void started(RuntimeDeployment deployment, boolean allowed) {
		if (!allowed) {
			// the deployment reached its request limit since it was picked
			long nowMillis = this.engine.clock.millis();
			RuntimeDeployment other = this.group.pick(deployment, nowMillis);
			if (other != null && other != deployment) {
				attempt(other, nowMillis);
			}
			else {
				noDeployment(nowMillis);
			}
			return;
		}
		AttemptSubscriber<T> attempt = new AttemptSubscriber<>(this, deployment, this.engine.clock.nanoTime(),
				this.backoff, this.emitted);
		Observation call = this.observation;
		Context context = this.actual.currentContext().put(ON_ERROR_DROPPED, DROPPED);
		if (call != null) {
			Observation observed = this.engine.observations.startAttempt(call, this.operation.name(), deployment,
					this.record.attempts() + 1);
			if (observed != null) {
				attempt.observation = observed;
				context = RouterObservations.attemptContext(context, observed);
			}
		}
		attempt.context = context;
		this.current = attempt;
		if (!STATE.compareAndSet(this, IDLE, RUNNING)) {
			// the call was cancelled or timed out meanwhile: this attempt is never made
			deployment.state.attemptEnded(this.engine.clock.millis(), 0);
			if (attempt.observation != null) {
				attempt.observation.stop();
			}
			return;
		}
		this.backoff = Duration.ZERO;
		Publisher<T> publisher;
		try {
			publisher = this.operation.attempt(deployment, this.engine);
		}
		catch (RuntimeException ex) {
			attempt.onError(ex);
			return;
		}
		publisher.subscribe(attempt);
	}

	// ---- signals of an attempt
	// -----------------------------------------------------------

	void attemptSubscribed(AttemptSubscriber<T> attempt, Subscription subscription) {
		attempt.subscription = subscription;
		if (this.current != attempt || this.state == DONE) {
			subscription.cancel();
			return;
		}
		drainRequests();
	}

	void attemptNext(AttemptSubscriber<T> attempt, T element) {
		if (this.current != attempt) {
			return;
		}
		if (this.operation.single()) {
			if (STATE.compareAndSet(this, RUNNING, DONE)) {
				succeeded(attempt, element);
			}
			return;
		}
		if (!STATE.compareAndSet(this, RUNNING, EMITTING)) {
			return;
		}
		long tokens = this.operation.tokens(element);
		if (tokens > 0) {
			attempt.tokens = tokens;
		}
		Observation call = this.observation;
		if (call != null) {
			this.operation.observe(RouterObservations.context(call), element);
		}
		if (this.operation.delivers(element)) {
			this.delivered = true;
		}
		this.emitted++;
		this.actual.onNext(element);
		if (!STATE.compareAndSet(this, EMITTING, RUNNING) && STATE.compareAndSet(this, TIMED_OUT, DONE)) {
			timedOut(true);
		}
	}

	void attemptComplete(AttemptSubscriber<T> attempt) {
		if (this.current != attempt) {
			return;
		}
		if (this.operation.single()) {
			if (this.state == RUNNING) {
				attemptError(attempt, new IllegalStateException("the response ended without an answer"));
			}
			return;
		}
		if (STATE.compareAndSet(this, RUNNING, DONE)) {
			succeeded(attempt, null);
		}
	}

	void attemptError(AttemptSubscriber<T> attempt, Throwable failure) {
		if (this.current != attempt) {
			dropped(failure);
			return;
		}
		LlmException error = this.engine.classify(failure, attempt.deployment);
		if (this.delivered) {
			if (!STATE.compareAndSet(this, RUNNING, DONE)) {
				dropped(failure);
				return;
			}
			LlmException midStream = this.operation.midStream(error);
			bookFailure(attempt, midStream, this.engine.clock.millis());
			finish(null, null, midStream);
			return;
		}
		if (!STATE.compareAndSet(this, RUNNING, EMITTING)) {
			dropped(failure);
			return;
		}
		if (!attempt.end()) {
			// the caller cancelled meanwhile, and booked the attempt
			return;
		}
		long nowMillis = this.engine.clock.millis();
		this.lastError = error;
		this.lastFailed = attempt.deployment;
		bookFailure(attempt, error, nowMillis);
		if (STATE.compareAndSet(this, EMITTING, IDLE)) {
			failed(attempt, error, nowMillis);
		}
		else if (STATE.compareAndSet(this, TIMED_OUT, DONE)) {
			timedOut(true);
		}
	}

	private static void dropped(Throwable failure) {
		if (logger.isDebugEnabled()) {
			logger.debug("Dropped the failure of an attempt that had already ended: " + failure);
		}
	}

	// ---- booking
	// ------------------------------------------------------------------------

	private void succeeded(AttemptSubscriber<T> attempt, @Nullable T element) {
		dispose(this.totalTask);
		RuntimeDeployment deployment = attempt.deployment;
		long duration = this.engine.clock.nanoTime() - attempt.startNanos;
		long tokens = (element != null) ? this.operation.tokens(element) : attempt.tokens;
		deployment.state.attemptEnded(this.engine.clock.millis(), tokens);
		deployment.counters.succeeded(duration);
		this.record.attempt(this.group.name, deployment.id, Attempt.SUCCESS, 200, duration, attempt.backoff);
		finish(attempt, element, null);
	}

	/**
	 * End the call: with {@code element} on success, else with {@code error}. The caller
	 * of this method has moved the state to {@code DONE}.
	 */
	private void finish(@Nullable AttemptSubscriber<T> attempt, @Nullable T element, @Nullable LlmException error) {
		dispose(this.totalTask);
		List<CallRecord.Visit> visits = this.record.close();
		if (error == null) {
			CallMetadata metadata = this.record.metadata();
			T answer = (element != null) ? this.operation.answer(element, metadata) : null;
			report(visits, null);
			Observation call = this.observation;
			if (attempt != null && attempt.observation != null) {
				RouterObservations.attemptSucceeded(attempt.observation,
						(answer != null) ? this.operation.responseModel(answer) : null);
			}
			if (call != null) {
				if (answer != null) {
					this.operation.observe(RouterObservations.context(call), answer);
				}
				RouterObservations.callSucceeded(call, metadata);
			}
			if (!this.engine.listeners.isEmpty()) {
				this.engine.listeners.success(new SuccessEvent(metadata));
			}
			if (answer != null) {
				this.actual.onNext(answer);
			}
			this.actual.onComplete();
			return;
		}
		LlmException finalError = this.record.finalError(error);
		report(visits, finalError);
		Observation call = this.observation;
		if (call != null) {
			RouterObservations.callFailed(call, finalError);
		}
		if (!this.engine.listeners.isEmpty()) {
			this.engine.listeners.failure(new FailureEvent(finalError));
		}
		this.actual.onError(finalError);
	}

	/** Report the groups the call visited to their Resilience4j retries. */
	private static void report(List<CallRecord.Visit> visits, @Nullable LlmException error) {
		for (CallRecord.Visit visit : visits) {
			LlmException failure = (visit.left != null) ? visit.left : error;
			if (failure != null) {
				visit.group.retry.failed(visit.retries, failure);
			}
			else {
				visit.group.retry.succeeded(visit.retries, visit.lastFailure);
			}
		}
	}

	private void cancelAttempt(AttemptSubscriber<T> attempt, String outcome) {
		Subscription subscription = attempt.subscription;
		if (subscription != null) {
			subscription.cancel();
		}
		if (!attempt.end()) {
			// its failure was booked
			return;
		}
		RuntimeDeployment deployment = attempt.deployment;
		deployment.state.attemptEnded(this.engine.clock.millis(), 0);
		long duration = this.engine.clock.nanoTime() - attempt.startNanos;
		this.record.attempt(deployment.group, deployment.id, outcome, 0, duration, attempt.backoff);
		if (attempt.observation != null) {
			attempt.observation.stop();
		}
	}

	private void bookFailure(AttemptSubscriber<T> attempt, LlmException error, long nowMillis) {
		RuntimeDeployment deployment = attempt.deployment;
		deployment.state.attemptEnded(nowMillis, 0);
		deployment.counters.failed(error.errorType());
		long duration = this.engine.clock.nanoTime() - attempt.startNanos;
		this.record.attempt(deployment.group, deployment.id, error.getClass().getSimpleName(),
				error.statusCode().orElse(0), duration, attempt.backoff);
		if (attempt.observation != null) {
			RouterObservations.attemptFailed(attempt.observation, error);
		}
		if (!this.engine.listeners.isEmpty()) {
			this.engine.listeners
				.attemptFailed(new AttemptFailedEvent(deployment.group, deployment.id, error, this.record.metadata()));
		}
	}

	/**
	 * An attempt failed before it delivered anything, and is booked: cool down, decide.
	 */
	private void failed(AttemptSubscriber<T> attempt, LlmException error, long nowMillis) {
		RuntimeDeployment deployment = attempt.deployment;
		if (!Cooldown.counts(error, this.group.hasOtherDeployments())) {
			decide(error);
			return;
		}
		Scalars.then(deployment.state.failed(nowMillis), 1, (recent) -> coolDown(deployment, error, recent));
	}

	private void coolDown(RuntimeDeployment deployment, LlmException error, int recentFailures) {
		RouterSettings settings = this.engine.settings;
		Duration duration = Cooldown.duration(error, recentFailures, settings.allowedFails(),
				deployment.config.cooldownTime(), settings.maxCooldownTime(), settings.quotaCooldownTime());
		if (duration == null) {
			decide(error);
			return;
		}
		Scalars.then(deployment.state.coolDownUntil(this.engine.clock.millis() + duration.toMillis()), Boolean.FALSE,
				(moved) -> {
					if (moved) {
						cooledDown(deployment, error, duration, recentFailures);
					}
					decide(error);
				});
	}

	private void cooledDown(RuntimeDeployment deployment, LlmException error, Duration duration, int recentFailures) {
		dev.llmrouter.error.ErrorType type = error.errorType();
		String reason = switch (type) {
			case RATE_LIMIT -> " (rate limited)";
			case QUOTA_EXCEEDED -> " (quota spent; llm.router.quota-cooldown-time)";
			default -> " (" + recentFailures + " failures within a minute)";
		};
		logger.warn("Deployment '" + deployment.id + "' of group '" + deployment.group + "' cools down for "
				+ duration.toMillis() + "ms after " + error.getClass().getSimpleName() + reason);
		if (!this.engine.listeners.isEmpty()) {
			this.engine.listeners.cooldown(new CooldownEvent(deployment.group, deployment.id, duration, error));
		}
	}

	// ---- deciding and acting
	// ------------------------------------------------------------

	private void decide(LlmException error) {
		if (this.state != IDLE) {
			return;
		}
		long nowNanos = this.engine.clock.nanoTime();
		RetryState<RuntimeDeployment> retryState = new RetryState<>(this.record.retries(), this.operation.numRetries(),
				this.lastFailed, this.engine.random.getAsDouble());
		Decision<RuntimeDeployment> decision = RetryDecision.decide(error, retryState, this.group,
				this.engine.clock.millis(), Deadline.of(this.totalTimeout, this.deadlineNanos, nowNanos));
		if (decision instanceof Decision.RetryOn<RuntimeDeployment> retry) {
			if (retry.delay().isZero()) {
				logRetry(error, retry.deployment(), Duration.ZERO);
				retryStarts(error, Duration.ZERO);
				attempt(retry.deployment(), this.engine.clock.millis());
			}
			else {
				logRetry(error, null, retry.delay());
				waitThen(retry.delay(), error);
			}
		}
		else if (decision instanceof Decision.WaitForGroup<RuntimeDeployment> wait) {
			logRetry(wait.error(), null, wait.delay());
			waitThen(wait.delay(), wait.error());
		}
		else if (decision instanceof Decision.FallBack<RuntimeDeployment> fallBack) {
			fallBack(fallBack.error());
		}
		else if (decision instanceof Decision.Fail<RuntimeDeployment> fail) {
			if (STATE.compareAndSet(this, IDLE, DONE)) {
				finish(null, null, fail.error());
			}
		}
	}

	private void waitThen(Duration delay, LlmException cause) {
		this.waitingFor = cause;
		this.waitStartedNanos = this.engine.clock.nanoTime();
		Disposable task = this.engine.timer.schedule(this, delay.toNanos(), TimeUnit.NANOSECONDS);
		this.waitTask = task;
		if (this.state == DONE) {
			task.dispose();
		}
	}

	/** The wait before a retry is over. */
	@Override
	public void run() {
		if (this.state != IDLE) {
			return;
		}
		this.waitTask = null;
		Duration waited = Duration.ofNanos(this.engine.clock.nanoTime() - this.waitStartedNanos);
		this.backoff = this.backoff.plus(waited);
		LlmException cause = this.waitingFor;
		if (cause != null) {
			retryStarts(cause, waited);
		}
		next(this.lastFailed);
	}

	/**
	 * A retry starts: count it in the group, tell the group's Resilience4j retry and the
	 * listeners, with the wait actually taken.
	 */
	private void retryStarts(LlmException cause, Duration waited) {
		int retry = this.record.retried(cause);
		RuntimeDeployment failed = this.lastFailed;
		if (failed != null) {
			failed.counters.retried();
		}
		this.group.retry.retried(retry, cause, waited);
		if (!this.engine.listeners.isEmpty()) {
			this.engine.listeners.retry(new RetryEvent(this.group.name, (failed != null) ? failed.id : null, cause,
					waited, this.record.metadata()));
		}
	}

	private void fallBack(LlmException error) {
		this.record.left(error);
		List<String> candidates = this.engine.fallbacks(this.group, error, this.group == this.primary,
				this.operation.fallbacks());
		String next = this.record.groupFailed(this.group.name, error, candidates, this.engine.settings.maxFallbacks());
		RuntimeGroup fallback = (next != null) ? this.engine.group(next) : null;
		if (fallback == null) {
			if (STATE.compareAndSet(this, IDLE, DONE)) {
				finish(null, null, error);
			}
			return;
		}
		if (logger.isDebugEnabled()) {
			logger.debug("Group '" + this.group.name + "' failed with " + error.getClass().getSimpleName()
					+ "; falling back to '" + fallback.name + "'");
		}
		if (!this.engine.listeners.isEmpty()) {
			this.engine.listeners
				.fallback(new FallbackEvent(this.group.name, fallback.name, error, this.record.metadata()));
		}
		this.backoff = Duration.ZERO;
		enter(fallback);
	}

	private void logRetry(LlmException error, @Nullable RuntimeDeployment to, Duration delay) {
		if (logger.isDebugEnabled()) {
			RuntimeDeployment failed = this.lastFailed;
			int retries = this.record.retries();
			logger.debug("Retrying group '" + this.group.name + "' after " + error.getClass().getSimpleName()
					+ error.statusCode().stream().mapToObj((status) -> " (HTTP " + status + ")").findFirst().orElse("")
					+ ((failed != null) ? " from deployment '" + failed.id + "'" : "") + " in " + delay.toMillis()
					+ "ms" + ((to != null) ? " on deployment '" + to.id + "'" : "") + " (attempt " + (retries + 2) + "/"
					+ (this.group.retries(error.errorType(), this.operation.numRetries()) + 1) + ")");
		}
	}

	// ---- demand
	// -------------------------------------------------------------------------

	/**
	 * Pass the caller's demand on to the attempt in flight: what the caller asked for,
	 * less what earlier attempts handed over, less what this one was already asked.
	 */
	private void drainRequests() {
		if (WIP.getAndIncrement(this) != 0) {
			return;
		}
		int missed = 1;
		for (;;) {
			AttemptSubscriber<T> attempt = this.current;
			Subscription subscription = (attempt != null) ? attempt.subscription : null;
			if (attempt != null && subscription != null) {
				long requested = this.requested;
				long want = (requested == Long.MAX_VALUE) ? Long.MAX_VALUE : requested - attempt.base;
				if (want > attempt.asked) {
					long more = (want == Long.MAX_VALUE) ? Long.MAX_VALUE : want - attempt.asked;
					attempt.asked = want;
					subscription.request(more);
				}
			}
			missed = WIP.addAndGet(this, -missed);
			if (missed == 0) {
				return;
			}
		}
	}

	private static void dispose(@Nullable Disposable task) {
		if (task != null) {
			task.dispose();
		}
	}

	/**
	 * Subscribes to one attempt and hands its signals to the call, which knows it by
	 * identity and ignores it once it is no longer the attempt in flight.
	 */
	static final class AttemptSubscriber<T> implements CoreSubscriber<T> {

		@SuppressWarnings("rawtypes")
		private static final AtomicIntegerFieldUpdater<AttemptSubscriber> ENDED = AtomicIntegerFieldUpdater
			.newUpdater(AttemptSubscriber.class, "ended");

		final RoutedCall<T> call;

		final RuntimeDeployment deployment;

		final long startNanos;

		final Duration backoff;

		/** Elements the caller had received before this attempt. */
		final long base;

		volatile @Nullable Subscription subscription;

		/** Demand passed on to this attempt so far; written under the call's wip. */
		long asked;

		long tokens;

		@Nullable Observation observation;

		Context context = Context.empty();

		private volatile int ended;

		AttemptSubscriber(RoutedCall<T> call, RuntimeDeployment deployment, long startNanos, Duration backoff,
				long base) {
			this.call = call;
			this.deployment = deployment;
			this.startNanos = startNanos;
			this.backoff = backoff;
			this.base = base;
		}

		@Override
		public Context currentContext() {
			return this.context;
		}

		/**
		 * Claim the booking of how this attempt ended: its failure, or its cancellation.
		 * @return whether this caller books it
		 */
		boolean end() {
			return ENDED.compareAndSet(this, 0, 1);
		}

		@Override
		public void onSubscribe(Subscription subscription) {
			this.call.attemptSubscribed(this, subscription);
		}

		@Override
		public void onNext(T element) {
			this.call.attemptNext(this, element);
		}

		@Override
		public void onError(Throwable failure) {
			this.call.attemptError(this, failure);
		}

		@Override
		public void onComplete() {
			this.call.attemptComplete(this);
		}

	}

}
