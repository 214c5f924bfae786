package dev.llmrouter.redis.actuate;

import dev.llmrouter.redis.RedisDeploymentStateStore;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * The {@code llmRouterState} health: UP while the Redis store reaches Redis, DOWN while
 * it goes on with local state because Redis is away. Calls do not fail either way; DOWN
 * says that instances no longer share cooldowns and usage until Redis is back.
 *
 * @author llm-router
 */
public class StateStoreHealthIndicator extends AbstractHealthIndicator {

	private final RedisDeploymentStateStore store;

	/**
	 * Create a new indicator.
	 * @param store the store
	 */
	public StateStoreHealthIndicator(RedisDeploymentStateStore store) {
		super("LLM router state store health check failed");
		this.store = store;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		builder.withDetail("store", "redis")
			.withDetail("keyPrefix", this.store.options().keyPrefix())
			.withDetail("instance", this.store.instanceId());
		if (this.store.healthy()) {
			builder.up();
		}
		else {
			builder.down().withDetail("state", "Redis unreachable: going on with this instance's local state");
		}
	}

}
