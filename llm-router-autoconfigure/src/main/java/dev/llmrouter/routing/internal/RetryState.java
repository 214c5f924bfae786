package dev.llmrouter.routing.internal;

import org.jspecify.annotations.Nullable;

/**
 * Where a call stands in one group, as {@link RetryDecision} needs to know it.
 *
 * @param <D> how a deployment is known
 * @param retries retries made in the group so far (waits for the group included)
 * @param requestNumRetries the request's own retry count, or {@code null}
 * @param failed the deployment of the attempt that just failed, or {@code null} if the
 * call has made no attempt in the group yet
 * @param random a uniform random number in [0, 1) for the backoff's jitter
 * @author llm-router
 */
record RetryState<D>(int retries, @Nullable Integer requestNumRetries, @Nullable D failed, double random) {

}
