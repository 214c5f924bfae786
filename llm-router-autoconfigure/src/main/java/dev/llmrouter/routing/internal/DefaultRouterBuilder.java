package dev.llmrouter.routing.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;

import dev.llmrouter.LlmRouter;
import dev.llmrouter.observation.LlmRouterListener;
import dev.llmrouter.provider.LlmCredentialsProvider;
import dev.llmrouter.provider.LlmProvider;
import dev.llmrouter.provider.anthropic.AnthropicProvider;
import dev.llmrouter.provider.openai.OpenAiProvider;
import dev.llmrouter.Backoff;
import dev.llmrouter.RetryPolicy;
import dev.llmrouter.routing.DeploymentStateStore;
import dev.llmrouter.routing.InvalidRouterConfigurationException;
import dev.llmrouter.RoutingStrategy;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;
import reactor.core.scheduler.Scheduler;

import org.springframework.web.reactive.function.client.WebClient;

/**
 * The implementation of {@link LlmRouter.Builder}, found by {@link LlmRouter#builder()}
 * through {@link java.util.ServiceLoader}. Not for direct use.
 *
 * @author llm-router
 */
public final class DefaultRouterBuilder implements LlmRouter.Builder {

	private int numRetries = RouterSettings.DEFAULT_NUM_RETRIES;

	private @Nullable Duration retryAfter;

	private Backoff backoff = Backoff.DEFAULTS;

	private Duration timeout = RouterSettings.DEFAULT_TIMEOUT;

	private @Nullable Duration streamTimeout;

	private @Nullable Duration totalTimeout;

	private RoutingStrategy routingStrategy = RoutingStrategy.SIMPLE_SHUFFLE;

	private int allowedFails = RouterSettings.DEFAULT_ALLOWED_FAILS;

	private Duration cooldownTime = RouterSettings.DEFAULT_COOLDOWN_TIME;

	private Duration maxCooldownTime = RouterSettings.DEFAULT_MAX_COOLDOWN_TIME;

	private Duration quotaCooldownTime = RouterSettings.DEFAULT_QUOTA_COOLDOWN_TIME;

	private int maxFallbacks = RouterSettings.DEFAULT_MAX_FALLBACKS;

	private List<String> defaultFallbacks = List.of();

	private RetryPolicy retryPolicy = RetryPolicy.UNSET;

	private final Map<String, Specs.Group> groups = new LinkedHashMap<>();

	private @Nullable Scheduler timer;

	private DoubleSupplier random = () -> ThreadLocalRandom.current().nextDouble();

	private final List<LlmProvider> providers = new ArrayList<>();

	private final List<LlmCredentialsProvider> credentials = new ArrayList<>();

	private final List<LlmRouterListener> listeners = new ArrayList<>();

	private @Nullable DeploymentStateStore stateStore;

	private @Nullable WebClient webClient;

	private @Nullable RetryRegistry retryRegistry;

	private ObservationRegistry observationRegistry = ObservationRegistry.NOOP;

	/**
	 * Create a builder with the defaults of the {@code llm.router.*} properties. Use
	 * {@link LlmRouter#builder()}.
	 */
	public DefaultRouterBuilder() {
	}

	@Override
	public DefaultRouterBuilder numRetries(int numRetries) {
		this.numRetries = numRetries;
		return this;
	}

	@Override
	public DefaultRouterBuilder retryAfter(Duration retryAfter) {
		this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter must not be null");
		return this;
	}

	@Override
	public DefaultRouterBuilder backoff(Backoff backoff) {
		this.backoff = Objects.requireNonNull(backoff, "backoff must not be null");
		return this;
	}

	@Override
	public DefaultRouterBuilder timeout(Duration timeout) {
		this.timeout = Objects.requireNonNull(timeout, "timeout must not be null");
		return this;
	}

	@Override
	public DefaultRouterBuilder streamTimeout(@Nullable Duration streamTimeout) {
		this.streamTimeout = streamTimeout;
		return this;
	}

	@Override
	public DefaultRouterBuilder totalTimeout(@Nullable Duration totalTimeout) {
		this.totalTimeout = totalTimeout;
		return this;
	}

	@Override
	public DefaultRouterBuilder routingStrategy(RoutingStrategy routingStrategy) {
		this.routingStrategy = Objects.requireNonNull(routingStrategy, "routingStrategy must not be null");
		return this;
	}

	@Override
	public DefaultRouterBuilder allowedFails(int allowedFails) {
		this.allowedFails = allowedFails;
		return this;
	}

	@Override
	public DefaultRouterBuilder cooldownTime(Duration cooldownTime) {
		this.cooldownTime = Objects.requireNonNull(cooldownTime, "cooldownTime must not be null");
		return this;
	}

	@Override
	public DefaultRouterBuilder maxCooldownTime(Duration maxCooldownTime) {
		this.maxCooldownTime = Objects.requireNonNull(maxCooldownTime, "maxCooldownTime must not be null");
		return this;
	}

	@Override
	public DefaultRouterBuilder quotaCooldownTime(Duration quotaCooldownTime) {
		this.quotaCooldownTime = Objects.requireNonNull(quotaCooldownTime, "quotaCooldownTime must not be null");
		return this;
	}

	@Override
	public DefaultRouterBuilder maxFallbacks(int maxFallbacks) {
		this.maxFallbacks = maxFallbacks;
		return this;
	}

	@Override
	public DefaultRouterBuilder defaultFallbacks(List<String> defaultFallbacks) {
		this.defaultFallbacks = List.copyOf(defaultFallbacks);
		return this;
	}

	@Override
	public DefaultRouterBuilder retryPolicy(RetryPolicy retryPolicy) {
		this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy must not be null");
		return this;
	}

	@Override
	public DefaultRouterBuilder group(String name, Consumer<LlmRouter.GroupSpec> group) {
		Specs.Group spec = new Specs.Group(name);
		group.accept(spec);
		this.groups.put(name, spec);
		return this;
	}

	@Override
	public DefaultRouterBuilder timer(Scheduler timer) {
		this.timer = Objects.requireNonNull(timer, "timer must not be null");
		return this;
	}

	@Override
	public DefaultRouterBuilder random(DoubleSupplier random) {
		this.random = Objects.requireNonNull(random, "random must not be null");
		return this;
	}

	@Override
	public <T> DefaultRouterBuilder component(Class<T> type, T component) {
		Objects.requireNonNull(type, "type must not be null");
		Objects.requireNonNull(component, "component must not be null");
		if (LlmProvider.class.isAssignableFrom(type)) {
			this.providers.add((LlmProvider) component);
		}
		else if (LlmCredentialsProvider.class.isAssignableFrom(type)) {
			this.credentials.add((LlmCredentialsProvider) component);
		}
		else if (LlmRouterListener.class.isAssignableFrom(type)) {
			this.listeners.add((LlmRouterListener) component);
		}
		else if (DeploymentStateStore.class.isAssignableFrom(type)) {
			this.stateStore = (DeploymentStateStore) component;
		}
		else if (WebClient.class.isAssignableFrom(type)) {
			this.webClient = (WebClient) component;
		}
		else if (RetryRegistry.class.isAssignableFrom(type)) {
			this.retryRegistry = (RetryRegistry) component;
		}
		else if (ObservationRegistry.class.isAssignableFrom(type)) {
			this.observationRegistry = (ObservationRegistry) component;
		}
		else {
			throw new IllegalArgumentException("An LlmRouter takes no component of type " + type.getName()
					+ "; it takes LlmProvider, LlmCredentialsProvider, LlmRouterListener, DeploymentStateStore, WebClient,"
					+ " RetryRegistry" + " and ObservationRegistry");
		}
		return this;
	}

	@Override
	public LlmRouter build() {
		Backoff effectiveBackoff = (this.retryAfter != null) ? new Backoff(this.backoff.initialInterval(),
				this.backoff.multiplier(), this.backoff.maxInterval(), this.backoff.maxRetryAfter(), this.retryAfter)
				: this.backoff;
		RouterSettings settings = new RouterSettings(this.numRetries, effectiveBackoff, this.timeout,
				this.streamTimeout, this.totalTimeout, this.routingStrategy, this.allowedFails, this.cooldownTime,
				this.maxCooldownTime, this.quotaCooldownTime, this.maxFallbacks, this.defaultFallbacks,
				this.retryPolicy);
		Scheduler scheduler = (this.timer != null) ? this.timer : HashedWheelScheduler.INSTANCE;
		RouterClock clock = new RouterClock(this.timer);
		Map<String, LlmProvider> adapters = adapters(scheduler);
		SettingsValidator.validate(settings, this.groups, adapters.keySet());
		List<GroupConfig> groups = new ArrayList<>();
		for (Specs.Group group : this.groups.values()) {
			groups.add(SettingsResolver.group(settings, group));
		}
		DeploymentStateStore store = (this.stateStore != null) ? this.stateStore : DeploymentStateStore.inMemory();
		RetryRegistry registry = (this.retryRegistry != null) ? this.retryRegistry : RetryRegistry.ofDefaults();
		return new DefaultLlmRouter(settings, groups, adapters, store, scheduler, clock, this.random, registry,
				this.listeners, this.observationRegistry);
	}

	/**
	 * The adapters by id: the built-in ones, then those given, a given one replacing a
	 * built-in one of the same id.
	 */
	private Map<String, LlmProvider> adapters(Scheduler scheduler) {
		WebClient client = (this.webClient != null) ? this.webClient : WebClient.create();
		Map<String, LlmProvider> adapters = new LinkedHashMap<>();
		LlmCredentialsProvider tokens = Credentials.of(this.credentials);
		adapters.put(OpenAiProvider.OPENAI, OpenAiProvider.openAi(client, scheduler, tokens));
		adapters.put(OpenAiProvider.AZURE_OPENAI, OpenAiProvider.azureOpenAi(client, scheduler, tokens));
		adapters.put(AnthropicProvider.ANTHROPIC, AnthropicProvider.anthropic(client, scheduler, tokens));
		Map<String, LlmProvider> given = new LinkedHashMap<>();
		for (LlmProvider provider : this.providers) {
			String id = Objects.requireNonNull(provider.id(), () -> provider.getClass().getName() + ".id()");
			LlmProvider other = given.putIfAbsent(id, provider);
			if (other != null) {
				throw new InvalidRouterConfigurationException("llm.router.groups.*.deployments.*.provider",
						"two LlmProvider adapters have the id '" + id + "' (" + other.getClass().getName() + " and "
								+ provider.getClass().getName() + ")",
						"Give each LlmProvider bean an id() of its own: deployments name the one they use by it.");
			}
		}
		adapters.putAll(given);
		return adapters;
	}

}
