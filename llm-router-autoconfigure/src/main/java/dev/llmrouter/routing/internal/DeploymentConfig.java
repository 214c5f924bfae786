package dev.llmrouter.routing.internal;

import java.time.Duration;

import dev.llmrouter.provider.ProviderEndpoint;
import org.jspecify.annotations.Nullable;

/**
 * A deployment with every setting resolved against its group's and the router's.
 *
 * @param endpoint where and how to call it
 * @param weight its {@code simple-shuffle} weight, or {@code null}
 * @param rpm its requests-per-minute limit, or {@code null}
 * @param tpm its tokens-per-minute limit, or {@code null}
 * @param timeout its attempt timeout
 * @param streamTimeout its stream timeout, or {@code null} for the attempt timeout in
 * force (a request's own {@code timeout} included)
 * @param cooldownTime its cooldown when a failure gives no {@code Retry-After}
 * @author llm-router
 */
record DeploymentConfig(ProviderEndpoint endpoint, @Nullable Integer weight, @Nullable Integer rpm,
		@Nullable Integer tpm, Duration timeout, @Nullable Duration streamTimeout, Duration cooldownTime) {

	String id() {
		return this.endpoint.deploymentId();
	}

}
