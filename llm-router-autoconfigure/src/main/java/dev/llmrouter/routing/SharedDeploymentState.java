package dev.llmrouter.routing;

import reactor.core.publisher.Mono;

/**
 * The state of one deployment that several instances of an application may share. All
 * times are epoch milliseconds of the router's clock.
 * <p>
 * Reads come from a local view and are made on the hot path, often on an event-loop
 * thread: they must return at once and never block. Changes are asynchronous: a change is
 * started when its method is called, whether or not the returned {@link Mono} is
 * subscribed to, and the {@code Mono} completes when the change is done, with its result.
 * An implementation whose changes complete at once returns values Reactor can read
 * without subscribing ({@code Mono.just}, {@code Mono.empty}), and the router then goes
 * on in the same call. Changes should not fail: a store that cannot reach its backend
 * answers from its local view.
 * <p>
 * Implementations must be thread-safe.
 *
 * @author llm-router
 */
public interface SharedDeploymentState {

	/**
	 * The end of the deployment's cooldown, from the local view.
	 * @return epoch milliseconds, {@code 0} if it never cooled down
	 */
	long cooldownUntil();

	/**
	 * Attempts in flight now, from the local view (with a shared store: on every
	 * instance).
	 * @return the count
	 */
	int inFlight();

	/**
	 * Requests started in the current minute, from the local view.
	 * @param nowMillis the current time
	 * @return the count
	 */
	long requestsThisMinute(long nowMillis);

	/**
	 * Tokens used in the current minute, from the local view.
	 * @param nowMillis the current time
	 * @return the count
	 */
	long tokensThisMinute(long nowMillis);

	/**
	 * An attempt is about to be sent: count it as a request of the current minute and
	 * take a lease on an in-flight slot, unless the deployment has already reached
	 * {@code requestLimit} requests this minute. A lease taken here is given back by
	 * {@link #attemptEnded(long, long)}; a shared store lets the leases of an instance
	 * that dies expire.
	 * @param nowMillis the current time
	 * @param requestLimit the deployment's requests per minute, {@link Long#MAX_VALUE}
	 * for no limit
	 * @return whether the attempt may go ahead
	 */
	Mono<Boolean> attemptStarted(long nowMillis, long requestLimit);

	/**
	 * An attempt that {@link #attemptStarted(long, long) started} ended, however it
	 * ended: give its lease back and count the tokens it used.
	 * @param nowMillis the current time
	 * @param tokens tokens the attempt used, {@code 0} if none or unknown
	 * @return completes when done
	 */
	Mono<Void> attemptEnded(long nowMillis, long tokens);

	/**
	 * An attempt failed in a way that counts towards the deployment's cooldown.
	 * @param nowMillis the current time
	 * @return how many such failures the deployment had within the last minute, this one
	 * included
	 */
	Mono<Integer> failed(long nowMillis);

	/**
	 * Cool the deployment down until the given time, unless it already cools down longer.
	 * @param untilMillis the end of the cooldown
	 * @return whether the end moved
	 */
	Mono<Boolean> coolDownUntil(long untilMillis);

	/**
	 * End the cooldown now and forget the recent failures.
	 * @return completes when done
	 */
	Mono<Void> clearCooldown();

}
