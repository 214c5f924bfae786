package dev.llmrouter.observation;

import dev.llmrouter.LlmRouter;
import dev.llmrouter.RouterView;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Registers the gauge {@code llm.router.deployment.available} (tags {@code model.group},
 * {@code deployment}) for every deployment of a router: {@code 1} while it takes calls,
 * {@code 0} while it cools down. It reads the router's {@link RouterView}; reading it
 * asks no provider anything.
 *
 * @author llm-router
 */
public class DeploymentAvailabilityMeterBinder implements MeterBinder {

	/** The name of the gauge. */
	public static final String METER_NAME = "llm.router.deployment.available";

	private static final Log logger = LogFactory.getLog(DeploymentAvailabilityMeterBinder.class);

	private final LlmRouter router;

	/**
	 * Create a binder for a router.
	 * @param router the router; one that offers no {@link RouterView} gets no gauges
	 */
	public DeploymentAvailabilityMeterBinder(LlmRouter router) {
		this.router = router;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		RouterView view = this.router.view().orElse(null);
		if (view == null) {
			logger.info("The LlmRouter " + this.router.getClass().getName()
					+ " offers no RouterView: no llm.router.deployment.available gauges");
			return;
		}
		for (RouterView.Group group : view.groups().values()) {
			for (RouterView.Deployment deployment : group.deployments()) {
				Gauge.builder(METER_NAME, deployment.live(), (live) -> live.available() ? 1 : 0)
					.description("Whether a deployment takes calls (1) or cools down (0)")
					.tags("model.group", group.name(), "deployment", deployment.id())
					.strongReference(true)
					.register(registry);
			}
		}
	}

}
