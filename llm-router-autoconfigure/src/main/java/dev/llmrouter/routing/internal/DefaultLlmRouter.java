package dev.llmrouter.routing.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.DoubleSupplier;

import dev.llmrouter.ChatChunk;
import dev.llmrouter.ChatRequest;
import dev.llmrouter.ChatResponse;
import dev.llmrouter.EmbeddingRequest;
import dev.llmrouter.EmbeddingResponse;
import dev.llmrouter.LlmRouter;
import dev.llmrouter.error.ErrorType;
import dev.llmrouter.error.LlmException;
import dev.llmrouter.error.LlmTimeoutException;
import dev.llmrouter.error.NotFoundException;
import dev.llmrouter.error.internal.FailureClassifier;
import dev.llmrouter.observation.LlmRouterListener;
import dev.llmrouter.provider.LlmProvider;
import dev.llmrouter.provider.ProviderError;
import dev.llmrouter.provider.ProviderErrorException;
import dev.llmrouter.routing.DeploymentStateStore;
import dev.llmrouter.RouterView;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The router: runs every call through one attempt loop ({@link RoutedCall}) over the
 * groups it was built with. Build one with {@link LlmRouter#builder()}.
 *
 * @author llm-router
 */
final class DefaultLlmRouter implements LlmRouter {

	private static final Log logger = LogFactory.getLog(DefaultLlmRouter.class);

	final RouterSettings settings;

	final Scheduler timer;

	final RouterClock clock;

	final DoubleSupplier random;

	final Listeners listeners;

	final RouterObservations observations;

	private final Map<String, RuntimeGroup> groups;

	private final EngineView view;

	DefaultLlmRouter(RouterSettings settings, List<GroupConfig> groups, Map<String, LlmProvider> providers,
			DeploymentStateStore store, Scheduler timer, RouterClock clock, DoubleSupplier random,
			RetryRegistry retryRegistry, List<LlmRouterListener> listeners, ObservationRegistry observationRegistry) {
		this.settings = settings;
		this.timer = timer;
		this.clock = clock;
		this.random = random;
		this.listeners = new Listeners(listeners);
		this.observations = new RouterObservations(observationRegistry);
		Map<String, RuntimeGroup> runtimeGroups = new LinkedHashMap<>();
		for (GroupConfig group : groups) {
			List<RuntimeDeployment> deployments = new ArrayList<>();
			for (DeploymentConfig deployment : group.deployments()) {
				deployments.add(
						new RuntimeDeployment(group.name(), deployment, providers.get(deployment.endpoint().provider()),
								store.state(group.name(), deployment.id()), clock));
			}
			runtimeGroups.put(group.name(),
					new RuntimeGroup(group, deployments,
							new DeploymentSelector(group.routingStrategy(), group.deployments(), random),
							GroupRetry.register(group, settings.backoff(), retryRegistry), settings.backoff()));
		}
		this.groups = runtimeGroups;
		this.view = new EngineView(settings, this.groups, clock, store);
	}

	@Override
	public ChatResponse chat(ChatRequest request) {
		return block(chatAsync(request), "chat", "chatAsync(..) or stream(..)", request);
	}

	@Override
	public Mono<ChatResponse> chatAsync(ChatRequest request) {
		return new RoutedMono<>(this, request, ChatOperation::new);
	}

	@Override
	public Flux<ChatChunk> stream(ChatRequest request) {
		return new RoutedFlux<>(this, request, StreamOperation::new);
	}

	@Override
	public EmbeddingResponse embed(EmbeddingRequest request) {
		return block(embedAsync(request), "embed", "embedAsync(..)", request);
	}

	@Override
	public Mono<EmbeddingResponse> embedAsync(EmbeddingRequest request) {
		return new RoutedMono<>(this, request, EmbeddingOperation::new);
	}

	/**
	 * Wait for a call's answer, on a thread that may block.
	 */
	private static <T> T block(Mono<T> call, String method, String instead, Object request) {
		if (Schedulers.isInNonBlockingThread()) {
			throw new IllegalStateException("LlmRouter." + method + "(..) blocks and cannot run on the non-blocking"
					+ " thread " + Thread.currentThread().getName() + "; use " + instead + " there");
		}
		CompletableFuture<T> future = call.toFuture();
		try {
			return future.get();
		}
		catch (InterruptedException ex) {
			future.cancel(true);
			Thread.currentThread().interrupt();
			throw new CancellationException("Interrupted while waiting for " + request);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof RuntimeException runtimeException) {
				throw runtimeException;
			}
			throw new IllegalStateException(ex.getCause());
		}
	}

	@Override
	public Optional<RouterView> view() {
		return Optional.of(this.view);
	}

	/**
	 * Run one call for a subscriber.
	 */
	<T> void run(Operation<T> operation, CoreSubscriber<? super T> actual) {
		RuntimeGroup group = this.groups.get(operation.group());
		if (group == null) {
			Operators.error(actual, new NotFoundException(
					"No model group named '" + operation.group() + "'; configured groups are " + this.groups.keySet(),
					0, null, null));
			return;
		}
		new RoutedCall<>(this, operation, group, actual).start();
	}

	@Nullable RuntimeGroup group(String name) {
		return this.groups.get(name);
	}

	/**
	 * Classify the failure of an attempt, once: the adapter's own classification of a
	 * provider's error first, then the shared one.
	 */
	LlmException classify(Throwable failure, RuntimeDeployment deployment) {
		if (failure instanceof LlmException error) {
			return error;
		}
		if (failure instanceof ProviderErrorException providerFailure) {
			ProviderError error = providerFailure.error();
			return FailureClassifier.classify(error, adapterType(deployment, error), deployment.source, this.clock);
		}
		if (failure instanceof TimeoutException) {
			return new LlmTimeoutException("Attempt on " + deployment.source + " timed out: " + failure.getMessage(), 0,
					null, failure);
		}
		return FailureClassifier.classify(failure, deployment.source);
	}

	private static @Nullable ErrorType adapterType(RuntimeDeployment deployment, ProviderError error) {
		try {
			return deployment.provider.classify(error);
		}
		catch (RuntimeException ex) {
			logger.warn("LlmProvider '" + deployment.provider.id() + "' failed to classify an error; the shared"
					+ " classification applies", ex);
			return null;
		}
	}

	/**
	 * Where a call goes after a group failed with {@code error}.
	 */
	List<String> fallbacks(RuntimeGroup group, LlmException error, boolean primary,
			@Nullable List<String> requestFallbacks) {
		GroupConfig config = group.config;
		if (error.errorType() == ErrorType.CONTEXT_WINDOW_EXCEEDED && !config.contextWindowFallbacks().isEmpty()) {
			return config.contextWindowFallbacks();
		}
		if (error.errorType() == ErrorType.CONTENT_POLICY_VIOLATION && !config.contentPolicyFallbacks().isEmpty()) {
			return config.contentPolicyFallbacks();
		}
		if (primary && requestFallbacks != null) {
			return requestFallbacks;
		}
		return config.fallbacks();
	}

}
