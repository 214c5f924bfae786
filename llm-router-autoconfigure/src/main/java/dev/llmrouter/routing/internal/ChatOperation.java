package dev.llmrouter.routing.internal;

import java.time.Duration;
import java.util.List;

import dev.llmrouter.CallMetadata;
import dev.llmrouter.ChatRequest;
import dev.llmrouter.ChatResponse;
import dev.llmrouter.observation.ChatObservationContext;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;

/**
 * A non-streaming chat call: an attempt answers with one {@link ChatResponse} within the
 * attempt timeout.
 *
 * @author llm-router
 */
final class ChatOperation extends Operation<ChatResponse> {

	static final String NAME = "chat";

	private static final String TIMED_OUT = "No answer within the attempt timeout";

	final ChatRequest request;

	ChatOperation(ChatRequest request) {
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
	Publisher<ChatResponse> attempt(RuntimeDeployment deployment, DefaultLlmRouter engine) {
		return new IdleTimeout<>(deployment.provider.chat(deployment.endpoint, this.request),
				deployment.timeout(this.request.timeout()).toNanos(), engine.timer, engine.clock, TIMED_OUT);
	}

	@Override
	boolean single() {
		return true;
	}

	@Override
	ChatResponse answer(ChatResponse response, CallMetadata metadata) {
		return response.withMetadata(metadata);
	}

	@Override
	long tokens(ChatResponse response) {
		return (response.usage() != null) ? response.usage().totalTokens() : 0;
	}

	@Override
	void observe(ChatObservationContext context, ChatResponse response) {
		context.setResponse(response);
	}

	@Override
	@Nullable String responseModel(ChatResponse response) {
		return response.model();
	}

}
