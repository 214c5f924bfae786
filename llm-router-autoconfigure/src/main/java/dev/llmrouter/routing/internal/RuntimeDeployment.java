package dev.llmrouter.routing.internal;

import java.time.Duration;
import java.time.Instant;

import dev.llmrouter.provider.LlmProvider;
import dev.llmrouter.provider.ProviderEndpoint;
import dev.llmrouter.RouterView;
import dev.llmrouter.routing.SharedDeploymentState;
import org.jspecify.annotations.Nullable;

/**
 * A deployment as the router runs it: its resolved settings, its adapter, its shared
 * state and what this instance counts of it.
 *
 * @author llm-router
 */
final class RuntimeDeployment implements RouterView.LiveState {

	final String group;

	final String id;

	final DeploymentConfig config;

	final ProviderEndpoint endpoint;

	final LlmProvider provider;

	final SharedDeploymentState state;

	final DeploymentCounters counters = new DeploymentCounters();

	final long requestsPerMinute;

	final long tokensPerMinute;

	final String source;

	private final RouterClock clock;

	RuntimeDeployment(String group, DeploymentConfig config, LlmProvider provider, SharedDeploymentState state,
			RouterClock clock) {
		this.group = group;
		this.id = config.id();
		this.config = config;
		this.endpoint = config.endpoint();
		this.provider = provider;
		this.state = state;
		this.clock = clock;
		this.requestsPerMinute = (config.rpm() != null) ? config.rpm() : Long.MAX_VALUE;
		this.tokensPerMinute = (config.tpm() != null) ? config.tpm() : Long.MAX_VALUE;
		this.source = "deployment '" + this.id + "'";
	}

	Duration timeout(@Nullable Duration requestTimeout) {
		return (requestTimeout != null) ? requestTimeout : this.config.timeout();
	}

	Duration streamTimeout(@Nullable Duration requestStreamTimeout, @Nullable Duration requestTimeout) {
		if (requestStreamTimeout != null) {
			return requestStreamTimeout;
		}
		return (this.config.streamTimeout() != null) ? this.config.streamTimeout() : timeout(requestTimeout);
	}

	boolean isCooling(long nowMillis) {
		return this.state.cooldownUntil() > nowMillis;
	}

	boolean isUnderLimits(long nowMillis) {
		return (this.requestsPerMinute == Long.MAX_VALUE
				|| this.state.requestsThisMinute(nowMillis) < this.requestsPerMinute)
				&& (this.tokensPerMinute == Long.MAX_VALUE
						|| this.state.tokensThisMinute(nowMillis) < this.tokensPerMinute);
	}

	@Override
	public boolean available() {
		return !isCooling(this.clock.millis());
	}

	@Override
	public RouterView.DeploymentStatus status() {
		long now = this.clock.millis();
		long until = this.state.cooldownUntil();
		boolean cooling = until > now;
		return new RouterView.DeploymentStatus(this.state.inFlight(), this.counters.successes(),
				this.counters.retries(), this.counters.failures(), (until > 0) ? Instant.ofEpochMilli(until) : null,
				cooling, cooling ? Duration.ofMillis(until - now) : Duration.ZERO);
	}

	@Override
	public String toString() {
		return this.group + "/" + this.id;
	}

}
