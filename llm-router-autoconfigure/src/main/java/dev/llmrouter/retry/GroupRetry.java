package dev.llmrouter.retry;

import java.time.Duration;
import java.util.function.DoubleSupplier;

import dev.llmrouter.error.ErrorType;
import dev.llmrouter.error.LlmException;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import org.jspecify.annotations.Nullable;

/**
 * The retry rules of one model group, run by a Resilience4j {@link Retry} named
 * {@code llm-router.<group>}. Its exception predicate gives each error type its own
 * count, and its interval function computes the jittered backoff (in milliseconds, as
 * Resilience4j counts); the router schedules the wait on a reactive timer.
 * <p>
 * The count for an error of type {@code T}:
 *
 * <pre>
 * enabled(T) = policy(T) != null ? policy(T) &gt; 0 : T.isRetriedByDefault()
 * count(T)   = !enabled(T) ? 0 : request.numRetries ?? policy(T) ?? group.numRetries ?? numRetries
 * </pre>
 *
 * The count is checked against the error of the latest attempt.
 *
 * @author llm-router
 */
public final class GroupRetry {

	private final Retry retry;

	private final RetryPolicy policy;

	private final @Nullable Integer groupNumRetries;

	private final int numRetries;

	private final Backoff backoff;

	private final DoubleSupplier random;

	/**
	 * Create the retry rules of a group.
	 * @param group the group name
	 * @param policy the group's policy, already merged over the global one
	 * @param groupNumRetries the group's retry count, or {@code null}
	 * @param numRetries the global retry count
	 * @param backoff the backoff
	 * @param random uniform random numbers in [0, 1) for the jitter
	 * @param registry the registry the Resilience4j retry is registered in
	 */
	public GroupRetry(String group, RetryPolicy policy, @Nullable Integer groupNumRetries, int numRetries,
			Backoff backoff, DoubleSupplier random, RetryRegistry registry) {
		this.policy = policy;
		this.groupNumRetries = groupNumRetries;
		this.numRetries = numRetries;
		this.backoff = backoff;
		this.random = random;
		RetryConfig config = RetryConfig.custom()
			.maxAttempts(Integer.MAX_VALUE)
			.retryOnException((failure) -> failure instanceof Failure attempt && attempt.retryAllowed())
			.intervalBiFunction((retry, either) -> delay(retry, either.getLeft()))
			.failAfterMaxAttempts(false)
			.writableStackTraceEnabled(false)
			.build();
		this.retry = registry.retry("llm-router." + group, config);
	}

	/**
	 * The Resilience4j retry behind this group.
	 * @return the retry
	 */
	public Retry retry() {
		return this.retry;
	}

	/**
	 * The retry count for an error type.
	 * @param type the type of the latest error
	 * @param requestNumRetries the request's override, or {@code null}
	 * @return how many retries (not counting the first attempt) the group may make
	 */
	public int retriesFor(ErrorType type, @Nullable Integer requestNumRetries) {
		Integer field = this.policy.retriesFor(type);
		boolean enabled = (field != null) ? field > 0 : type.isRetriedByDefault();
		if (!enabled || type == ErrorType.NOT_FOUND) {
			return 0;
		}
		if (requestNumRetries != null) {
			return requestNumRetries;
		}
		if (field != null) {
			return field;
		}
		return (this.groupNumRetries != null) ? this.groupNumRetries : this.numRetries;
	}

	/**
	 * The backoff of this group.
	 * @return the backoff
	 */
	public Backoff backoff() {
		return this.backoff;
	}

	/**
	 * Start the retry bookkeeping of one call to this group.
	 * @param requestNumRetries the request's override, or {@code null}
	 * @return the session
	 */
	public Session start(@Nullable Integer requestNumRetries) {
		return new Session(requestNumRetries);
	}

	private long delay(int retry, Throwable failure) {
		Duration hint = ((Failure) failure).error.retryAfter().orElse(Duration.ZERO);
		return this.backoff.delay(retry, this.random.getAsDouble(), hint).toMillis();
	}

	/**
	 * The retry state of one call in one group.
	 */
	public final class Session {

		private final @Nullable Integer requestNumRetries;

		private Retry.@Nullable AsyncContext<Object> context;

		private int retries;

		private Session(@Nullable Integer requestNumRetries) {
			this.requestNumRetries = requestNumRetries;
		}

		/**
		 * Retries made so far in this group.
		 * @return the count
		 */
		public int retries() {
			return this.retries;
		}

		/**
		 * The retry count that applies to an error, with this call's override.
		 * @param type the error type
		 * @return the count
		 */
		public int allowedRetries(ErrorType type) {
			return retriesFor(type, this.requestNumRetries);
		}

		/**
		 * Decide on a failed attempt.
		 * @param error the failure of the latest attempt
		 * @param retryable {@code false} to stop regardless of the count
		 * @return the backoff before the next attempt on the same deployment, or
		 * {@code null} to stop
		 */
		public @Nullable Duration onFailure(LlmException error, boolean retryable) {
			if (this.context == null) {
				this.context = GroupRetry.this.retry.asyncContext();
			}
			boolean allowed = retryable && this.retries < allowedRetries(error.errorType());
			long millis = this.context.onError(new Failure(error, allowed));
			if (millis < 0) {
				return null;
			}
			this.retries++;
			return Duration.ofMillis(millis);
		}

		/**
		 * The call waited for a cooling group; the wait uses up a rate-limit retry.
		 */
		public void waited() {
			this.retries++;
		}

		/**
		 * The call succeeded in this group.
		 */
		public void onSuccess() {
			if (this.context != null) {
				this.context.onComplete();
			}
		}

	}

	/**
	 * What Resilience4j sees of a failed attempt: the error and whether the count allows
	 * another retry.
	 */
	static final class Failure extends RuntimeException {

		private final LlmException error;

		private final boolean retryAllowed;

		Failure(LlmException error, boolean retryAllowed) {
			super(error.getMessage(), error, false, false);
			this.error = error;
			this.retryAllowed = retryAllowed;
		}

		boolean retryAllowed() {
			return this.retryAllowed;
		}

	}

}
