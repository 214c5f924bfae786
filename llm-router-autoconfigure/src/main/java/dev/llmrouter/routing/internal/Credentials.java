package dev.llmrouter.routing.internal;

import java.util.List;

import dev.llmrouter.provider.LlmCredentialsProvider;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;

/**
 * The credentials providers the router was given, as one: asked in order, the first that
 * serves a deployment wins.
 *
 * @author llm-router
 */
final class Credentials {

	private Credentials() {
	}

	/**
	 * One provider for {@code providers}.
	 * @return the provider, or {@code null} when none was given
	 */
	static @Nullable LlmCredentialsProvider of(List<LlmCredentialsProvider> providers) {
		if (providers.isEmpty()) {
			return null;
		}
		if (providers.size() == 1) {
			return providers.get(0);
		}
		List<LlmCredentialsProvider> all = List.copyOf(providers);
		return (group,
				deployment) -> Flux.fromIterable(all).concatMap((provider) -> provider.token(group, deployment)).next();
	}

}
