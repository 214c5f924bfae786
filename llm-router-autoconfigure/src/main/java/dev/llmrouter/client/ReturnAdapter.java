package dev.llmrouter.client;

import java.lang.reflect.Method;
import java.lang.reflect.Type;

import dev.llmrouter.ChatRequest;
import dev.llmrouter.LlmRouter;

/**
 * Serves a method's return type: calls the router in the style the type asks for and
 * turns the answer into the value the method returns.
 *
 * @author llm-router
 */
interface ReturnAdapter {

	/**
	 * The return types a chat method may declare, as the start-up error lists them.
	 */
	String SUPPORTED = "String, ChatResponse, Mono<String>, Mono<ChatResponse>, Flux<String>, Flux<ChatChunk>, "
			+ "CompletableFuture<String> or CompletableFuture<ChatResponse>; or, for structured output, a record, "
			+ "a POJO, an enum, or a List or Set of records, POJOs or enums, each also as Mono<..> or "
			+ "CompletableFuture<..>";

	/**
	 * Call the router for a request and return what the method returns.
	 * @param router the router
	 * @param request the request the method's arguments made
	 * @return the method's return value
	 */
	Object call(LlmRouter router, ChatRequest request);

	/**
	 * The adapter for a method's return type, decided once, at start-up.
	 * @param method the method
	 * @param structuredOutput how structured answers are described and read
	 * @return the adapter
	 * @throws InvalidLlmClientException if the return type cannot be served
	 */
	static ReturnAdapter of(Method method, StructuredOutputSettings structuredOutput) {
		Type returnType = method.getGenericReturnType();
		ReturnAdapter plain = PlainReturn.of(returnType);
		if (plain != null) {
			return plain;
		}
		ReturnAdapter structured = StructuredReturn.of(method, structuredOutput);
		if (structured != null) {
			return structured;
		}
		throw new InvalidLlmClientException(method, "return type " + returnType.getTypeName() + " is not supported",
				"Declare one of " + SUPPORTED + ".");
	}

}
