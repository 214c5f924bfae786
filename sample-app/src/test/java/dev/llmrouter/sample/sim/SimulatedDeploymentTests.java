package dev.llmrouter.sample.sim;

import java.util.EnumMap;
import java.util.Map;

import dev.llmrouter.test.Fault;
import dev.llmrouter.test.FaultProfile;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Tests for {@link SimulatedDeployment}: a deployment's {@code sim.*} rates become its
 * fault profile's rates, and its draws are reproducible from the seed.
 *
 * @author llm-router
 */
class SimulatedDeploymentTests {

	private static final int DRAWS = 20_000;

	@Test
	void whenRatesAreSetThenEachFailureComesAtItsShare() {
		Map<Fault, Integer> counts = draws(SimulatedDeployment.profile("a", mix(), 1));
		assertThat(share(counts, Fault.RATE_LIMITED)).isCloseTo(0.1, within(0.01));
		assertThat(share(counts, Fault.SERVER_ERROR)).isCloseTo(0.1, within(0.01));
		assertThat(share(counts, Fault.UNAVAILABLE)).isCloseTo(0.1, within(0.01));
		assertThat(share(counts, Fault.HANG)).isCloseTo(0.1, within(0.01));
		assertThat(share(counts, Fault.NONE)).isCloseTo(0.6, within(0.02));
	}

	@Test
	void whenNoFailureIsConfiguredThenAlwaysAnswer() {
		Map<Fault, Integer> counts = draws(
				SimulatedDeployment.profile("a", new SimulatedProviderProperties.Deployment(), 1));
		assertThat(counts).containsOnlyKeys(Fault.NONE);
	}

	@Test
	void whenSeedIsTheSameThenTheDrawsAreTheSame() {
		FaultProfile first = SimulatedDeployment.profile("a", mix(), 42);
		FaultProfile second = SimulatedDeployment.profile("a", mix(), 42);
		for (int n = 0; n < 1000; n++) {
			assertThat(second.draw(n)).as("draw %d", n).isEqualTo(first.draw(n));
		}
	}

	private static Map<Fault, Integer> draws(FaultProfile profile) {
		Map<Fault, Integer> counts = new EnumMap<>(Fault.class);
		for (int n = 0; n < DRAWS; n++) {
			counts.merge(profile.draw(n), 1, Integer::sum);
		}
		return counts;
	}

	private static double share(Map<Fault, Integer> counts, Fault fault) {
		return counts.getOrDefault(fault, 0) / (double) DRAWS;
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
