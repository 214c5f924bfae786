package dev.llmrouter;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

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
	 * @throws RuntimeException a {@code dev.llmrouter.error.LlmException} when the call
	 * fails after retries and fallbacks
	 */
	ChatResponse chat(ChatRequest request);

	/**
	 * Make a call without blocking. The call is lazy: nothing is sent until subscription,
	 * and each subscription is a fresh call.
	 * @param request the request
	 * @return the response, or a {@code dev.llmrouter.error.LlmException}
	 */
	Mono<ChatResponse> chatAsync(ChatRequest request);

	/**
	 * Stream a call as server-sent events, deltas in order. Failures before the first
	 * chunk with content are retried and fall back transparently; after it, the stream
	 * ends with a {@code dev.llmrouter.error.MidStreamException} and is never replayed.
	 * @param request the request
	 * @return the chunks
	 */
	Flux<ChatChunk> stream(ChatRequest request);

	/**
	 * Embed texts and wait for the vectors. Retries, backoff, cooldowns, fallbacks,
	 * timeouts, meters and listeners apply exactly as to chat calls.
	 * <p>
	 * This method blocks the calling thread; do not call it on an event-loop thread. Use
	 * {@link #embedAsync(EmbeddingRequest)} there.
	 * @param request the request
	 * @return the embeddings, in input order
	 * @throws RuntimeException a {@code dev.llmrouter.error.LlmException} when the call
	 * fails after retries and fallbacks
	 */
	default EmbeddingResponse embed(EmbeddingRequest request) {
		return embedAsync(request).block();
	}

	/**
	 * Embed texts without blocking. Lazy, like {@link #chatAsync(ChatRequest)}.
	 * @param request the request
	 * @return the embeddings, or a {@code dev.llmrouter.error.LlmException}
	 */
	default Mono<EmbeddingResponse> embedAsync(EmbeddingRequest request) {
		return Mono.error(() -> new UnsupportedOperationException(getClass().getName() + " does not embed"));
	}

	/**
	 * The read-only view of this router's groups, effective settings and live state, as
	 * the Actuator endpoint, health, meters and {@code @LlmClient} proxies read it.
	 * Routers that wrap another should return the view of the router they wrap.
	 * @return the view, or empty if this router offers none (the default)
	 */
	default Optional<RouterView> view() {
		return Optional.empty();
	}

	/**
	 * A builder for a router outside Spring, or in unit tests.
	 * @return the builder
	 * @throws IllegalStateException if no router implementation is on the class path
	 */
	static Builder builder() {
		return ServiceLoader.load(Builder.class, LlmRouter.class.getClassLoader())
			.findFirst()
			.orElseThrow(() -> new IllegalStateException(
					"No LlmRouter implementation on the class path: add llm-router-autoconfigure"));
	}

	/**
	 * Builds an {@link LlmRouter} from the same settings as the {@code llm.router.*}
	 * properties. Settings left unset keep the defaults those properties document.
	 */
	interface Builder {

		/**
		 * Retries per group (not counting the first attempt) when nothing more specific
		 * is set. Default 2.
		 * @param numRetries the count, {@code 0} to disable retries
		 * @return this builder
		 */
		Builder numRetries(int numRetries);

		/**
		 * Minimum wait before any retry. Default 0.
		 * @param retryAfter the minimum
		 * @return this builder
		 */
		Builder retryAfter(Duration retryAfter);

		/**
		 * Backoff between retries on the same deployment. Default 2s, ×2.0, at most 60s,
		 * server hints up to 60s. Its {@code minimum} is replaced by
		 * {@link #retryAfter(Duration)} when that is set.
		 * @param backoff the backoff
		 * @return this builder
		 */
		Builder backoff(Backoff backoff);

		/**
		 * Attempt timeout. Default 10 minutes.
		 * @param timeout the timeout
		 * @return this builder
		 */
		Builder timeout(Duration timeout);

		/**
		 * Stream first-chunk and idle timeout. Default: the attempt timeout.
		 * @param streamTimeout the timeout, or {@code null} for the attempt timeout
		 * @return this builder
		 */
		Builder streamTimeout(@Nullable Duration streamTimeout);

		/**
		 * Timeout of a whole call. Default: none.
		 * @param totalTimeout the timeout, or {@code null} for none
		 * @return this builder
		 */
		Builder totalTimeout(@Nullable Duration totalTimeout);

		/**
		 * How a deployment is picked in groups that do not choose. Default
		 * {@link RoutingStrategy#SIMPLE_SHUFFLE}.
		 * @param routingStrategy the strategy
		 * @return this builder
		 */
		Builder routingStrategy(RoutingStrategy routingStrategy);

		/**
		 * Failures within a minute that cool a deployment down. Default 3.
		 * @param allowedFails the count
		 * @return this builder
		 */
		Builder allowedFails(int allowedFails);

		/**
		 * Cooldown when the failure gives no {@code Retry-After}. Default 5s.
		 * @param cooldownTime the cooldown
		 * @return this builder
		 */
		Builder cooldownTime(Duration cooldownTime);

		/**
		 * The longest any cooldown lasts, whatever a provider's hint says. Default 1h.
		 * @param maxCooldownTime the cap
		 * @return this builder
		 */
		Builder maxCooldownTime(Duration maxCooldownTime);

		/**
		 * How long a deployment whose quota or credit is spent
		 * ({@code QuotaExceededException}) stays out of rotation, whether or not its
		 * group has another deployment. A configured duration, not a provider's hint, so
		 * {@link #maxCooldownTime(Duration)} does not cap it; zero turns the cooldown
		 * off. Default 1h.
		 * @param quotaCooldownTime the cooldown
		 * @return this builder
		 */
		Builder quotaCooldownTime(Duration quotaCooldownTime);

		/**
		 * How many fallback groups one call may move to. Default 5.
		 * @param maxFallbacks the depth
		 * @return this builder
		 */
		Builder maxFallbacks(int maxFallbacks);

		/**
		 * Fallbacks of groups that list none.
		 * @param defaultFallbacks the group names
		 * @return this builder
		 */
		Builder defaultFallbacks(List<String> defaultFallbacks);

		/**
		 * The global per-error-type retry counts. Default: no field set.
		 * @param retryPolicy the policy
		 * @return this builder
		 */
		Builder retryPolicy(RetryPolicy retryPolicy);

		/**
		 * Add a model group configured by a callback, replacing one of the same name.
		 * @param name the group name requests address
		 * @param group configures the group
		 * @return this builder
		 */
		Builder group(String name, Consumer<GroupSpec> group);

		/**
		 * The scheduler that waits and timeouts run on, and whose clock the router reads.
		 * Default: a shared 10 ms hashed-wheel timer whose tasks run on Reactor's
		 * parallel scheduler, with the system clock. Tests pass a
		 * {@code VirtualTimeScheduler}.
		 * @param timer the scheduler
		 * @return this builder
		 */
		Builder timer(Scheduler timer);

		/**
		 * The source of uniform random numbers in [0, 1) for jitter and shuffling.
		 * Default: {@code ThreadLocalRandom}.
		 * @param random the source
		 * @return this builder
		 */
		Builder random(DoubleSupplier random);

		/**
		 * Hand the router one of the components it is built from. The types taken are
		 * those of the router's extension points and collaborators:
		 * <ul>
		 * <li>{@code LlmProvider} (the provider SPI): an adapter, added under its
		 * {@code id()}; one with a built-in id ({@code openai}, {@code azure-openai},
		 * {@code anthropic}) replaces that adapter. Several may be given.
		 * <li>{@code LlmCredentialsProvider}: bearer tokens for deployments that
		 * authenticate with short-lived tokens (Entra ID); asked in the order given, the
		 * first that serves a deployment wins. Several may be given.
		 * <li>{@code LlmRouterListener}: notified of every event, in the order given.
		 * Several may be given.
		 * <li>{@code DeploymentStateStore}: where deployment state is shared (default: in
		 * memory).
		 * <li>Spring's {@code WebClient}: the client requests are sent with (default: one
		 * of the router's own, which never follows redirects).
		 * <li>a {@code RetryRegistry}: where each group's retry is registered (default: a
		 * registry of the router's own).
		 * <li>Micrometer's {@code ObservationRegistry}: where calls and attempts are
		 * observed (default: none).
		 * </ul>
		 * @param <T> the component type
		 * @param type the component type, one of those above
		 * @param component the component
		 * @return this builder
		 * @throws IllegalArgumentException if the router takes no component of that type
		 */
		<T> Builder component(Class<T> type, T component);

		/**
		 * Validate the settings and build the router.
		 * @return the router
		 * @throws dev.llmrouter.routing.InvalidRouterConfigurationException if the
		 * settings cannot work, naming the property
		 */
		LlmRouter build();

	}

	/**
	 * The settings of one model group. Unset settings inherit the router's.
	 */
	interface GroupSpec {

		/**
		 * Add a deployment configured by a callback, replacing one of the same id.
		 * @param id the deployment id, used in metrics, logs and the endpoint
		 * @param deployment configures the deployment
		 * @return this spec
		 */
		GroupSpec deployment(String id, Consumer<DeploymentSpec> deployment);

		/**
		 * Retries (not counting the first attempt) for this group.
		 * @param numRetries the count, or {@code null} to inherit
		 * @return this spec
		 */
		GroupSpec numRetries(@Nullable Integer numRetries);

		/**
		 * Per-error-type retry counts, overriding the router's policy field by field.
		 * @param retryPolicy the policy
		 * @return this spec
		 */
		GroupSpec retryPolicy(RetryPolicy retryPolicy);

		/**
		 * Groups to try, in order, when this one fails.
		 * @param fallbacks the group names
		 * @return this spec
		 */
		GroupSpec fallbacks(String... fallbacks);

		/**
		 * Groups to try at once when the context window is exceeded.
		 * @param fallbacks the group names
		 * @return this spec
		 */
		GroupSpec contextWindowFallbacks(String... fallbacks);

		/**
		 * Groups to try at once when a content filter rejects the call.
		 * @param fallbacks the group names
		 * @return this spec
		 */
		GroupSpec contentPolicyFallbacks(String... fallbacks);

		/**
		 * How a deployment is picked.
		 * @param routingStrategy the strategy, or {@code null} to inherit
		 * @return this spec
		 */
		GroupSpec routingStrategy(@Nullable RoutingStrategy routingStrategy);

		/**
		 * Attempt timeout.
		 * @param timeout the timeout, or {@code null} to inherit
		 * @return this spec
		 */
		GroupSpec timeout(@Nullable Duration timeout);

		/**
		 * Stream first-chunk and idle timeout.
		 * @param streamTimeout the timeout, or {@code null} to inherit
		 * @return this spec
		 */
		GroupSpec streamTimeout(@Nullable Duration streamTimeout);

		/**
		 * Timeout of a whole call that starts in this group.
		 * @param totalTimeout the timeout, or {@code null} to inherit
		 * @return this spec
		 */
		GroupSpec totalTimeout(@Nullable Duration totalTimeout);

	}

	/**
	 * The settings of one deployment. Unset settings inherit the group's, then the
	 * router's.
	 */
	interface DeploymentSpec {

		/**
		 * The id of the provider adapter that makes its attempts. Default {@code openai}.
		 * @param provider the provider id, such as {@code openai} or {@code azure-openai}
		 * @return this spec
		 */
		DeploymentSpec provider(String provider);

		/**
		 * The provider's model name, sent in the request.
		 * @param model the model, such as {@code gpt-4o}
		 * @return this spec
		 */
		DeploymentSpec model(String model);

		/**
		 * The API base URL.
		 * @param baseUrl the URL, such as {@code https://api.openai.com/v1}
		 * @return this spec
		 */
		DeploymentSpec baseUrl(String baseUrl);

		/**
		 * The API key.
		 * @param apiKey the key, or {@code null} for servers that need none
		 * @return this spec
		 */
		DeploymentSpec apiKey(@Nullable String apiKey);

		/**
		 * An extra request header.
		 * @param name the header name
		 * @param value the value
		 * @return this spec
		 */
		DeploymentSpec header(String name, String value);

		/**
		 * Extra request headers.
		 * @param headers the headers by name
		 * @return this spec
		 */
		DeploymentSpec headers(Map<String, String> headers);

		/**
		 * Relative share for {@code simple-shuffle}.
		 * @param weight the weight, or {@code null}
		 * @return this spec
		 */
		DeploymentSpec weight(@Nullable Integer weight);

		/**
		 * Requests per minute the deployment allows.
		 * @param rpm the limit, or {@code null} for none
		 * @return this spec
		 */
		DeploymentSpec rpm(@Nullable Integer rpm);

		/**
		 * Tokens per minute the deployment allows.
		 * @param tpm the limit, or {@code null} for none
		 * @return this spec
		 */
		DeploymentSpec tpm(@Nullable Integer tpm);

		/**
		 * Attempt timeout for this deployment.
		 * @param timeout the timeout, or {@code null} to inherit
		 * @return this spec
		 */
		DeploymentSpec timeout(@Nullable Duration timeout);

		/**
		 * Stream first-chunk and idle timeout for this deployment.
		 * @param streamTimeout the timeout, or {@code null} to inherit
		 * @return this spec
		 */
		DeploymentSpec streamTimeout(@Nullable Duration streamTimeout);

		/**
		 * Cooldown for this deployment when the failure gives no {@code Retry-After}.
		 * @param cooldownTime the cooldown, or {@code null} to inherit
		 * @return this spec
		 */
		DeploymentSpec cooldownTime(@Nullable Duration cooldownTime);

		/**
		 * Whether a stream asks this deployment to report token usage at its end
		 * ({@code stream_options: {"include_usage": true}}). Default {@code true}; turn
		 * it off for OpenAI-compatible servers that reject the option. A request's
		 * {@code param("stream_options", ..)} replaces the option either way.
		 * @param streamUsage {@code false} to send no {@code stream_options}
		 * @return this spec
		 */
		DeploymentSpec streamUsage(boolean streamUsage);

		/**
		 * The {@code max_tokens} sent when a request sets none. Anthropic deployments
		 * only: the Messages API requires it (default 4096).
		 * @param maxTokens the default maximum of output tokens, or {@code null} for the
		 * adapter's default
		 * @return this spec
		 */
		DeploymentSpec maxTokens(@Nullable Integer maxTokens);

		/**
		 * The Azure OpenAI deployment name: calls go to the classic
		 * {@code {base-url}/openai/deployments/{name}/chat/completions?api-version=..}
		 * path. Azure OpenAI deployments only; without it they use the v1 API.
		 * @param azureDeployment the deployment name, or {@code null} for the v1 API
		 * @return this spec
		 */
		DeploymentSpec azureDeployment(@Nullable String azureDeployment);

		/**
		 * The {@code api-version} of Azure OpenAI's classic deployments path (default
		 * {@code 2024-10-21}). Azure OpenAI deployments with an
		 * {@link #azureDeployment(String) azure-deployment} only.
		 * @param apiVersion the API version, or {@code null} for the default
		 * @return this spec
		 */
		DeploymentSpec apiVersion(@Nullable String apiVersion);

	}

}
