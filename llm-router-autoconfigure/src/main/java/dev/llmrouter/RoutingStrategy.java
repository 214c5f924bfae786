package dev.llmrouter;

/**
 * How a group picks a deployment for an attempt. Cooling deployments are always skipped,
 * and a retry prefers a deployment other than the one that just failed.
 *
 * @author llm-router
 */
public enum RoutingStrategy {

	/**
	 * Weighted random choice: by {@code weight}, else {@code rpm}, else {@code tpm}, else
	 * uniform.
	 */
	SIMPLE_SHUFFLE,

	/** Each deployment in turn. */
	ROUND_ROBIN,

	/** The deployment with the fewest calls in flight. */
	LEAST_BUSY,

	/** The deployment with the lowest recent latency. */
	LATENCY_BASED,

	/**
	 * The deployment with the most headroom under its {@code rpm}/{@code tpm} for the
	 * current minute; never one that has reached a limit.
	 */
	USAGE_BASED

}
