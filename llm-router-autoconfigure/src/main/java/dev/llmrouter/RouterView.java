package dev.llmrouter;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

/**
 * A read-only view of a router: its model groups with their effective settings (every
 * inheritance resolved), their deployments, and each deployment's live state. The
 * Actuator endpoint, the health contributor, the availability gauge and
 * {@code @LlmClient} proxies learn what they know of a router from here; get it from
 * {@code LlmRouter.view()}.
 * <p>
 * Reading the view never calls a provider and never blocks. API keys appear only masked.
 *
 * @author llm-router
 */
public interface RouterView {

	/**
	 * The router-wide settings, which groups and deployments inherit.
	 * @return the settings
	 */
	Settings settings();

	/**
	 * The model groups, in configuration order.
	 * @return the groups by name
	 */
	Map<String, Group> groups();

	/**
	 * One model group.
	 * @param name the group name
	 * @return the group, or {@code null} if there is none of that name
	 */
	default @Nullable Group group(String name) {
		return groups().get(name);
	}

	/**
	 * The current time of the router's clock, which cooldowns are measured against.
	 * @return the time
	 */
	Instant now();

	/**
	 * The status of the store deployment state is kept in.
	 * @return the status; a store in this JVM unless the view says otherwise
	 */
	default StateStoreStatus stateStore() {
		return StateStoreStatus.MEMORY;
	}

	/**
	 * End the cooldown of a deployment now, and forget its recent failures. The one
	 * operation of this view that changes anything; the Actuator endpoint's delete
	 * operation calls it.
	 * @param group the group name
	 * @param deployment the deployment id
	 * @return {@code false} if there is no such deployment
	 */
	boolean clearCooldown(String group, String deployment);

	/**
	 * The router-wide settings, as configured.
	 *
	 * @param numRetries retries per group when nothing more specific is set
	 * @param backoff the backoff between retries on the same deployment; its
	 * {@code minimum} is the {@code retry-after}
	 * @param timeout the attempt timeout
	 * @param streamTimeout the stream timeout, or {@code null} for the attempt timeout
	 * @param totalTimeout the timeout of a whole call, or {@code null} for none
	 * @param routingStrategy how a group picks a deployment unless it says otherwise
	 * @param allowedFails failures within a minute that cool a deployment down
	 * @param cooldownTime the cooldown when a failure gives no {@code Retry-After}
	 * @param maxCooldownTime the longest any cooldown from a hint or
	 * {@code cooldown-time} lasts
	 * @param quotaCooldownTime how long a deployment whose quota is spent cools down
	 * @param maxFallbacks how many fallback groups one call may move to
	 * @param defaultFallbacks the fallbacks of groups that list none
	 * @param retryPolicy the global retry policy, fields unset as configured
	 */
	record Settings(int numRetries, Backoff backoff, Duration timeout, @Nullable Duration streamTimeout,
			@Nullable Duration totalTimeout, RoutingStrategy routingStrategy, int allowedFails, Duration cooldownTime,
			Duration maxCooldownTime, Duration quotaCooldownTime, int maxFallbacks, List<String> defaultFallbacks,
			RetryPolicy retryPolicy) {

		public Settings {
			defaultFallbacks = List.copyOf(defaultFallbacks);
		}

	}

	/**
	 * A model group with its effective settings.
	 *
	 * @param name the group name requests address
	 * @param routingStrategy how it picks a deployment
	 * @param numRetries its retry count (not counting the first attempt) for error types
	 * whose policy field is unset
	 * @param retryPolicy the effective retry count of each error type: every field is
	 * set, {@code 0} meaning that type is not retried
	 * @param fallbacks groups tried when it fails (the router's default fallbacks when it
	 * lists none)
	 * @param contextWindowFallbacks groups tried at once when the context window is
	 * exceeded
	 * @param contentPolicyFallbacks groups tried at once when a content filter rejects a
	 * call
	 * @param totalTimeout the timeout of a call that starts here, or {@code null} for
	 * none
	 * @param deployments its deployments, in configuration order
	 */
	record Group(String name, RoutingStrategy routingStrategy, int numRetries, RetryPolicy retryPolicy,
			List<String> fallbacks, List<String> contextWindowFallbacks, List<String> contentPolicyFallbacks,
			@Nullable Duration totalTimeout, List<Deployment> deployments) {

		public Group {
			fallbacks = List.copyOf(fallbacks);
			contextWindowFallbacks = List.copyOf(contextWindowFallbacks);
			contentPolicyFallbacks = List.copyOf(contentPolicyFallbacks);
			deployments = List.copyOf(deployments);
		}

		/**
		 * Whether at least one deployment takes calls now.
		 * @return {@code true} unless every deployment is cooling down
		 */
		public boolean available() {
			for (Deployment deployment : this.deployments) {
				if (deployment.available()) {
					return true;
				}
			}
			return false;
		}

		/**
		 * Whether the group serves embedding calls: every one of its deployments'
		 * adapters does.
		 * @return {@code true} if an embedding call can go to any of its deployments
		 */
		public boolean embeddings() {
			if (this.deployments.isEmpty()) {
				return false;
			}
			for (Deployment deployment : this.deployments) {
				if (!deployment.embeddings()) {
					return false;
				}
			}
			return true;
		}

	}

	/**
	 * A deployment with its effective settings and a handle on its live state.
	 *
	 * @param group the group it belongs to
	 * @param id the deployment id
	 * @param provider the id of the adapter that makes its attempts, such as
	 * {@code openai}
	 * @param model the provider's model name
	 * @param baseUrl the API base URL
	 * @param maskedApiKey the API key masked to its last four characters, or {@code null}
	 * if it has none
	 * @param timeout its attempt timeout
	 * @param streamTimeout its stream first-chunk and idle timeout
	 * @param cooldownTime its cooldown when a failure gives no {@code Retry-After}
	 * @param weight its {@code simple-shuffle} weight, or {@code null}
	 * @param rpm its requests-per-minute limit, or {@code null}
	 * @param tpm its tokens-per-minute limit, or {@code null}
	 * @param live its live state
	 * @param embeddings whether its adapter serves embedding calls
	 */
	record Deployment(String group, String id, String provider, String model, String baseUrl,
			@Nullable String maskedApiKey, List<String> headerNames, Duration timeout, Duration streamTimeout,
			Duration cooldownTime, @Nullable Integer weight, @Nullable Integer rpm, @Nullable Integer tpm,
			LiveState live, boolean embeddings) {

		public Deployment {
			headerNames = List.copyOf(headerNames);
		}

		/**
		 * Whether it takes calls now.
		 * @return {@code false} while it cools down
		 */
		public boolean available() {
			return this.live.available();
		}

		/**
		 * Its live state now.
		 * @return a snapshot
		 */
		public DeploymentStatus status() {
			return this.live.status();
		}

	}

	/**
	 * The live state of one deployment, read without blocking.
	 */
	interface LiveState {

		/**
		 * Whether the deployment takes calls now.
		 * @return {@code false} while it cools down
		 */
		boolean available();

		/**
		 * A snapshot of the state.
		 * @return the snapshot
		 */
		DeploymentStatus status();

	}

	/**
	 * A snapshot of a deployment's live state.
	 *
	 * @param inFlight attempts in flight now (on every instance, with a shared store)
	 * @param successes successful attempts on this instance since start-up
	 * @param retries retries made after failed attempts on it, on this instance since
	 * start-up
	 * @param failures failed attempts on this instance since start-up, by error type name
	 * (such as {@code RATE_LIMIT})
	 * @param cooldownUntil the end of its latest cooldown, or {@code null} if it never
	 * cooled down
	 * @param coolingDown whether it cools down now
	 * @param cooldownRemaining what is left of the cooldown, {@link Duration#ZERO} if
	 * none
	 */
	record DeploymentStatus(int inFlight, long successes, long retries, Map<String, Long> failures,
			@Nullable Instant cooldownUntil, boolean coolingDown, Duration cooldownRemaining) {

		public DeploymentStatus {
			failures = Collections.unmodifiableMap(new TreeMap<>(failures));
		}

	}

}
