package dev.llmrouter.routing.internal;

import java.time.Duration;
import java.util.List;

import dev.llmrouter.ChatChunk;
import dev.llmrouter.ChatRequest;
import dev.llmrouter.error.LlmException;
import dev.llmrouter.error.MidStreamException;
import dev.llmrouter.observation.ChatObservationContext;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;

/**
 * A streaming chat call: an attempt is a stream of {@link ChatChunk}s, each within the
 * stream timeout of the one before. Once a chunk with content has reached the caller the
 * call is never retried: a failure then ends it with a {@link MidStreamException} that
 * carries what was delivered.
 *
 * @author llm-router
 */
final class StreamOperation extends Operation<ChatChunk> {

	private static final String TIMED_OUT = "No chunk within the stream timeout";

	final ChatRequest request;

	private @Nullable StringBuilder partial;

	StreamOperation(ChatRequest request) {
		this.request = request;
	}

	@Override
	String name() {
		return ChatOperation.NAME;
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
	Publisher<ChatChunk> attempt(RuntimeDeployment deployment, DefaultLlmRouter engine) {
		Duration idle = deployment.streamTimeout(this.request.streamTimeout(), this.request.timeout());
		return new IdleTimeout<>(deployment.provider.stream(deployment.endpoint, this.request), idle.toNanos(),
				engine.timer, engine.clock, TIMED_OUT);
	}

	@Override
	boolean single() {
		return false;
	}

	@Override
	boolean delivers(ChatChunk chunk) {
		if (!chunk.hasContent()) {
			return false;
		}
		if (this.partial == null) {
			this.partial = new StringBuilder();
		}
		this.partial.append(chunk.content());
		return true;
	}

	@Override
	long tokens(ChatChunk chunk) {
		return (chunk.usage() != null) ? chunk.usage().totalTokens() : 0;
	}

	@Override
	void observe(ChatObservationContext context, ChatChunk chunk) {
		if (chunk.usage() != null) {
			context.setUsage(chunk.usage());
		}
	}

	@Override
	LlmException midStream(LlmException cause) {
		return new MidStreamException((this.partial != null) ? this.partial.toString() : "", cause);
	}

}
