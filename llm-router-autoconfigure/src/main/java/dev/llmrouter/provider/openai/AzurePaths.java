package dev.llmrouter.provider.openai;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.llmrouter.provider.ProviderEndpoint;

/**
 * The request URIs of Azure OpenAI deployments, computed once per endpoint:
 * <ul>
 * <li>with {@code azure-deployment}, the classic path
 * {@code {base-url}/openai/deployments/{azure-deployment}/chat/completions?api-version={api-version}}
 * (and {@code /embeddings}), the api-version defaulting to
 * {@value #DEFAULT_API_VERSION};</li>
 * <li>without it, the v1 API: {@code {base-url}/openai/v1/chat/completions}, or
 * {@code {base-url}/chat/completions} when the base-url already ends in
 * {@code /openai/v1}.</li>
 * </ul>
 *
 * @author llm-router
 */
final class AzurePaths {

	/** The api-version of the classic path when the deployment sets none. */
	static final String DEFAULT_API_VERSION = "2024-10-21";

	/**
	 * Endpoints remembered at most: a router makes one per deployment; a caller that
	 * makes one per call must not grow the map for ever.
	 */
	private static final int MAX_ENDPOINTS = 1024;

	private final Map<ProviderEndpoint, Paths> paths = new ConcurrentHashMap<>();

	URI chat(ProviderEndpoint endpoint) {
		return paths(endpoint).chat();
	}

	URI embeddings(ProviderEndpoint endpoint) {
		return paths(endpoint).embeddings();
	}

	private Paths paths(ProviderEndpoint endpoint) {
		Paths paths = this.paths.get(endpoint);
		if (paths == null) {
			if (this.paths.size() >= MAX_ENDPOINTS) {
				this.paths.clear();
			}
			paths = this.paths.computeIfAbsent(endpoint, AzurePaths::of);
		}
		return paths;
	}

	static Paths of(ProviderEndpoint endpoint) {
		String base = endpoint.baseUrl().toString();
		while (base.endsWith("/")) {
			base = base.substring(0, base.length() - 1);
		}
		String deployment = endpoint.azureDeployment();
		if (deployment != null) {
			String version = (endpoint.apiVersion() != null) ? endpoint.apiVersion() : DEFAULT_API_VERSION;
			String prefix = base + "/openai/deployments/" + encode(deployment);
			String query = "?api-version=" + encode(version);
			return new Paths(URI.create(prefix + "/chat/completions" + query),
					URI.create(prefix + "/embeddings" + query));
		}
		String v1 = base.endsWith("/openai/v1") ? base : base + "/openai/v1";
		return new Paths(URI.create(v1 + "/chat/completions"), URI.create(v1 + "/embeddings"));
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
	}

	record Paths(URI chat, URI embeddings) {

	}

}
