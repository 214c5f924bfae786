package dev.llmrouter.routing.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.llmrouter.ChatChunk;
import dev.llmrouter.ChatRequest;
import dev.llmrouter.ToolCall;
import dev.llmrouter.ToolCallDelta;
import dev.llmrouter.error.LlmException;
import dev.llmrouter.error.MidStreamException;
import dev.llmrouter.observation.ChatObservationContext;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;

/**
 * A streaming chat call: an attempt is a stream of {@link ChatChunk}s, each within the
 * stream timeout of the one before. Once a chunk that {@linkplain ChatChunk#delivers()
 * delivers} something (text, a tool-call fragment, a refusal) has reached the caller the
 * call is never retried: a failure then ends it with a {@link MidStreamException} that
 * carries the text and the tool calls delivered, assembled per choice.
 *
 * @author llm-router
 */
final class StreamOperation extends Operation<ChatChunk> {

	private static final String TIMED_OUT = "No chunk within the stream timeout";

	final ChatRequest request;

	/** The text and tool calls that reached the caller, per choice in index order. */
	private @Nullable Map<Integer, PartialChoice> delivered;

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
		if (!chunk.delivers()) {
			return false;
		}
		if (this.delivered == null) {
			this.delivered = new TreeMap<>();
		}
		this.delivered.computeIfAbsent(chunk.choiceIndex(), (index) -> new PartialChoice()).add(chunk);
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
		if (this.delivered == null) {
			return new MidStreamException("", cause).withProviderFields(cause.providerFields());
		}
		StringBuilder text = new StringBuilder();
		List<ToolCall> toolCalls = new ArrayList<>();
		for (PartialChoice choice : this.delivered.values()) {
			text.append(choice.text);
			for (PartialToolCall call : choice.toolCalls.values()) {
				toolCalls.add(call.toToolCall());
			}
		}
		return new MidStreamException(text.toString(), toolCalls, cause).withProviderFields(cause.providerFields());
	}

	/** The text and tool calls of one choice delivered so far. */
	private static final class PartialChoice {

		private final StringBuilder text = new StringBuilder();

		private final Map<Integer, PartialToolCall> toolCalls = new TreeMap<>();

		void add(ChatChunk chunk) {
			this.text.append(chunk.content());
			for (ToolCallDelta delta : chunk.toolCalls()) {
				this.toolCalls.computeIfAbsent(delta.index(), (index) -> new PartialToolCall()).add(delta);
			}
		}

	}

	/** A tool call joined from its fragments, its arguments as far as they came. */
	private static final class PartialToolCall {

		private @Nullable String id;

		private @Nullable String name;

		private final StringBuilder arguments = new StringBuilder();

		void add(ToolCallDelta delta) {
			if (this.id == null) {
				this.id = delta.id();
			}
			if (this.name == null) {
				this.name = delta.name();
			}
			this.arguments.append(delta.arguments());
		}

		ToolCall toToolCall() {
			return new ToolCall((this.id != null) ? this.id : "", (this.name != null) ? this.name : "",
					this.arguments.toString());
		}

	}

}
