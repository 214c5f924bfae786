package dev.llmrouter.routing;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.llmrouter.provider.ProviderType;
import org.jspecify.annotations.Nullable;

/**
 * Checks {@link RouterSettings} before a router is built, failing on the first problem
 * with the property that causes it.
 *
 * @author llm-router
 */
final class SettingsValidator {

	private static final String PREFIX = "llm.router.";

	private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_.\\-\\[\\]]+)(?::[^}]*)?}");

	private SettingsValidator() {
	}

	static void validate(RouterSettings settings) {
		nonNegative(settings.numRetries(), "num-retries");
		nonNegative(settings.allowedFails(), "allowed-fails");
		nonNegative(settings.maxFallbacks(), "max-fallbacks");
		positive(settings.timeout(), "timeout");
		positive(settings.streamTimeout(), "stream-timeout");
		positive(settings.totalTimeout(), "total-timeout");
		nonNegative(settings.cooldownTime(), "cooldown-time");
		if (settings.groups().isEmpty()) {
			throw new InvalidRouterConfigurationException(PREFIX + "groups", "no model group is configured",
					"Add at least one group under llm.router.groups with one deployment, or set llm.router.enabled=false.");
		}
		knownGroups(settings.defaultFallbacks(), settings.groups(), "default-fallbacks");
		for (GroupSettings group : settings.groups().values()) {
			validate(group, settings.groups());
		}
	}

	private static void validate(GroupSettings group, Map<String, GroupSettings> groups) {
		String path = "groups." + group.name() + ".";
		if (group.deployments().isEmpty()) {
			throw new InvalidRouterConfigurationException(PREFIX + path + "deployments",
					"group '" + group.name() + "' has no deployments",
					"Add at least one deployment with a provider, model and base-url under " + PREFIX + path
							+ "deployments.<id>.");
		}
		if (group.numRetries() != null) {
			nonNegative(group.numRetries(), path + "num-retries");
		}
		positive(group.timeout(), path + "timeout");
		positive(group.streamTimeout(), path + "stream-timeout");
		positive(group.totalTimeout(), path + "total-timeout");
		knownGroups(group.fallbacks(), groups, path + "fallbacks");
		knownGroups(group.contextWindowFallbacks(), groups, path + "context-window-fallbacks");
		knownGroups(group.contentPolicyFallbacks(), groups, path + "content-policy-fallbacks");
		for (DeploymentSettings deployment : group.deployments()) {
			validate(deployment, path + "deployments." + deployment.id() + ".");
		}
	}

	private static void validate(DeploymentSettings deployment, String path) {
		if (deployment.endpoint().type() == ProviderType.ANTHROPIC) {
			throw new InvalidRouterConfigurationException(PREFIX + path + "provider",
					"provider 'anthropic' is not supported by this version of llm-router",
					"Use provider 'openai' (any OpenAI-compatible server, including gateways in front of Anthropic) or 'azure-openai'.");
		}
		String scheme = deployment.endpoint().baseUrl().getScheme();
		if (scheme == null || !(scheme.equals("http") || scheme.equals("https"))
				|| deployment.endpoint().baseUrl().getHost() == null) {
			throw new InvalidRouterConfigurationException(PREFIX + path + "base-url",
					"'" + deployment.endpoint().baseUrl() + "' is not an absolute http(s) URL",
					"Set it to the API's base URL, such as https://api.openai.com/v1.");
		}
		if (deployment.endpoint().model().isBlank()) {
			throw new InvalidRouterConfigurationException(PREFIX + path + "model", "the model name is empty",
					"Set the provider's model name, such as gpt-4o.");
		}
		Matcher placeholder = (deployment.endpoint().apiKey() != null)
				? PLACEHOLDER.matcher(deployment.endpoint().apiKey()) : null;
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
		positive(deployment.weight(), path + "weight");
		positive(deployment.rpm(), path + "rpm");
		positive(deployment.tpm(), path + "tpm");
		positive(deployment.timeout(), path + "timeout");
		positive(deployment.streamTimeout(), path + "stream-timeout");
		nonNegative(deployment.cooldownTime(), path + "cooldown-time");
	}

	private static void knownGroups(List<String> names, Map<String, GroupSettings> groups, String property) {
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
