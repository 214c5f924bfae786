package dev.llmrouter.routing.internal;

import java.time.Duration;

import dev.llmrouter.error.ErrorType;
import dev.llmrouter.error.LlmException;
import org.jspecify.annotations.Nullable;

/**
 * Decides whether a failed attempt takes its deployment out of rotation, and for how long
 * (CONTRACT §3, "Deployments, routing and cooldowns"): a 429, or a failure that makes
 * {@code allowed-fails} within a minute, cools a deployment whose group has another, for
 * the provider's {@code Retry-After}, else {@code cooldown-time}, never longer than
 * {@code max-cooldown-time}. A spent quota cools its deployment for
 * {@code quota-cooldown-time}, whether or not the group has another, and whatever the
 * provider's hints say (a rate limit's reset headers do not tell when credit is bought);
 * that duration is configured, not a hint, so {@code max-cooldown-time} does not cap it.
 * Errors caused by the request never cool one.
 *
 * @author llm-router
 */
final class Cooldown {

	private Cooldown() {
	}

	/**
	 * Whether a failure of this kind counts towards a cooldown at all.
	 * @param error the failure
	 * @param groupHasOthers whether the deployment's group has another deployment
	 * @return {@code true} if it counts
	 */
	static boolean counts(LlmException error, boolean groupHasOthers) {
		return (groupHasOthers || error.errorType() == ErrorType.QUOTA_EXCEEDED) && error.errorType().coolsDeployment();
	}

	/**
	 * How long the deployment cools down.
	 * @param error the failure
	 * @param recentFailures failures that count within the last minute, this one included
	 * @param allowedFails the failures within a minute that cool a deployment
	 * @param cooldownTime the deployment's cooldown when the failure gives no hint
	 * @param maxCooldownTime the longest cooldown
	 * @param quotaCooldownTime the cooldown after a spent quota
	 * @return the cooldown, or {@code null} for none
	 */
	static @Nullable Duration duration(LlmException error, int recentFailures, int allowedFails, Duration cooldownTime,
			Duration maxCooldownTime, Duration quotaCooldownTime) {
		if (error.errorType() == ErrorType.QUOTA_EXCEEDED) {
			return (quotaCooldownTime.isZero() || quotaCooldownTime.isNegative()) ? null : quotaCooldownTime;
		}
		if (error.errorType() != ErrorType.RATE_LIMIT && recentFailures < allowedFails) {
			return null;
		}
		Duration duration = error.retryAfter().orElse(cooldownTime);
		if (duration.isZero() || duration.isNegative()) {
			return null;
		}
		return (duration.compareTo(maxCooldownTime) > 0) ? maxCooldownTime : duration;
	}

}
