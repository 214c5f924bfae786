package dev.llmrouter.routing.internal;

import java.time.Duration;
import java.util.List;

import dev.llmrouter.CallMetadata;
import dev.llmrouter.error.LlmException;
import dev.llmrouter.observation.ChatObservationContext;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;

/**
 * One kind of call the attempt loop runs: what one attempt on a deployment is, and what
 * its elements mean. Chat and stream are operations; each call gets its own instance.
 *
 * @param <T> what an attempt emits
 * @author llm-router
 */
abstract class Operation<T> {

	/**
	 * The OpenTelemetry {@code gen_ai.operation.name}, such as {@code chat}.
	 * @return the name
	 */
	abstract String name();

	/**
	 * The model group the call asks for.
	 * @return the group name
	 */
	abstract String group();

	/**
	 * The request's own retry count.
	 * @return the count, or {@code null}
	 */
	abstract @Nullable Integer numRetries();

	/**
	 * The request's own total timeout.
	 * @return the timeout, or {@code null}
	 */
	abstract @Nullable Duration totalTimeout();

	/**
	 * The request's own fallbacks, which replace the first group's.
	 * @return the group names, or {@code null}
	 */
	abstract @Nullable List<String> fallbacks();

	/**
	 * One attempt on a deployment, its timeout applied: failing with a
	 * {@link java.util.concurrent.TimeoutException} when it takes too long.
	 * @param deployment the deployment
	 * @param engine the router
	 * @return the attempt
	 */
	abstract Publisher<T> attempt(RuntimeDeployment deployment, DefaultLlmRouter engine);

	/**
	 * Whether the first element is the whole answer (chat), rather than the first of a
	 * stream of them that ends with completion.
	 * @return {@code true} for a single answer
	 */
	abstract boolean single();

	/**
	 * An element of a stream is about to reach the caller: note what it carries.
	 * @param element the element
	 * @return whether it carries something for the caller, after which the call is never
	 * retried
	 */
	boolean delivers(T element) {
		return false;
	}

	/**
	 * The answer to hand the caller, from the element that completed the call.
	 * @param element the element
	 * @param metadata the call's metadata
	 * @return the answer
	 */
	T answer(T element, CallMetadata metadata) {
		return element;
	}

	/**
	 * Tokens an element reports having used.
	 * @param element the element
	 * @return the tokens, {@code 0} if it reports none
	 */
	abstract long tokens(T element);

	/**
	 * Note what an element tells the call's observation (usage, reported model).
	 * @param context the observation's context
	 * @param element the element
	 */
	abstract void observe(ChatObservationContext context, T element);

	/**
	 * The model a single answer reports, for the attempt's observation.
	 * @param element the answer
	 * @return the model, or {@code null}
	 */
	@Nullable String responseModel(T element) {
		return null;
	}

	/**
	 * The failure of a stream that had delivered something.
	 * @param cause the failure
	 * @return the error the stream ends with
	 */
	LlmException midStream(LlmException cause) {
		return cause;
	}

}
