package dev.llmrouter.routing;

import java.util.Map;

import dev.llmrouter.error.ErrorType;

/**
 * The live state of one deployment: calls in flight, recent failures, usage in the
 * current minute, latency, counters and cooldown. All times are epoch milliseconds of the
 * router's clock.
 * <p>
 * Implementations must be thread-safe. The in-memory one is the default; a shared store
 * lets several application instances agree on cooldowns and usage.
 *
 * @author llm-router
 */
public interface DeploymentState {

	/**
	 * An attempt is about to be sent, unless the deployment has reached its request limit
	 * for the current minute.
	 * @param nowMillis the current time
	 * @param requestsPerMinute the deployment's limit, {@link Long#MAX_VALUE} for none
	 * @return {@code true} if the attempt may go ahead (it is then counted as in flight)
	 */
	boolean attemptStarted(long nowMillis, long requestsPerMinute);

	/**
	 * An attempt was cancelled (the caller went away, or the call's total timeout was
	 * spent).
	 */
	void attemptCancelled();

	/**
	 * An attempt succeeded.
	 * @param nowMillis the current time
	 * @param latencyNanos how long it took
	 * @param tokens tokens it used, {@code 0} if unknown
	 */
	void attemptSucceeded(long nowMillis, long latencyNanos, long tokens);

	/**
	 * An attempt failed.
	 * @param nowMillis the current time
	 * @param type how the failure was classified
	 * @return the number of failures that cool a deployment down within the last minute,
	 * this one included
	 */
	int attemptFailed(long nowMillis, ErrorType type);

	/**
	 * A retry was scheduled after an attempt on this deployment.
	 */
	void retried();

	/**
	 * Calls in flight now.
	 * @return the count
	 */
	int inFlight();

	/**
	 * Requests started in the current minute.
	 * @param nowMillis the current time
	 * @return the count
	 */
	long requestsThisMinute(long nowMillis);

	/**
	 * Tokens used in the current minute.
	 * @param nowMillis the current time
	 * @return the count
	 */
	long tokensThisMinute(long nowMillis);

	/**
	 * Smoothed latency of recent successful attempts.
	 * @return the latency in nanoseconds, {@code 0} before the first success
	 */
	long averageLatencyNanos();

	/**
	 * The end of the cooldown.
	 * @return epoch milliseconds, {@code 0} if the deployment never cooled down
	 */
	long cooldownUntil();

	/**
	 * Cool the deployment down until the given time, unless it already cools longer.
	 * @param untilMillis the end of the cooldown
	 * @return {@code true} if the deadline moved
	 */
	boolean coolDownUntil(long untilMillis);

	/**
	 * End the cooldown now.
	 */
	void clearCooldown();

	/**
	 * Successful attempts since start-up.
	 * @return the count
	 */
	long successes();

	/**
	 * Retries scheduled after attempts on this deployment since start-up.
	 * @return the count
	 */
	long retries();

	/**
	 * Failed attempts since start-up by error type.
	 * @return the counts, only types that occurred
	 */
	Map<ErrorType, Long> failures();

}
