package dev.llmrouter.routing;

/**
 * Where the router keeps deployment state. The router asks once per deployment at
 * start-up and keeps the handle, so lookups cost nothing per call. Replace the in-memory
 * default with a shared implementation to let several instances share cooldowns and
 * usage.
 *
 * @author llm-router
 */
@FunctionalInterface
public interface DeploymentStateStore {

	/**
	 * The state of a deployment.
	 * @param group the model group
	 * @param deployment the deployment id
	 * @return the live state
	 */
	DeploymentState state(String group, String deployment);

	/**
	 * A store that keeps state in this JVM.
	 * @return a new in-memory store
	 */
	static DeploymentStateStore inMemory() {
		return new InMemoryDeploymentStateStore();
	}

}
