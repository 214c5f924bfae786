package dev.llmrouter.routing.internal;

import java.time.Duration;
import java.util.List;

import dev.llmrouter.Backoff;
import dev.llmrouter.RetryPolicy;
import dev.llmrouter.RoutingStrategy;
import org.jspecify.annotations.Nullable;

/**
 * The router-wide settings, as the builder collected them; the defaults are those of the
 * {@code llm.router.*} properties.
 *
 * @param numRetries retries per group when nothing more specific is set
 * @param backoff backoff between retries on the same deployment, its minimum the
 * {@code retry-after}
 * @param timeout attempt timeout
 * @param streamTimeout stream first-chunk and idle timeout, or {@code null} for the
 * attempt timeout
 * @param totalTimeout timeout of a whole call, or {@code null} for none
 * @param routingStrategy how a deployment is picked
 * @param allowedFails failures within a minute that cool a deployment down
 * @param cooldownTime cooldown when a failure gives no {@code Retry-After}
 * @param maxCooldownTime the longest any cooldown taken from a hint or
 * {@code cooldown-time} lasts
 * @param quotaCooldownTime how long a deployment whose quota is spent cools down (zero:
 * not at all)
 * @param maxFallbacks how many fallback groups one call may move to
 * @param defaultFallbacks fallbacks of groups that list none
 * @param retryPolicy the global per-error-type retry counts
 * @author llm-router
 */
record RouterSettings(int numRetries, Backoff backoff, Duration timeout, @Nullable Duration streamTimeout,
		@Nullable Duration totalTimeout, RoutingStrategy routingStrategy, int allowedFails, Duration cooldownTime,
		Duration maxCooldownTime, Duration quotaCooldownTime, int maxFallbacks, List<String> defaultFallbacks,
		RetryPolicy retryPolicy) {

	static final int DEFAULT_NUM_RETRIES = 2;

	static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);

	static final int DEFAULT_ALLOWED_FAILS = 3;

	static final Duration DEFAULT_COOLDOWN_TIME = Duration.ofSeconds(5);

	static final Duration DEFAULT_MAX_COOLDOWN_TIME = Duration.ofHours(1);

	static final Duration DEFAULT_QUOTA_COOLDOWN_TIME = Duration.ofHours(1);

	static final int DEFAULT_MAX_FALLBACKS = 5;

	RouterSettings {
		defaultFallbacks = List.copyOf(defaultFallbacks);
	}

}
