package dev.llmrouter.actuate;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.llmrouter.LlmRouter;
import dev.llmrouter.routing.DefaultLlmRouter;
import dev.llmrouter.routing.DeploymentSettings;
import dev.llmrouter.routing.DeploymentState;
import dev.llmrouter.routing.GroupSettings;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Health of the router: {@code UP} while every model group has a deployment that is not
 * cooling down, {@code DOWN} otherwise, with the state of each group's deployments as
 * details. It reads the router's state only and never calls a provider.
 *
 * @author llm-router
 */
public class LlmRouterHealthIndicator extends AbstractHealthIndicator {

	/** Detail value of a deployment that takes calls. */
	public static final String AVAILABLE = "available";

	/** Detail value of a deployment that cools down. */
	public static final String COOLING_DOWN = "cooling down";

	private final @Nullable DefaultLlmRouter router;

	/**
	 * Create the indicator.
	 * @param router the router; one that is not a {@link DefaultLlmRouter} is reported
	 * {@code UP} with no details
	 */
	public LlmRouterHealthIndicator(LlmRouter router) {
		super("LLM router health check failed");
		this.router = (router instanceof DefaultLlmRouter defaultRouter) ? defaultRouter : null;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		builder.up();
		if (this.router == null) {
			return;
		}
		long now = this.router.currentTimeMillis();
		for (GroupSettings group : this.router.settings().groups().values()) {
			Map<String, String> deployments = new LinkedHashMap<>();
			boolean available = false;
			for (DeploymentSettings deployment : group.deployments()) {
				DeploymentState state = this.router.state(group.name(), deployment.id());
				boolean cooling = state != null && state.cooldownUntil() > now;
				available |= !cooling;
				deployments.put(deployment.id(), cooling ? COOLING_DOWN : AVAILABLE);
			}
			if (!available) {
				builder.down();
			}
			Map<String, Object> detail = new LinkedHashMap<>();
			detail.put("available", available);
			detail.put("deployments", deployments);
			builder.withDetail(group.name(), detail);
		}
	}

}
