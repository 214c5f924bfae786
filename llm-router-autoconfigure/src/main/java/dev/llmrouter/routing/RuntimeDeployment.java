package dev.llmrouter.routing;

import java.time.Duration;

import dev.llmrouter.ChatRequest;
import dev.llmrouter.provider.LlmProvider;
import dev.llmrouter.provider.ProviderEndpoint;
import org.jspecify.annotations.Nullable;

/**
 * A deployment as the router runs it: settings resolved against its group and the router,
 * its provider and its live state.
 *
 * @author llm-router
 */
final class RuntimeDeployment {

	final String group;

	final String id;

	final DeploymentSettings settings;

	final ProviderEndpoint endpoint;

	final LlmProvider provider;

	final DeploymentState state;

	final Duration timeout;

	final @Nullable Duration streamTimeout;

	final Duration cooldownTime;

	final long requestsPerMinute;

	final long tokensPerMinute;

	RuntimeDeployment(String group, DeploymentSettings settings, LlmProvider provider, DeploymentState state,
			Duration timeout, @Nullable Duration streamTimeout, Duration cooldownTime) {
		this.group = group;
		this.id = settings.id();
		this.settings = settings;
		this.endpoint = settings.endpoint();
		this.provider = provider;
		this.state = state;
		this.timeout = timeout;
		this.streamTimeout = streamTimeout;
		this.cooldownTime = cooldownTime;
		this.requestsPerMinute = (settings.rpm() != null) ? settings.rpm() : Long.MAX_VALUE;
		this.tokensPerMinute = (settings.tpm() != null) ? settings.tpm() : Long.MAX_VALUE;
	}

	Duration timeout(ChatRequest request) {
		return (request.timeout() != null) ? request.timeout() : this.timeout;
	}

	Duration streamTimeout(ChatRequest request) {
		if (request.streamTimeout() != null) {
			return request.streamTimeout();
		}
		return (this.streamTimeout != null) ? this.streamTimeout : timeout(request);
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
	public String toString() {
		return this.group + "/" + this.id;
	}

}
