package dev.llmrouter.routing;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import java.util.function.Function;

import dev.llmrouter.ChatChunk;
import dev.llmrouter.ChatResponse;
import dev.llmrouter.error.LlmException;
import dev.llmrouter.observation.AttemptObservationContext;
import dev.llmrouter.observation.ChatObservationContext;
import dev.llmrouter.observation.DefaultAttemptObservationConvention;
import dev.llmrouter.observation.DefaultChatObservationConvention;
import dev.llmrouter.observation.LlmRouterObservationDocumentation;
import dev.llmrouter.provider.ProviderType;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.context.ContextView;

/**
 * Wraps routed calls in a {@link LlmRouterObservationDocumentation#CHAT} observation and
 * their attempts in child {@link LlmRouterObservationDocumentation#ATTEMPT} observations.
 * Each observation is put in the Reactor context, so the HTTP client's own observation
 * nests under its attempt.
 *
 * @author llm-router
 */
final class RouterObservations {

	private static final String CHAT = "chat";

	private static final DefaultChatObservationConvention CHAT_CONVENTION = new DefaultChatObservationConvention();

	private static final DefaultAttemptObservationConvention ATTEMPT_CONVENTION = new DefaultAttemptObservationConvention();

	private final ObservationRegistry registry;

	private final BiFunction<Throwable, RuntimeDeployment, LlmException> classifier;

	/**
	 * Create the observations of a router.
	 * @param registry the registry, possibly a no-op one
	 * @param classifier how the router classifies a failed attempt
	 */
	RouterObservations(ObservationRegistry registry,
			BiFunction<Throwable, RuntimeDeployment, LlmException> classifier) {
		this.registry = registry;
		this.classifier = classifier;
	}

	boolean isOff() {
		return this.registry.isNoop();
	}

	Mono<ChatResponse> chat(RoutedCall call, Mono<ChatResponse> result) {
		return Mono.deferContextual((reactorContext) -> {
			Observation observation = start(call, reactorContext);
			if (observation.isNoop()) {
				return result;
			}
			ChatObservationContext context = (ChatObservationContext) observation.getContext();
			Runnable stop = stopOnce(observation);
			return result.doOnSuccess((response) -> {
				if (response != null) {
					context.setResponse(response);
				}
				stop.run();
			}).doOnError((error) -> {
				failed(observation, context, error);
				stop.run();
			})
				.doOnCancel(stop)
				.contextWrite((writable) -> writable.put(ObservationThreadLocalAccessor.KEY, observation));
		});
	}

	Flux<ChatChunk> stream(RoutedCall call, Flux<ChatChunk> result) {
		return Flux.deferContextual((reactorContext) -> {
			Observation observation = start(call, reactorContext);
			if (observation.isNoop()) {
				return result;
			}
			ChatObservationContext context = (ChatObservationContext) observation.getContext();
			Runnable stop = stopOnce(observation);
			return result.doOnNext((chunk) -> {
				if (chunk.usage() != null) {
					context.setUsage(chunk.usage());
				}
			}).doOnComplete(() -> {
				context.setMetadata(call.metadata());
				stop.run();
			}).doOnError((error) -> {
				failed(observation, context, error);
				stop.run();
			})
				.doOnCancel(stop)
				.contextWrite((writable) -> writable.put(ObservationThreadLocalAccessor.KEY, observation));
		});
	}

	/**
	 * Observe an attempt if its call is observed.
	 * @return the transformation of the attempt; the identity (no allocation) when the
	 * call is not observed
	 */
	Function<Mono<ChatResponse>, Mono<ChatResponse>> attempt(RoutedCall call, RuntimeDeployment deployment) {
		Observation parent = call.observation;
		if (parent == null) {
			return Function.identity();
		}
		return (attempt) -> Mono.defer(() -> {
			Observation observation = startAttempt(call, deployment, parent);
			if (observation.isNoop()) {
				return attempt;
			}
			AttemptObservationContext context = (AttemptObservationContext) observation.getContext();
			Runnable stop = stopOnce(observation);
			return attempt.doOnSuccess((response) -> {
				if (response != null) {
					context.setResponseModel(response.model());
				}
				stop.run();
			}).doOnError((failure) -> {
				attemptFailed(observation, context, this.classifier.apply(failure, deployment));
				stop.run();
			})
				.doOnCancel(stop)
				.contextWrite((writable) -> writable.put(ObservationThreadLocalAccessor.KEY, observation));
		});
	}

	/**
	 * Observe a streaming attempt if its call is observed.
	 * @return the transformation of the attempt; the identity (no allocation) when the
	 * call is not observed
	 */
	Function<Flux<ChatChunk>, Flux<ChatChunk>> streamAttempt(RoutedCall call, RuntimeDeployment deployment) {
		Observation parent = call.observation;
		if (parent == null) {
			return Function.identity();
		}
		return (attempt) -> Flux.defer(() -> {
			Observation observation = startAttempt(call, deployment, parent);
			if (observation.isNoop()) {
				return attempt;
			}
			AttemptObservationContext context = (AttemptObservationContext) observation.getContext();
			Runnable stop = stopOnce(observation);
			return attempt.doOnComplete(stop).doOnError((failure) -> {
				attemptFailed(observation, context, this.classifier.apply(failure, deployment));
				stop.run();
			})
				.doOnCancel(stop)
				.contextWrite((writable) -> writable.put(ObservationThreadLocalAccessor.KEY, observation));
		});
	}

	private Observation start(RoutedCall call, ContextView reactorContext) {
		Observation parent = reactorContext.getOrDefault(ObservationThreadLocalAccessor.KEY,
				this.registry.getCurrentObservation());
		ChatObservationContext context = new ChatObservationContext(CHAT, call.request.model());
		Observation observation = LlmRouterObservationDocumentation.CHAT
			.observation(null, CHAT_CONVENTION, () -> context, this.registry)
			.parentObservation(parent)
			.start();
		if (!observation.isNoop()) {
			call.observation = observation;
		}
		return observation;
	}

	private Observation startAttempt(RoutedCall call, RuntimeDeployment deployment, Observation parent) {
		String system = system(deployment.endpoint.type());
		String model = deployment.endpoint.model();
		((ChatObservationContext) parent.getContext()).attemptStarted(system, model);
		AttemptObservationContext context = new AttemptObservationContext(CHAT, deployment.group, deployment.id, system,
				model, call.metadata().attempts().size() + 1);
		return LlmRouterObservationDocumentation.ATTEMPT
			.observation(null, ATTEMPT_CONVENTION, () -> context, this.registry)
			.parentObservation(parent)
			.start();
	}

	/**
	 * Stop an observation on the first of completion, error or cancellation, before the
	 * signal reaches the subscriber.
	 */
	private static Runnable stopOnce(Observation observation) {
		AtomicBoolean stopped = new AtomicBoolean();
		return () -> {
			if (stopped.compareAndSet(false, true)) {
				observation.stop();
			}
		};
	}

	private static void failed(Observation observation, ChatObservationContext context, Throwable error) {
		if (error instanceof LlmException llmException) {
			context.setMetadata(llmException.metadata());
		}
		observation.error(error);
	}

	private static void attemptFailed(Observation observation, AttemptObservationContext context, LlmException error) {
		context.setStatus(error.statusCode().orElse(0));
		observation.error(error);
	}

	/**
	 * The OpenTelemetry {@code gen_ai.system} of a provider type.
	 */
	static String system(ProviderType type) {
		return switch (type) {
			case OPENAI -> "openai";
			case AZURE_OPENAI -> "az.ai.openai";
			case ANTHROPIC -> "anthropic";
		};
	}

}
