package dev.llmrouter.sample.sim;

import java.util.function.DoubleSupplier;

/**
 * How the simulated provider answers one request.
 *
 * @author llm-router
 */
enum SimulatedOutcome {

	/** A normal completion. */
	ANSWER,

	/** HTTP 429 with Retry-After. */
	RATE_LIMITED,

	/** HTTP 500. */
	SERVER_ERROR,

	/** HTTP 503. */
	UNAVAILABLE,

	/** No answer until long after the router's timeout. */
	HANG;

	/**
	 * Draw an outcome from a deployment's failure mix.
	 * @param deployment the simulated deployment
	 * @param random uniform random numbers in [0, 1)
	 * @return the outcome
	 */
	static SimulatedOutcome draw(SimulatedProviderProperties.Deployment deployment, DoubleSupplier random) {
		double roll = random.getAsDouble();
		double bound = deployment.getRateLimitRate();
		if (roll < bound) {
			return RATE_LIMITED;
		}
		bound += deployment.getServerErrorRate();
		if (roll < bound) {
			return SERVER_ERROR;
		}
		bound += deployment.getUnavailableRate();
		if (roll < bound) {
			return UNAVAILABLE;
		}
		bound += deployment.getTimeoutRate();
		return (roll < bound) ? HANG : ANSWER;
	}

}
