package dev.llmrouter.client;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.util.ReflectionUtils;

/**
 * Dispatches the calls of an {@link LlmClient} proxy to the handler built for each
 * method, and answers {@code equals}, {@code hashCode} and {@code toString} as an object
 * with identity.
 *
 * @author llm-router
 */
final class LlmClientInvocationHandler implements InvocationHandler {

	private final String description;

	private final Map<Method, MethodHandler> handlers;

	LlmClientInvocationHandler(String description, Map<Method, MethodHandler> handlers) {
		this.description = description;
		this.handlers = Map.copyOf(handlers);
	}

	@Override
	public @Nullable Object invoke(Object proxy, Method method, @Nullable Object @Nullable [] args) throws Throwable {
		MethodHandler handler = this.handlers.get(method);
		if (handler != null) {
			return handler.invoke(proxy, args);
		}
		if (ReflectionUtils.isEqualsMethod(method)) {
			return args != null && proxy == args[0];
		}
		if (ReflectionUtils.isHashCodeMethod(method)) {
			return System.identityHashCode(proxy);
		}
		if (ReflectionUtils.isToStringMethod(method)) {
			return this.description;
		}
		throw new IllegalStateException("No handler for " + method);
	}

}
