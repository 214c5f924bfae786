package dev.llmrouter.routing.internal;

import dev.llmrouter.CallMetadata;
import dev.llmrouter.error.LlmException;
import dev.llmrouter.observation.AttemptObservationContext;
import dev.llmrouter.observation.ChatObservationContext;
import dev.llmrouter.observation.DefaultAttemptObservationConvention;
import dev.llmrouter.observation.DefaultChatObservationConvention;
import dev.llmrouter.observation.LlmRouterObservationDocumentation;
import dev.llmrouter.provider.openai.OpenAiProvider;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import org.jspecify.annotations.Nullable;
import reactor.util.context.Context;
import reactor.util.context.ContextView;

/**
 * Observes calls, whatever their operation: a
 * {@link LlmRouterObservationDocumentation#CHAT} observation per call and a child
 * {@link LlmRouterObservationDocumentation#ATTEMPT} observation per attempt. The
 * attempt's observation is put in the Reactor context its request runs with, so the HTTP
 * client's own observation nests under it. With a no-op registry nothing is created.
 *
 * @author llm-router
 */
final class RouterObservations {

	private static final DefaultChatObservationConvention CHAT_CONVENTION = new DefaultChatObservationConvention();

	private static final DefaultAttemptObservationConvention ATTEMPT_CONVENTION = new DefaultAttemptObservationConvention();

	private final ObservationRegistry registry;

	RouterObservations(ObservationRegistry registry) {
		this.registry = registry;
	}

	boolean isOff() {
		return this.registry.isNoop();
	}

	/**
	 * Start the observation of a call.
	 * @param operation the GenAI operation, such as {@code chat}
	 * @param group the group the call asks for
	 * @param context the subscriber's context, whose observation becomes the parent
	 * @return the observation, or {@code null} when calls are not observed
	 */
	@Nullable Observation startCall(String operation, String group, ContextView context) {
		if (isOff()) {
			return null;
		}
		Observation parent = context.getOrDefault(ObservationThreadLocalAccessor.KEY,
				this.registry.getCurrentObservation());
		ChatObservationContext observed = new ChatObservationContext(operation, group);
		Observation observation = LlmRouterObservationDocumentation.CHAT
			.observation(null, CHAT_CONVENTION, () -> observed, this.registry)
			.parentObservation(parent)
			.start();
		return observation.isNoop() ? null : observation;
	}

	/**
	 * Start the observation of an attempt.
	 * @param call the call's observation
	 * @param operation the GenAI operation
	 * @param deployment the deployment
	 * @param number the attempt's number within the call, from 1
	 * @return the observation, or {@code null} when attempts are not observed
	 */
	@Nullable Observation startAttempt(Observation call, String operation, RuntimeDeployment deployment, int number) {
		String system = system(deployment.endpoint.provider());
		String model = deployment.endpoint.model();
		((ChatObservationContext) call.getContext()).attemptStarted(system, model);
		AttemptObservationContext context = new AttemptObservationContext(operation, deployment.group, deployment.id,
				system, model, number);
		Observation observation = LlmRouterObservationDocumentation.ATTEMPT
			.observation(null, ATTEMPT_CONVENTION, () -> context, this.registry)
			.parentObservation(call)
			.start();
		return observation.isNoop() ? null : observation;
	}

	/**
	 * The context an attempt's request runs with: its observation as the current one.
	 */
	static Context attemptContext(Context context, Observation attempt) {
		return context.put(ObservationThreadLocalAccessor.KEY, attempt);
	}

	static void attemptSucceeded(Observation attempt, @Nullable String responseModel) {
		if (responseModel != null) {
			((AttemptObservationContext) attempt.getContext()).setResponseModel(responseModel);
		}
		attempt.stop();
	}

	static void attemptFailed(Observation attempt, LlmException error) {
		((AttemptObservationContext) attempt.getContext()).setStatus(error.statusCode().orElse(0));
		attempt.error(error);
		attempt.stop();
	}

	static ChatObservationContext context(Observation call) {
		return (ChatObservationContext) call.getContext();
	}

	static void callSucceeded(Observation call, CallMetadata metadata) {
		context(call).setMetadata(metadata);
		call.stop();
	}

	static void callFailed(Observation call, LlmException error) {
		context(call).setMetadata(error.metadata());
		call.error(error);
		call.stop();
	}

	/**
	 * The OpenTelemetry {@code gen_ai.system} of a provider: {@code azure.ai.openai} for
	 * Azure OpenAI, else the adapter's id.
	 */
	static String system(String provider) {
		return OpenAiProvider.AZURE_OPENAI.equals(provider) ? "azure.ai.openai" : provider;
	}

}
