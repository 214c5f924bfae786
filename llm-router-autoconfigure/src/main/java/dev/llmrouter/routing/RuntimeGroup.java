package dev.llmrouter.routing;

import java.time.Duration;
import java.util.List;

import dev.llmrouter.retry.GroupRetry;
import org.jspecify.annotations.Nullable;

/**
 * A model group as the router runs it.
 *
 * @author llm-router
 */
final class RuntimeGroup {

	final String name;

	final GroupSettings settings;

	final List<RuntimeDeployment> deployments;

	final DeploymentSelector selector;

	final GroupRetry retry;

	final @Nullable Duration totalTimeout;

	RuntimeGroup(GroupSettings settings, List<RuntimeDeployment> deployments, DeploymentSelector selector,
			GroupRetry retry, @Nullable Duration totalTimeout) {
		this.name = settings.name();
		this.settings = settings;
		this.deployments = List.copyOf(deployments);
		this.selector = selector;
		this.retry = retry;
		this.totalTimeout = totalTimeout;
	}

	boolean hasOtherDeployments() {
		return this.deployments.size() > 1;
	}

	/**
	 * When the first deployment becomes available again.
	 * @param nowMillis the current time
	 * @return epoch milliseconds
	 */
	long nextAvailableMillis(long nowMillis) {
		long earliest = Long.MAX_VALUE;
		for (RuntimeDeployment deployment : this.deployments) {
			long available = Math.max(deployment.state.cooldownUntil(), nowMillis);
			if (!deployment.isUnderLimits(nowMillis)) {
				available = Math.max(available, (nowMillis / 60_000 + 1) * 60_000);
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
