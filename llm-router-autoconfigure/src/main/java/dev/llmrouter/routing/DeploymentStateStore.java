package dev.llmrouter.routing;

import dev.llmrouter.StateStoreStatus;

/**
 * Where the router keeps the deployment state that several instances of an application
 * may share: cooldowns, the failures that lead to them, requests and tokens per minute,
 * and attempts in flight. The router asks for each deployment's handle once, at start-up,
 * so looking it up costs nothing per call.
 * <p>
 * The in-memory store, the default, keeps the state in this JVM. A shared store (such as
 * the one in {@code llm-router-redis}) lets every instance see the cooldowns, usage and
 * leases of the others. State that stays with each instance (latency averages, the
 * counters the Actuator endpoint shows) is not kept here.
 *
 * @author llm-router
 */
@FunctionalInterface
public interface DeploymentStateStore {

	/**
	 * The shared state of a deployment.
	 * @param group the model group
	 * @param deployment the deployment id
	 * @return the state's handle
	 */
	SharedDeploymentState state(String group, String deployment);

	/**
	 * What the store reports about itself, for the {@code llmrouter} endpoint.
	 * @return the status: by default, a store in this JVM
	 */
	default StateStoreStatus status() {
		return StateStoreStatus.MEMORY;
	}

	/**
	 * A store that keeps state in this JVM.
	 * @return a new in-memory store
	 */
	static DeploymentStateStore inMemory() {
		return new InMemoryDeploymentStateStore();
	}

}
