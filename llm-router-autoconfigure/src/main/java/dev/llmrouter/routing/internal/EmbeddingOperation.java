package dev.llmrouter.routing.internal;

import java.time.Duration;
import java.util.List;

import dev.llmrouter.CallMetadata;
import dev.llmrouter.EmbeddingRequest;
import dev.llmrouter.EmbeddingResponse;
import dev.llmrouter.observation.ChatObservationContext;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;

/**
 * An embedding call: an attempt answers with one {@link EmbeddingResponse} within the
 * attempt timeout, exactly as a non-streaming chat attempt does, so the attempt loop's
 * retries, cooldowns, fallbacks, timeouts, meters, listeners and observations apply to it
 * unchanged.
 *
 * @author llm-router
 */
final class EmbeddingOperation extends Operation<EmbeddingResponse> {

	/** The OpenTelemetry {@code gen_ai.operation.name} of an embedding call. */
	static final String NAME = "embeddings";

	private static final String TIMED_OUT = "No embeddings within the attempt timeout";

	final EmbeddingRequest request;

	EmbeddingOperation(EmbeddingRequest request) {
		this.request = request;
	}

	@Override
	String name() {
		return NAME;
	}

	@Override
	String group() {
		return this.request.model();
	}

	@Override
	@Nullable Integer numRetries() {
		return this.request.numRetries();
	}

	@Override
	@Nullable Duration totalTimeout() {
		return this.request.totalTimeout();
	}

	@Override
	@Nullable List<String> fallbacks() {
		return this.request.fallbacks();
	}

	@Override
	Publisher<EmbeddingResponse> attempt(RuntimeDeployment deployment, DefaultLlmRouter engine) {
		return new IdleTimeout<>(deployment.provider.embed(deployment.endpoint, this.request),
				deployment.timeout(this.request.timeout()).toNanos(), engine.timer, engine.clock, TIMED_OUT);
	}

	@Override
	boolean single() {
		return true;
	}

	@Override
	EmbeddingResponse answer(EmbeddingResponse response, CallMetadata metadata) {
		return response.withMetadata(metadata);
	}

	@Override
	long tokens(EmbeddingResponse response) {
		return (response.usage() != null) ? response.usage().totalTokens() : 0;
	}

	@Override
	void observe(ChatObservationContext context, EmbeddingResponse response) {
		context.setResponse(response);
	}

	@Override
	@Nullable String responseModel(EmbeddingResponse response) {
		return response.model();
	}

}
