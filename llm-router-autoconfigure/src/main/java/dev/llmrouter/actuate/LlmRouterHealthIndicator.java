package dev.llmrouter.actuate;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.llmrouter.LlmRouter;
import dev.llmrouter.RouterView;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Health of the router: {@code UP} while every model group has a deployment that is not
 * cooling down, {@code DOWN} otherwise, with the state of each group's deployments as
 * details. It reads the router's {@link RouterView} only and never calls a provider; a
 * router that offers no view is {@code UNKNOWN}, with the reason.
 *
 * @author llm-router
 */
public class LlmRouterHealthIndicator extends AbstractHealthIndicator {

	/** Detail value of a deployment that takes calls. */
	public static final String AVAILABLE = "available";

	/** Detail value of a deployment that cools down. */
	public static final String COOLING_DOWN = "cooling down";

	private final LlmRouter router;

	/**
	 * Create the indicator.
	 * @param router the router
	 */
	public LlmRouterHealthIndicator(LlmRouter router) {
		super("LLM router health check failed");
		this.router = router;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		RouterView view = this.router.view().orElse(null);
		if (view == null) {
			builder.unknown().withDetail("reason", LlmRouterEndpoint.noView(this.router));
			return;
		}
		builder.up();
		for (RouterView.Group group : view.groups().values()) {
			Map<String, String> deployments = new LinkedHashMap<>();
			boolean available = false;
			for (RouterView.Deployment deployment : group.deployments()) {
				boolean up = deployment.available();
				available |= up;
				deployments.put(deployment.id(), up ? AVAILABLE : COOLING_DOWN);
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
