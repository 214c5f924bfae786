package dev.llmrouter.routing.internal;

import java.util.List;

import dev.llmrouter.error.ErrorType;
import dev.llmrouter.Backoff;
import dev.llmrouter.RoutingStrategy;
import org.jspecify.annotations.Nullable;

/**
 * A model group as the router runs it: its resolved settings, its deployments, how it
 * picks one, and its Resilience4j retry.
 *
 * @author llm-router
 */
final class RuntimeGroup implements GroupView<RuntimeDeployment> {

	final String name;

	final GroupConfig config;

	final List<RuntimeDeployment> deployments;

	final DeploymentSelector selector;

	final GroupRetry retry;

	final boolean usageBased;

	private final Backoff backoff;

	RuntimeGroup(GroupConfig config, List<RuntimeDeployment> deployments, DeploymentSelector selector, GroupRetry retry,
			Backoff backoff) {
		this.name = config.name();
		this.config = config;
		this.deployments = List.copyOf(deployments);
		this.selector = selector;
		this.retry = retry;
		this.backoff = backoff;
		this.usageBased = config.routingStrategy() == RoutingStrategy.USAGE_BASED;
	}

	boolean hasOtherDeployments() {
		return this.deployments.size() > 1;
	}

	@Override
	public String name() {
		return this.name;
	}

	@Override
	public int retries(ErrorType type, @Nullable Integer requestNumRetries) {
		return this.config.retryCounts().count(type, requestNumRetries);
	}

	@Override
	public Backoff backoff() {
		return this.backoff;
	}

	@Override
	public boolean hasContextWindowFallbacks() {
		return !this.config.contextWindowFallbacks().isEmpty();
	}

	@Override
	public boolean hasContentPolicyFallbacks() {
		return !this.config.contentPolicyFallbacks().isEmpty();
	}

	@Override
	public @Nullable RuntimeDeployment pick(@Nullable RuntimeDeployment avoid, long nowMillis) {
		return this.selector.select(this.deployments, avoid, nowMillis);
	}

	@Override
	public long nextAvailableMillis(long nowMillis) {
		long earliest = Long.MAX_VALUE;
		for (RuntimeDeployment deployment : this.deployments) {
			long available = Math.max(deployment.state.cooldownUntil(), nowMillis);
			if (this.usageBased && !deployment.isUnderLimits(nowMillis)) {
				available = Math.max(available, (Math.floorDiv(nowMillis, 60_000) + 1) * 60_000);
			}
			earliest = Math.min(earliest, available);
		}
		return earliest;
	}

	@Override
	public String toString() {
		return this.name;
	}

}
