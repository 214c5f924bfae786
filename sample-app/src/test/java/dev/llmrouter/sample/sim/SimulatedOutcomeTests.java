package dev.llmrouter.sample.sim;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SimulatedOutcome}: the failure mix is laid out as consecutive shares
 * of [0, 1) in the order rate limit, server error, unavailable, timeout.
 *
 * @author llm-router
 */
class SimulatedOutcomeTests {

	private final SimulatedProviderProperties.Deployment deployment = mix();

	@Test
	void whenRollFallsInRateLimitShareThenRateLimited() {
		assertThat(SimulatedOutcome.draw(this.deployment, () -> 0.05)).isEqualTo(SimulatedOutcome.RATE_LIMITED);
	}

	@Test
	void whenRollFallsInServerErrorShareThenServerError() {
		assertThat(SimulatedOutcome.draw(this.deployment, () -> 0.15)).isEqualTo(SimulatedOutcome.SERVER_ERROR);
	}

	@Test
	void whenRollFallsInUnavailableShareThenUnavailable() {
		assertThat(SimulatedOutcome.draw(this.deployment, () -> 0.25)).isEqualTo(SimulatedOutcome.UNAVAILABLE);
	}

	@Test
	void whenRollFallsInTimeoutShareThenHang() {
		assertThat(SimulatedOutcome.draw(this.deployment, () -> 0.35)).isEqualTo(SimulatedOutcome.HANG);
	}

	@Test
	void whenRollIsPastEveryFailureShareThenAnswer() {
		assertThat(SimulatedOutcome.draw(this.deployment, () -> 0.45)).isEqualTo(SimulatedOutcome.ANSWER);
	}

	@Test
	void whenNoFailureIsConfiguredThenAlwaysAnswer() {
		assertThat(SimulatedOutcome.draw(new SimulatedProviderProperties.Deployment(), () -> 0.0))
			.isEqualTo(SimulatedOutcome.ANSWER);
	}

	private static SimulatedProviderProperties.Deployment mix() {
		SimulatedProviderProperties.Deployment deployment = new SimulatedProviderProperties.Deployment();
		deployment.setRateLimitRate(0.1);
		deployment.setServerErrorRate(0.1);
		deployment.setUnavailableRate(0.1);
		deployment.setTimeoutRate(0.1);
		return deployment;
	}

}
