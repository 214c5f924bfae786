package dev.llmrouter;

import java.util.Map;
import java.util.Objects;

/**
 * What a {@link DeploymentStateStore} reports about itself, for the {@code llmrouter}
 * endpoint: its kind and whether it reaches what it shares state through. A store that
 * does not stays usable, on its local view.
 *
 * @param kind the kind of store, such as {@code memory} or {@code redis}
 * @param available whether the store reaches its backend (always {@code true} in memory)
 * @param details more about it (a key prefix, an instance id); never secrets
 * @author llm-router
 */
public record StateStoreStatus(String kind, boolean available, Map<String, Object> details) {

	/** The status of a store in this JVM. */
	public static final StateStoreStatus MEMORY = new StateStoreStatus("memory", true, Map.of());

	/**
	 * Create a new status.
	 * @param kind the kind of store
	 * @param available whether it reaches its backend
	 * @param details more about it
	 */
	public StateStoreStatus {
		Objects.requireNonNull(kind, "kind must not be null");
		details = Map.copyOf(details);
	}

}
