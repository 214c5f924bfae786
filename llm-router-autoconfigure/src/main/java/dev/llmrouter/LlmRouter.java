package dev.llmrouter;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;

import dev.llmrouter.observation.LlmRouterListener;
import dev.llmrouter.provider.LlmProvider;
import dev.llmrouter.provider.ProviderType;
import dev.llmrouter.provider.openai.OpenAiProvider;
import dev.llmrouter.retry.Backoff;
import dev.llmrouter.retry.RetryPolicy;
import dev.llmrouter.routing.DefaultLlmRouter;
import dev.llmrouter.routing.DeploymentStateStore;
import dev.llmrouter.routing.GroupSettings;
import dev.llmrouter.routing.RouterClock;
import dev.llmrouter.routing.RouterSettings;
import dev.llmrouter.routing.RoutingStrategy;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

import org.springframework.web.reactive.function.client.WebClient;

/**
 * Routes chat calls across the deployments of model groups, with per-error-type retries,
 * backoff, timeouts, cooldowns and fallbacks.
 * <p>
 * In a Spring Boot application inject the auto-configured bean; elsewhere build one with
 * {@link #builder()}.
 *
 * @author llm-router
 */
public interface LlmRouter {

	/**
	 * Make a call and wait for its answer.
	 * <p>
	 * This method blocks the calling thread. Do not call it on an event-loop thread (a
	 * Netty or WebFlux request thread, or a Reactor {@code parallel} worker): it fails
	 * there with an {@link IllegalStateException}. Use {@link #chatAsync(ChatRequest)}
	 * instead.
	 * @param request the request
	 * @return the response
	 * @throws dev.llmrouter.error.LlmException when the call fails after retries and
	 * fallbacks
	 */
	ChatResponse chat(ChatRequest request);

	/**
	 * Make a call without blocking. The call is lazy: nothing is sent until subscription,
	 * and each subscription is a fresh call.
	 * @param request the request
	 * @return the response, or an {@link dev.llmrouter.error.LlmException}
	 */
	Mono<ChatResponse> chatAsync(ChatRequest request);

	/**
	 * Stream a call as server-sent events, deltas in order. Failures before the first
	 * chunk with content are retried and fall back transparently; after it, the stream
	 * ends with a {@link dev.llmrouter.error.MidStreamException} and is never replayed.
	 * @param request the request
	 * @return the chunks
	 */
	Flux<ChatChunk> stream(ChatRequest request);

	/**
	 * A builder for a router outside Spring, or in unit tests.
	 * @return the builder
	 */
	static Builder builder() {
		return new Builder();
	}

	/**
	 * Builds an {@link LlmRouter} from the same settings as the {@code llm.router.*}
	 * properties.
	 */
	final class Builder {

		private int numRetries = RouterSettings.DEFAULT_NUM_RETRIES;

		private Duration retryAfter = Duration.ZERO;

		private Backoff backoff = Backoff.DEFAULTS;

		private Duration timeout = RouterSettings.DEFAULT_TIMEOUT;

		private @Nullable Duration streamTimeout;

		private @Nullable Duration totalTimeout;

		private RoutingStrategy routingStrategy = RoutingStrategy.SIMPLE_SHUFFLE;

		private int allowedFails = RouterSettings.DEFAULT_ALLOWED_FAILS;

		private Duration cooldownTime = RouterSettings.DEFAULT_COOLDOWN_TIME;

		private int maxFallbacks = RouterSettings.DEFAULT_MAX_FALLBACKS;

		private List<String> defaultFallbacks = List.of();

		private RetryPolicy retryPolicy = RetryPolicy.UNSET;

		private final Map<String, GroupSettings> groups = new LinkedHashMap<>();

		private @Nullable WebClient webClient;

		private @Nullable Scheduler timer;

		private DoubleSupplier random = () -> ThreadLocalRandom.current().nextDouble();

		private @Nullable RetryRegistry retryRegistry;

		private ObservationRegistry observationRegistry = ObservationRegistry.NOOP;

		private DeploymentStateStore stateStore = DeploymentStateStore.inMemory();

		private final List<LlmRouterListener> listeners = new ArrayList<>();

		private final Map<ProviderType, LlmProvider> providers = new EnumMap<>(ProviderType.class);

		Builder() {
		}

		/**
		 * Take every setting from {@code settings}, replacing those set so far (groups
		 * included).
		 * @param settings the settings, such as those bound from {@code llm.router.*}
		 * @return this builder
		 */
		public Builder settings(RouterSettings settings) {
			this.numRetries = settings.numRetries();
			this.retryAfter = settings.backoff().minimum();
			this.backoff = settings.backoff();
			this.timeout = settings.timeout();
			this.streamTimeout = settings.streamTimeout();
			this.totalTimeout = settings.totalTimeout();
			this.routingStrategy = settings.routingStrategy();
			this.allowedFails = settings.allowedFails();
			this.cooldownTime = settings.cooldownTime();
			this.maxFallbacks = settings.maxFallbacks();
			this.defaultFallbacks = settings.defaultFallbacks();
			this.retryPolicy = settings.retryPolicy();
			this.groups.clear();
			this.groups.putAll(settings.groups());
			return this;
		}

		/**
		 * Retries per group (not counting the first attempt) when nothing more specific
		 * is set. Default 2.
		 * @param numRetries the count, {@code 0} to disable retries
		 * @return this builder
		 */
		public Builder numRetries(int numRetries) {
			this.numRetries = numRetries;
			return this;
		}

		/**
		 * Minimum wait before any retry. Default 0.
		 * @param retryAfter the minimum
		 * @return this builder
		 */
		public Builder retryAfter(Duration retryAfter) {
			this.retryAfter = retryAfter;
			return this;
		}

		/**
		 * Backoff between retries on the same deployment (its {@code minimum} is replaced
		 * by {@link #retryAfter(Duration)}).
		 * @param backoff the backoff
		 * @return this builder
		 */
		public Builder backoff(Backoff backoff) {
			this.backoff = backoff;
			return this;
		}

		/**
		 * Attempt timeout. Default 10 minutes.
		 * @param timeout the timeout
		 * @return this builder
		 */
		public Builder timeout(Duration timeout) {
			this.timeout = timeout;
			return this;
		}

		/**
		 * Stream first-chunk and idle timeout. Default: the attempt timeout.
		 * @param streamTimeout the timeout
		 * @return this builder
		 */
		public Builder streamTimeout(@Nullable Duration streamTimeout) {
			this.streamTimeout = streamTimeout;
			return this;
		}

		/**
		 * Timeout of a whole call. Default: none.
		 * @param totalTimeout the timeout
		 * @return this builder
		 */
		public Builder totalTimeout(@Nullable Duration totalTimeout) {
			this.totalTimeout = totalTimeout;
			return this;
		}

		/**
		 * How a deployment is picked in groups that do not choose. Default
		 * {@code SIMPLE_SHUFFLE}.
		 * @param routingStrategy the strategy
		 * @return this builder
		 */
		public Builder routingStrategy(RoutingStrategy routingStrategy) {
			this.routingStrategy = routingStrategy;
			return this;
		}

		/**
		 * Failures within a minute that cool a deployment down. Default 3.
		 * @param allowedFails the count
		 * @return this builder
		 */
		public Builder allowedFails(int allowedFails) {
			this.allowedFails = allowedFails;
			return this;
		}

		/**
		 * Cooldown when the failure gives no {@code Retry-After}. Default 5s.
		 * @param cooldownTime the cooldown
		 * @return this builder
		 */
		public Builder cooldownTime(Duration cooldownTime) {
			this.cooldownTime = cooldownTime;
			return this;
		}

		/**
		 * How many fallback groups one call may move to. Default 5.
		 * @param maxFallbacks the depth
		 * @return this builder
		 */
		public Builder maxFallbacks(int maxFallbacks) {
			this.maxFallbacks = maxFallbacks;
			return this;
		}

		/**
		 * Fallbacks of groups that list none.
		 * @param defaultFallbacks the group names
		 * @return this builder
		 */
		public Builder defaultFallbacks(String... defaultFallbacks) {
			this.defaultFallbacks = List.of(defaultFallbacks);
			return this;
		}

		/**
		 * The global per-error-type retry counts.
		 * @param retryPolicy the policy
		 * @return this builder
		 */
		public Builder retryPolicy(RetryPolicy retryPolicy) {
			this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy must not be null");
			return this;
		}

		/**
		 * Add a model group.
		 * @param group the group
		 * @return this builder
		 */
		public Builder group(GroupSettings group) {
			this.groups.put(group.name(), group);
			return this;
		}

		/**
		 * Add a model group configured by a callback.
		 * @param name the group name requests address
		 * @param customizer configures the group
		 * @return this builder
		 */
		public Builder group(String name, Consumer<GroupSettings.Builder> customizer) {
			GroupSettings.Builder builder = GroupSettings.builder(name);
			customizer.accept(builder);
			return group(builder.build());
		}

		/**
		 * The client requests are sent with. Default: {@code WebClient.create()}.
		 * @param webClient the client
		 * @return this builder
		 */
		public Builder webClient(WebClient webClient) {
			this.webClient = webClient;
			return this;
		}

		/**
		 * The scheduler that waits and timeouts run on, and whose clock the router reads.
		 * Default: a shared 10 ms hashed-wheel timer whose tasks run on Reactor's
		 * parallel scheduler, with the system clock. Tests pass a
		 * {@code VirtualTimeScheduler}.
		 * @param timer the scheduler
		 * @return this builder
		 */
		public Builder timer(Scheduler timer) {
			this.timer = timer;
			return this;
		}

		/**
		 * The source of uniform random numbers in [0, 1) for jitter and shuffling.
		 * @param random the source
		 * @return this builder
		 */
		public Builder random(DoubleSupplier random) {
			this.random = random;
			return this;
		}

		/**
		 * The Resilience4j registry the groups' retries are registered in. Default: a
		 * registry of the router's own.
		 * @param retryRegistry the registry
		 * @return this builder
		 */
		public Builder retryRegistry(RetryRegistry retryRegistry) {
			this.retryRegistry = retryRegistry;
			return this;
		}

		/**
		 * The registry calls are observed in: one
		 * {@code gen_ai.client.operation.duration} observation per call and a child
		 * {@code llm.router.attempt} observation per attempt. Default: none.
		 * @param observationRegistry the registry
		 * @return this builder
		 */
		public Builder observationRegistry(ObservationRegistry observationRegistry) {
			this.observationRegistry = Objects.requireNonNull(observationRegistry,
					"observationRegistry must not be null");
			return this;
		}

		/**
		 * Where deployment state (cooldowns, in-flight calls, usage) lives. Default: in
		 * memory.
		 * @param stateStore the store
		 * @return this builder
		 */
		public Builder stateStore(DeploymentStateStore stateStore) {
			this.stateStore = stateStore;
			return this;
		}

		/**
		 * Add a listener; listeners are notified in the order they were added.
		 * @param listener the listener
		 * @return this builder
		 */
		public Builder listener(LlmRouterListener listener) {
			this.listeners.add(listener);
			return this;
		}

		/**
		 * Use another adapter for a provider type.
		 * @param type the provider type
		 * @param provider the adapter
		 * @return this builder
		 */
		public Builder provider(ProviderType type, LlmProvider provider) {
			this.providers.put(type, provider);
			return this;
		}

		/**
		 * The settings collected so far.
		 * @return the settings
		 */
		public RouterSettings settings() {
			Backoff effectiveBackoff = new Backoff(this.backoff.initialInterval(), this.backoff.multiplier(),
					this.backoff.maxInterval(), this.backoff.maxRetryAfter(), this.retryAfter);
			return new RouterSettings(this.numRetries, effectiveBackoff, this.timeout, this.streamTimeout,
					this.totalTimeout, this.routingStrategy, this.allowedFails, this.cooldownTime, this.maxFallbacks,
					this.defaultFallbacks, this.retryPolicy, this.groups);
		}

		/**
		 * Validate the settings and build the router.
		 * @return the router
		 * @throws dev.llmrouter.routing.InvalidRouterConfigurationException if the
		 * settings cannot work, naming the property
		 */
		public LlmRouter build() {
			WebClient client = (this.webClient != null) ? this.webClient : WebClient.create();
			RetryRegistry registry = (this.retryRegistry != null) ? this.retryRegistry : RetryRegistry.ofDefaults();
			Map<ProviderType, LlmProvider> adapters = new EnumMap<>(ProviderType.class);
			OpenAiProvider openAi = new OpenAiProvider(client, new RouterClock(this.timer));
			adapters.put(ProviderType.OPENAI, openAi);
			adapters.put(ProviderType.AZURE_OPENAI, openAi);
			adapters.putAll(this.providers);
			return new DefaultLlmRouter(settings(), adapters, this.stateStore, this.timer, this.random, registry,
					this.listeners, this.observationRegistry);
		}

	}

}
