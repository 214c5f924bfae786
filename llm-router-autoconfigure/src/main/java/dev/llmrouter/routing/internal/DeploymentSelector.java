package dev.llmrouter.routing.internal;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoubleSupplier;

import dev.llmrouter.RoutingStrategy;
import org.jspecify.annotations.Nullable;

/**
 * Picks the deployment of a group for the next attempt by the group's
 * {@link RoutingStrategy}. Cooling deployments, and for {@code usage-based} deployments
 * at their limit, are skipped; the deployment to avoid (the one that just failed) is
 * picked only when no other is available.
 *
 * @author llm-router
 */
final class DeploymentSelector {

	private final RoutingStrategy strategy;

	private final DoubleSupplier random;

	private final double[] weights;

	private final AtomicInteger next = new AtomicInteger();

	DeploymentSelector(RoutingStrategy strategy, List<DeploymentConfig> deployments, DoubleSupplier random) {
		this.strategy = strategy;
		this.random = random;
		this.weights = weights(deployments);
	}

	private static double[] weights(List<DeploymentConfig> deployments) {
		double[] weights = new double[deployments.size()];
		boolean byWeight = deployments.stream().anyMatch((d) -> d.weight() != null);
		boolean byRpm = deployments.stream().anyMatch((d) -> d.rpm() != null);
		boolean byTpm = deployments.stream().anyMatch((d) -> d.tpm() != null);
		for (int i = 0; i < weights.length; i++) {
			DeploymentConfig deployment = deployments.get(i);
			Integer value = byWeight ? deployment.weight() : byRpm ? deployment.rpm() : byTpm ? deployment.tpm() : null;
			weights[i] = (value != null) ? value : ((byWeight || byRpm || byTpm) ? 0 : 1);
		}
		return weights;
	}

	RoutingStrategy strategy() {
		return this.strategy;
	}

	@Nullable RuntimeDeployment select(List<RuntimeDeployment> deployments, @Nullable RuntimeDeployment avoid, long nowMillis) {
		if (deployments.size() == 1) {
			RuntimeDeployment only = deployments.get(0);
			return isAvailable(only, nowMillis) ? only : null;
		}
		RuntimeDeployment chosen = choose(deployments, avoid, nowMillis);
		if (chosen == null && avoid != null && isAvailable(avoid, nowMillis)) {
			return avoid;
		}
		return chosen;
	}

	private boolean isAvailable(RuntimeDeployment deployment, long nowMillis) {
		return !deployment.isCooling(nowMillis)
				&& (this.strategy != RoutingStrategy.USAGE_BASED || deployment.isUnderLimits(nowMillis));
	}

	private boolean isCandidate(RuntimeDeployment deployment, @Nullable RuntimeDeployment avoid, long nowMillis) {
		return deployment != avoid && isAvailable(deployment, nowMillis);
	}

	private @Nullable RuntimeDeployment choose(List<RuntimeDeployment> deployments, @Nullable RuntimeDeployment avoid,
			long nowMillis) {
		return switch (this.strategy) {
			case SIMPLE_SHUFFLE -> shuffle(deployments, avoid, nowMillis);
			case ROUND_ROBIN -> roundRobin(deployments, avoid, nowMillis);
			case LEAST_BUSY -> lowest(deployments, avoid, nowMillis, (d) -> d.state.inFlight());
			case LATENCY_BASED -> lowest(deployments, avoid, nowMillis, (d) -> d.counters.averageLatencyNanos());
			case USAGE_BASED -> lowest(deployments, avoid, nowMillis, (d) -> usage(d, nowMillis));
		};
	}

	private @Nullable RuntimeDeployment shuffle(List<RuntimeDeployment> deployments, @Nullable RuntimeDeployment avoid,
			long nowMillis) {
		double total = 0;
		for (int i = 0; i < deployments.size(); i++) {
			if (isCandidate(deployments.get(i), avoid, nowMillis)) {
				total += this.weights[i];
			}
		}
		if (total <= 0) {
			return roundRobin(deployments, avoid, nowMillis);
		}
		double point = this.random.getAsDouble() * total;
		RuntimeDeployment last = null;
		for (int i = 0; i < deployments.size(); i++) {
			RuntimeDeployment deployment = deployments.get(i);
			if (isCandidate(deployment, avoid, nowMillis) && this.weights[i] > 0) {
				last = deployment;
				point -= this.weights[i];
				if (point < 0) {
					return deployment;
				}
			}
		}
		return last;
	}

	private @Nullable RuntimeDeployment roundRobin(List<RuntimeDeployment> deployments,
			@Nullable RuntimeDeployment avoid, long nowMillis) {
		int size = deployments.size();
		int start = Math.floorMod(this.next.getAndIncrement(), size);
		for (int i = 0; i < size; i++) {
			RuntimeDeployment deployment = deployments.get((start + i) % size);
			if (isCandidate(deployment, avoid, nowMillis)) {
				return deployment;
			}
		}
		return null;
	}

	private @Nullable RuntimeDeployment lowest(List<RuntimeDeployment> deployments, @Nullable RuntimeDeployment avoid,
			long nowMillis, Score score) {
		RuntimeDeployment best = null;
		double bestScore = Double.MAX_VALUE;
		int size = deployments.size();
		int start = Math.floorMod(this.next.getAndIncrement(), size);
		for (int i = 0; i < size; i++) {
			RuntimeDeployment deployment = deployments.get((start + i) % size);
			if (isCandidate(deployment, avoid, nowMillis)) {
				double value = score.of(deployment);
				if (value < bestScore) {
					best = deployment;
					bestScore = value;
				}
			}
		}
		return best;
	}

	private static double usage(RuntimeDeployment deployment, long nowMillis) {
		double requests = (deployment.requestsPerMinute == Long.MAX_VALUE) ? 0
				: (double) deployment.state.requestsThisMinute(nowMillis) / deployment.requestsPerMinute;
		double tokens = (deployment.tokensPerMinute == Long.MAX_VALUE) ? 0
				: (double) deployment.state.tokensThisMinute(nowMillis) / deployment.tokensPerMinute;
		return Math.max(requests, tokens);
	}

	@FunctionalInterface
	private interface Score {

		double of(RuntimeDeployment deployment);

	}

}
