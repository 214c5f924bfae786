package dev.llmrouter.routing.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.llmrouter.provider.anthropic.AnthropicProvider;
import dev.llmrouter.provider.openai.OpenAiProvider;
import dev.llmrouter.routing.InvalidRouterConfigurationException;
import org.jspecify.annotations.Nullable;

/**
 * Checks what the builder collected before a router is built, failing on the first
 * problem with the {@code llm.router.*} property that causes it and how to fix it.
 *
 * @author llm-router
 */
final class SettingsValidator {

	private static final String PREFIX = "llm.router.";

	private static final java.util.Set<String> BUILT_IN = java.util.Set.of(OpenAiProvider.OPENAI,
			OpenAiProvider.AZURE_OPENAI, AnthropicProvider.ANTHROPIC);

	private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_.\\-\\[\\]]+)(?::[^}]*)?}");

	private SettingsValidator() {
	}

	static void validate(RouterSettings settings, Map<String, Specs.Group> groups, Collection<String> providers) {
		nonNegative(settings.numRetries(), "num-retries");
		nonNegative(settings.allowedFails(), "allowed-fails");
		nonNegative(settings.maxFallbacks(), "max-fallbacks");
		positive(settings.timeout(), "timeout");
		positive(settings.streamTimeout(), "stream-timeout");
		positive(settings.totalTimeout(), "total-timeout");
		nonNegative(settings.cooldownTime(), "cooldown-time");
		positive(settings.maxCooldownTime(), "max-cooldown-time");
		nonNegative(settings.quotaCooldownTime(), "quota-cooldown-time");
		if (groups.isEmpty()) {
			throw new InvalidRouterConfigurationException(PREFIX + "groups", "no model group is configured",
					"Add at least one group under llm.router.groups with one deployment, or set llm.router.enabled=false.");
		}
		knownGroups(settings.defaultFallbacks(), groups, "default-fallbacks");
		for (Specs.Group group : groups.values()) {
			validate(group, groups, providers);
		}
	}

	private static void validate(Specs.Group group, Map<String, Specs.Group> groups, Collection<String> providers) {
		String path = "groups." + group.name + ".";
		if (group.deployments.isEmpty()) {
			throw new InvalidRouterConfigurationException(PREFIX + path + "deployments",
					"group '" + group.name + "' has no deployments",
					"Add at least one deployment with a provider, model and base-url under " + PREFIX + path
							+ "deployments.<id>.");
		}
		if (group.numRetries != null) {
			nonNegative(group.numRetries, path + "num-retries");
		}
		positive(group.timeout, path + "timeout");
		positive(group.streamTimeout, path + "stream-timeout");
		positive(group.totalTimeout, path + "total-timeout");
		knownGroups(group.fallbacks, groups, path + "fallbacks");
		knownGroups(group.contextWindowFallbacks, groups, path + "context-window-fallbacks");
		knownGroups(group.contentPolicyFallbacks, groups, path + "content-policy-fallbacks");
		for (Specs.Deployment deployment : group.deployments.values()) {
			validate(deployment, path + "deployments." + deployment.id + ".", providers);
		}
	}

	private static void validate(Specs.Deployment deployment, String path, Collection<String> providers) {
		if (!providers.contains(deployment.provider)) {
			throw new InvalidRouterConfigurationException(PREFIX + path + "provider",
					"no provider adapter has the id '" + deployment.provider + "'", "Use one of " + providers
							+ ", or define an LlmProvider bean whose id() is '" + deployment.provider + "'.");
		}
		if (deployment.model == null || deployment.model.isBlank()) {
			throw new InvalidRouterConfigurationException(PREFIX + path + "model", "no model is set",
					"Set the provider's model name, such as gpt-4o.");
		}
		baseUrl(baseUrlOrDefault(deployment), path + "base-url");
		providerSpecific(deployment, path);
		Matcher placeholder = (deployment.apiKey != null) ? PLACEHOLDER.matcher(deployment.apiKey) : null;
		if (placeholder != null && placeholder.find()) {
			// Spring leaves a placeholder it cannot resolve as it is: the provider would
			// get "${NAME}" as the key and answer 401 on every call. Only the name is
			// shown, never the rest of the value.
			String name = placeholder.group(1);
			throw new InvalidRouterConfigurationException(PREFIX + path + "api-key",
					"the API key is the placeholder ${" + name + "}, which was not resolved",
					"Set the environment variable or property " + name
							+ " before starting the application (or remove the api-key if the server needs none).");
		}
		positive(deployment.weight, path + "weight");
		positive(deployment.rpm, path + "rpm");
		positive(deployment.tpm, path + "tpm");
		positive(deployment.timeout, path + "timeout");
		positive(deployment.streamTimeout, path + "stream-timeout");
		nonNegative(deployment.cooldownTime, path + "cooldown-time");
		positive(deployment.maxTokens, path + "max-tokens");
	}

	/**
	 * A deployment's base URL, or its provider's default: only Anthropic's API has one
	 * address for everyone.
	 */
	static @Nullable String baseUrlOrDefault(Specs.Deployment deployment) {
		if (deployment.baseUrl == null && AnthropicProvider.ANTHROPIC.equals(deployment.provider)) {
			return AnthropicProvider.DEFAULT_BASE_URL;
		}
		return deployment.baseUrl;
	}

	/**
	 * A built-in provider's own settings are refused on the other built-in providers,
	 * which would silently ignore them; an application's adapter may read any of them.
	 */
	private static void providerSpecific(Specs.Deployment deployment, String path) {
		String provider = deployment.provider;
		if (!BUILT_IN.contains(provider)) {
			return;
		}
		if (!OpenAiProvider.AZURE_OPENAI.equals(provider)) {
			onlyOn(deployment.azureDeployment, path + "azure-deployment", provider, OpenAiProvider.AZURE_OPENAI);
			onlyOn(deployment.apiVersion, path + "api-version", provider, OpenAiProvider.AZURE_OPENAI);
		}
		else if (deployment.apiVersion != null && deployment.azureDeployment == null) {
			throw new InvalidRouterConfigurationException(PREFIX + path + "api-version",
					"api-version is set but azure-deployment is not: the v1 API (used without azure-deployment) "
							+ "takes no api-version",
					"Set azure-deployment to use the classic deployments path with this api-version, or remove "
							+ "api-version.");
		}
		if (!AnthropicProvider.ANTHROPIC.equals(provider)) {
			onlyOn(deployment.maxTokens, path + "max-tokens", provider, AnthropicProvider.ANTHROPIC);
		}
	}

	private static void onlyOn(@Nullable Object value, String property, String provider, String owner) {
		if (value != null) {
			throw new InvalidRouterConfigurationException(
					PREFIX + property, "it is a setting of provider '" + owner
							+ "', and this deployment's provider is '" + provider + "', which would ignore it",
					"Remove it, or set provider: " + owner + ".");
		}
	}

	/**
	 * The base URL as a URI, if it is an absolute http(s) URL.
	 */
	static URI baseUrl(@Nullable String value, String property) {
		String fix = "Set it to the API's base URL, such as https://api.openai.com/v1.";
		if (value == null || value.isBlank()) {
			throw new InvalidRouterConfigurationException(PREFIX + property, "no base-url is set", fix);
		}
		try {
			URI uri = new URI(value.trim());
			if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
					|| uri.getHost() == null) {
				throw new InvalidRouterConfigurationException(PREFIX + property,
						"'" + value + "' is not an absolute http(s) URL", fix);
			}
			if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
				throw new InvalidRouterConfigurationException(PREFIX + property,
						"'" + uri.getScheme() + "://" + uri.getRawAuthority() + uri.getRawPath()
								+ "' carries a query string or fragment, which the router's request paths would break",
						"Remove it from the base-url: Azure OpenAI's api-version goes in the deployment's "
								+ "api-version (with azure-deployment), other query parameters in a custom LlmProvider.");
			}
			return uri;
		}
		catch (URISyntaxException ex) {
			throw new InvalidRouterConfigurationException(PREFIX + property,
					"'" + value + "' is not a valid URL (" + ex.getReason() + ")", fix);
		}
	}

	private static void knownGroups(List<String> names, Map<String, Specs.Group> groups, String property) {
		for (String name : names) {
			if (!groups.containsKey(name)) {
				throw new InvalidRouterConfigurationException(PREFIX + property,
						"fallback '" + name + "' is not a configured group", "Use one of " + groups.keySet()
								+ " or add a group named '" + name + "' under llm.router.groups.");
			}
		}
	}

	private static void nonNegative(int value, String property) {
		if (value < 0) {
			throw new InvalidRouterConfigurationException(PREFIX + property, "must not be negative, was " + value,
					"Set it to 0 or more.");
		}
	}

	private static void positive(@Nullable Integer value, String property) {
		if (value != null && value <= 0) {
			throw new InvalidRouterConfigurationException(PREFIX + property, "must be positive, was " + value,
					"Set it to 1 or more, or remove it.");
		}
	}

	private static void positive(@Nullable Duration value, String property) {
		if (value != null && (value.isNegative() || value.isZero())) {
			throw new InvalidRouterConfigurationException(PREFIX + property, "must be positive, was " + value,
					"Set a positive duration such as 30s, or remove it.");
		}
	}

	private static void nonNegative(@Nullable Duration value, String property) {
		if (value != null && value.isNegative()) {
			throw new InvalidRouterConfigurationException(PREFIX + property, "must not be negative, was " + value,
					"Set a duration of 0s or more.");
		}
	}

}
