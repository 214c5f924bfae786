package dev.llmrouter.routing.internal;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

import dev.llmrouter.error.ErrorType;
import dev.llmrouter.error.LlmException;
import dev.llmrouter.Backoff;
import dev.llmrouter.routing.InvalidRouterConfigurationException;
import io.github.resilience4j.core.EventConsumer;
import io.github.resilience4j.core.EventProcessor;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.retry.event.RetryEvent;
import io.github.resilience4j.retry.event.RetryOnErrorEvent;
import io.github.resilience4j.retry.event.RetryOnIgnoredErrorEvent;
import io.github.resilience4j.retry.event.RetryOnRetryEvent;
import io.github.resilience4j.retry.event.RetryOnSuccessEvent;
import org.jspecify.annotations.Nullable;

/**
 * The Resilience4j {@link Retry} of one model group, {@code llm-router.<group>} in the
 * application's {@link RetryRegistry}: it reports the router's calls to the group and
 * their retries, so that Resilience4j's meters ({@code resilience4j.retry.calls}),
 * actuator endpoints and event consumers show them.
 * <p>
 * The router decides and schedules retries itself ({@link RetryDecision}, on a reactive
 * timer), because Resilience4j's own {@code Retry} counts a call that retried and then
 * failed with an error it does not retry as failed <em>without</em> retry, and publishes
 * a retry event when it computes a wait rather than when the wait is over. This one
 * counts each call to the group that ends in exactly one of the four kinds, by the
 * retries it made there, and publishes a {@link RetryOnRetryEvent} for each retry when it
 * starts, with the wait actually taken. Calls the caller cancels are not counted, as
 * Resilience4j's own Reactor operators do not count them.
 * <p>
 * It cannot decorate other code: {@link #context()} and {@link #asyncContext()} throw.
 *
 * @author llm-router
 */
final class GroupRetry implements Retry {

	static final String PREFIX = "llm-router.";

	private final String name;

	private final RetryConfig config;

	private final Map<String, String> tags;

	private final LongAdder succeededWithoutRetry = new LongAdder();

	private final LongAdder succeededWithRetry = new LongAdder();

	private final LongAdder failedWithoutRetry = new LongAdder();

	private final LongAdder failedWithRetry = new LongAdder();

	private final Events events = new Events();

	private final Metrics metrics = new GroupMetrics();

	private GroupRetry(String name, RetryConfig config, Map<String, String> tags) {
		this.name = name;
		this.config = config;
		this.tags = tags;
	}

	/**
	 * Create the retry of a group and put it in the registry.
	 * @param group the group
	 * @param backoff the router's backoff
	 * @param registry the registry
	 * @return the retry
	 * @throws InvalidRouterConfigurationException if the registry already holds a retry
	 * of that name that the router did not create
	 */
	static GroupRetry register(GroupConfig group, Backoff backoff, RetryRegistry registry) {
		String name = PREFIX + group.name();
		Optional<Retry> existing = registry.find(name);
		if (existing.isPresent() && !(existing.get() instanceof GroupRetry)) {
			throw new InvalidRouterConfigurationException("resilience4j.retry.instances." + name,
					"the application's RetryRegistry already has a Retry named '" + name
							+ "', with settings of its own",
					"Remove that instance or give it another name: the router registers '" + name
							+ "' itself to report the calls of group '" + group.name()
							+ "', and never runs with another's settings.");
		}
		GroupRetry retry = new GroupRetry(name, config(group, backoff), registry.getTags());
		if (existing.isEmpty()) {
			registry.retry(name, retry.config);
		}
		registry.replace(name, retry);
		return retry;
	}

	/**
	 * The configuration Resilience4j shows for the group: attempts up to the largest
	 * count of any error type, the types the group retries, and the backoff's window as
	 * the interval (the wait before retry {@code k} is drawn from that window, or longer
	 * when the provider asks).
	 */
	private static RetryConfig config(GroupConfig group, Backoff backoff) {
		int maxRetries = 0;
		for (ErrorType type : ErrorType.values()) {
			maxRetries = Math.max(maxRetries, group.retryCounts().count(type, null));
		}
		RetryCounts counts = group.retryCounts();
		return RetryConfig.custom()
			.maxAttempts(maxRetries + 1)
			.retryOnException(
					(failure) -> failure instanceof LlmException error && counts.count(error.errorType(), null) > 0)
			.intervalBiFunction((attempt, outcome) -> backoff.window(attempt).toMillis())
			.failAfterMaxAttempts(false)
			.writableStackTraceEnabled(false)
			.build();
	}

	/**
	 * A call to the group succeeded.
	 * @param retries the retries it made in the group
	 * @param lastError the failure before the success, or {@code null}
	 */
	void succeeded(int retries, @Nullable Throwable lastError) {
		if (retries == 0) {
			this.succeededWithoutRetry.increment();
			return;
		}
		this.succeededWithRetry.increment();
		publish(new RetryOnSuccessEvent(this.name, retries, lastError));
	}

	/**
	 * A call to the group failed: it goes to a fallback, or ends.
	 * @param retries the retries it made in the group
	 * @param error the group's error
	 */
	void failed(int retries, Throwable error) {
		if (retries == 0) {
			this.failedWithoutRetry.increment();
			publish(new RetryOnIgnoredErrorEvent(this.name, error));
			return;
		}
		this.failedWithRetry.increment();
		publish(new RetryOnErrorEvent(this.name, retries, error));
	}

	/**
	 * A retry starts.
	 * @param retry the retry's number in the group, from 1
	 * @param error the failure it follows
	 * @param waited the wait actually taken before it
	 */
	void retried(int retry, Throwable error, Duration waited) {
		publish(new RetryOnRetryEvent(this.name, retry, error, waited.toMillis()));
	}

	private void publish(RetryEvent event) {
		if (this.events.hasConsumers()) {
			this.events.processEvent(event);
		}
	}

	@Override
	public String getName() {
		return this.name;
	}

	@Override
	public <T> Context<T> context() {
		throw new UnsupportedOperationException(unsupported());
	}

	@Override
	public <T> AsyncContext<T> asyncContext() {
		throw new UnsupportedOperationException(unsupported());
	}

	private String unsupported() {
		return "'" + this.name + "' reports the calls of an llm-router group and cannot decorate other code;"
				+ " use a Retry of your own";
	}

	@Override
	public RetryConfig getRetryConfig() {
		return this.config;
	}

	@Override
	public Map<String, String> getTags() {
		return this.tags;
	}

	@Override
	public EventPublisher getEventPublisher() {
		return this.events;
	}

	@Override
	public Metrics getMetrics() {
		return this.metrics;
	}

	private final class GroupMetrics implements Metrics {

		@Override
		public long getNumberOfSuccessfulCallsWithoutRetryAttempt() {
			return GroupRetry.this.succeededWithoutRetry.sum();
		}

		@Override
		public long getNumberOfFailedCallsWithoutRetryAttempt() {
			return GroupRetry.this.failedWithoutRetry.sum();
		}

		@Override
		public long getNumberOfSuccessfulCallsWithRetryAttempt() {
			return GroupRetry.this.succeededWithRetry.sum();
		}

		@Override
		public long getNumberOfFailedCallsWithRetryAttempt() {
			return GroupRetry.this.failedWithRetry.sum();
		}

		@Override
		public long getNumberOfTotalCalls() {
			return getNumberOfSuccessfulCallsWithoutRetryAttempt() + getNumberOfFailedCallsWithoutRetryAttempt()
					+ getNumberOfSuccessfulCallsWithRetryAttempt() + getNumberOfFailedCallsWithRetryAttempt();
		}

	}

	private static final class Events extends EventProcessor<RetryEvent> implements EventPublisher {

		@Override
		public EventPublisher onRetry(EventConsumer<RetryOnRetryEvent> consumer) {
			registerConsumer(RetryOnRetryEvent.class.getName(), consumer);
			return this;
		}

		@Override
		public EventPublisher onSuccess(EventConsumer<RetryOnSuccessEvent> consumer) {
			registerConsumer(RetryOnSuccessEvent.class.getName(), consumer);
			return this;
		}

		@Override
		public EventPublisher onError(EventConsumer<RetryOnErrorEvent> consumer) {
			registerConsumer(RetryOnErrorEvent.class.getName(), consumer);
			return this;
		}

		@Override
		public EventPublisher onIgnoredError(EventConsumer<RetryOnIgnoredErrorEvent> consumer) {
			registerConsumer(RetryOnIgnoredErrorEvent.class.getName(), consumer);
			return this;
		}

	}

}
