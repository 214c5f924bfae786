package dev.llmrouter.client;

import org.jspecify.annotations.Nullable;

/**
 * Serves the calls of one method of an {@link LlmClient} proxy. Built once per method,
 * when the proxy is created.
 *
 * @author llm-router
 */
@FunctionalInterface
interface MethodHandler {

	@Nullable Object invoke(Object proxy, @Nullable Object @Nullable [] args) throws Throwable;

}
