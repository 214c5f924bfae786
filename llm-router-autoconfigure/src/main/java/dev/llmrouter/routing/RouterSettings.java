package dev.llmrouter.routing;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.llmrouter.retry.Backoff;
import dev.llmrouter.retry.RetryPolicy;
import org.jspecify.annotations.Nullable;

/**
 * Everything a router is configured with: the global defaults and the model groups. The
 * runtime form of the {@code llm.router.*} properties.
 *
 * @param numRetries retries per group when nothing more specific is set (default 2)
 * @param backoff backoff between retries on the same deployment, with the minimum wait
 * @param timeout attempt timeout (default 10m)
 * @param streamTimeout stream first-chunk and idle timeout, or {@code null} for
 * {@code timeout}
 * @param totalTimeout timeout of a whole call, or {@code null} for none
 * @param routingStrategy how a deployment is picked (default {@code SIMPLE_SHUFFLE})
 * @param allowedFails failures within a minute that cool a deployment down (default 3)
 * @param cooldownTime cooldown when no {@code Retry-After} is given (default 5s)
 * @param maxFallbacks how many fallback groups one call may move to (default 5)
 * @param defaultFallbacks fallbacks of groups that list none
 * @param retryPolicy the global per-error-type retry counts
 * @param groups the model groups by name
 * @author llm-router
 */
public record RouterSettings(int numRetries, Backoff backoff, Duration timeout, @Nullable Duration streamTimeout,
		@Nullable Duration totalTimeout, RoutingStrategy routingStrategy, int allowedFails, Duration cooldownTime,
		int maxFallbacks, List<String> defaultFallbacks, RetryPolicy retryPolicy, Map<String, GroupSettings> groups) {

	/** Default retries per group. */
	public static final int DEFAULT_NUM_RETRIES = 2;

	/** Default attempt timeout. */
	public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);

	/** Default failures within a minute that cool a deployment down. */
	public static final int DEFAULT_ALLOWED_FAILS = 3;

	/** Default cooldown. */
	public static final Duration DEFAULT_COOLDOWN_TIME = Duration.ofSeconds(5);

	/** Default fallback depth. */
	public static final int DEFAULT_MAX_FALLBACKS = 5;

	public RouterSettings {
		Objects.requireNonNull(backoff, "backoff must not be null");
		Objects.requireNonNull(timeout, "timeout must not be null");
		Objects.requireNonNull(routingStrategy, "routingStrategy must not be null");
		Objects.requireNonNull(cooldownTime, "cooldownTime must not be null");
		Objects.requireNonNull(retryPolicy, "retryPolicy must not be null");
		defaultFallbacks = List.copyOf(defaultFallbacks);
		groups = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(groups));
	}

}
