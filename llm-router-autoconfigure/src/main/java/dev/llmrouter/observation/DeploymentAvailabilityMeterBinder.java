package dev.llmrouter.observation;

import dev.llmrouter.LlmRouter;
import dev.llmrouter.routing.DefaultLlmRouter;
import dev.llmrouter.routing.DeploymentSettings;
import dev.llmrouter.routing.DeploymentState;
import dev.llmrouter.routing.GroupSettings;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;

/**
 * Registers the gauge {@code llm.router.deployment.available} (tags {@code model.group},
 * {@code deployment}) for every deployment of a router: {@code 1} while it takes calls,
 * {@code 0} while it cools down. Reading it asks no provider anything.
 *
 * @author llm-router
 */
public class DeploymentAvailabilityMeterBinder implements MeterBinder {

	/** The name of the gauge. */
	public static final String METER_NAME = "llm.router.deployment.available";

	private final @Nullable DefaultLlmRouter router;

	/**
	 * Create a binder for a router.
	 * @param router the router; one that is not a {@link DefaultLlmRouter} gets no gauges
	 */
	public DeploymentAvailabilityMeterBinder(LlmRouter router) {
		this.router = (router instanceof DefaultLlmRouter defaultRouter) ? defaultRouter : null;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		DefaultLlmRouter router = this.router;
		if (router == null) {
			return;
		}
		for (GroupSettings group : router.settings().groups().values()) {
			for (DeploymentSettings deployment : group.deployments()) {
				DeploymentState state = router.state(group.name(), deployment.id());
				if (state != null) {
					Gauge.builder(METER_NAME, state, (candidate) -> available(router, candidate))
						.description("Whether a deployment takes calls (1) or cools down (0)")
						.tags("model.group", group.name(), "deployment", deployment.id())
						.strongReference(true)
						.register(registry);
				}
			}
		}
	}

	private static double available(DefaultLlmRouter router, DeploymentState state) {
		return (state.cooldownUntil() > router.currentTimeMillis()) ? 0 : 1;
	}

}
