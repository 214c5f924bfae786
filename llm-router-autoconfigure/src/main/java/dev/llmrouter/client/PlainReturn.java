package dev.llmrouter.client;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;

import dev.llmrouter.ChatChunk;
import dev.llmrouter.ChatRequest;
import dev.llmrouter.ChatResponse;
import dev.llmrouter.LlmRouter;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The text and response return types an {@link LlmClient} method may declare, each with
 * the router call that serves it.
 *
 * @author llm-router
 */
enum PlainReturn implements ReturnAdapter {

	STRING(String.class, null, (router, request) -> router.chat(request).content()),

	RESPONSE(ChatResponse.class, null, LlmRouter::chat),

	MONO_STRING(Mono.class, String.class, (router, request) -> router.chatAsync(request).map(ChatResponse::content)),

	MONO_RESPONSE(Mono.class, ChatResponse.class, LlmRouter::chatAsync),

	FLUX_STRING(Flux.class, String.class,
			(router, request) -> router.stream(request).filter(ChatChunk::hasContent).map(ChatChunk::content)),

	FLUX_CHUNK(Flux.class, ChatChunk.class, LlmRouter::stream),

	FUTURE_STRING(CompletableFuture.class, String.class,
			(router, request) -> router.chatAsync(request).map(ChatResponse::content).toFuture()),

	FUTURE_RESPONSE(CompletableFuture.class, ChatResponse.class,
			(router, request) -> router.chatAsync(request).toFuture());

	private final Class<?> type;

	private final @Nullable Class<?> element;

	private final BiFunction<LlmRouter, ChatRequest, Object> call;

	PlainReturn(Class<?> type, @Nullable Class<?> element, BiFunction<LlmRouter, ChatRequest, Object> call) {
		this.type = type;
		this.element = element;
		this.call = call;
	}

	@Override
	public Object call(LlmRouter router, ChatRequest request) {
		return this.call.apply(router, request);
	}

	static @Nullable PlainReturn of(Type returnType) {
		return Arrays.stream(values()).filter((adapter) -> adapter.matches(returnType)).findFirst().orElse(null);
	}

	private boolean matches(Type returnType) {
		if (this.element == null) {
			return returnType == this.type;
		}
		return returnType instanceof ParameterizedType parameterized && parameterized.getRawType() == this.type
				&& parameterized.getActualTypeArguments()[0] == this.element;
	}

}
