package dev.llmrouter.client;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.llmrouter.LlmRouter;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;
import org.springframework.util.ReflectionUtils;

/**
 * Creates the proxies of {@link LlmClient} interfaces, all calling one {@link LlmRouter}.
 * In a Spring application one shared factory bean serves every client bean; elsewhere
 * create one yourself: <pre class="code">
 * Assistant assistant = new LlmClientFactory(router).create(Assistant.class);
 * </pre> or, to read structured answers with your own mapper and ask again once when one
 * does not parse: <pre class="code">
 * new LlmClientFactory(router, new StructuredOutputSettings(jsonMapper, 1));
 * </pre> Each method's mapping is decided when its proxy is created, so a method the
 * proxy cannot serve fails then, with an {@link InvalidLlmClientException}.
 *
 * @author llm-router
 */
public class LlmClientFactory {

	/**
	 * The name of the shared factory bean.
	 */
	public static final String BEAN_NAME = "llmClientFactory";

	private final LlmRouter router;

	private final @Nullable Collection<String> knownGroups;

	private final StructuredOutputSettings structuredOutput;

	/**
	 * Create a factory whose proxies call the given router and read structured answers
	 * with a default {@link tools.jackson.databind.json.JsonMapper}, never asking again
	 * when one does not parse. When the router offers a {@link dev.llmrouter.RouterView},
	 * the model groups the interfaces name are checked against its groups.
	 * @param router the router
	 */
	public LlmClientFactory(LlmRouter router) {
		this(router, StructuredOutputSettings.defaults());
	}

	/**
	 * Create a factory whose proxies call the given router and describe and read
	 * structured answers as the settings say. When the router offers a
	 * {@link dev.llmrouter.RouterView}, the model groups the interfaces name are checked
	 * against its groups.
	 * @param router the router
	 * @param structuredOutput the mapper that describes and reads structured answers, and
	 * how often one that does not parse is asked for again
	 */
	public LlmClientFactory(LlmRouter router, StructuredOutputSettings structuredOutput) {
		this.router = router;
		this.knownGroups = router.view().map((view) -> view.groups().keySet()).orElse(null);
		this.structuredOutput = structuredOutput;
	}

	/**
	 * Create a proxy of an {@link LlmClient} interface.
	 * @param <T> the interface type
	 * @param type the interface, annotated {@link LlmClient}
	 * @return the proxy
	 * @throws InvalidLlmClientException if a method cannot be served
	 */
	public <T> T create(Class<T> type) {
		Assert.isTrue(type.isInterface(), () -> type.getName() + " is not an interface");
		LlmClient client = type.getAnnotation(LlmClient.class);
		Assert.notNull(client, () -> type.getName() + " is not annotated @LlmClient");
		Map<Method, MethodHandler> handlers = new LinkedHashMap<>();
		for (Method method : type.getMethods()) {
			if (Modifier.isStatic(method.getModifiers()) || isObjectMethod(method)) {
				continue;
			}
			handlers.put(method, method.isDefault() ? defaultMethod(method) : handler(method, client));
		}
		String description = "LlmClient proxy for " + type.getName()
				+ (client.value().isBlank() ? "" : " (model group " + client.value() + ")");
		Object proxy = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type },
				new LlmClientInvocationHandler(description, handlers));
		return type.cast(proxy);
	}

	private MethodHandler handler(Method method, LlmClient client) {
		if (EmbeddingMethodHandler.handles(method)) {
			return EmbeddingMethodHandler.create(method, client, this.router);
		}
		return ChatMethodHandler.create(method, client, this.router, this.knownGroups, this.structuredOutput);
	}

	private static MethodHandler defaultMethod(Method method) {
		return (proxy, args) -> InvocationHandler.invokeDefault(proxy, method, args);
	}

	private static boolean isObjectMethod(Method method) {
		return ReflectionUtils.isEqualsMethod(method) || ReflectionUtils.isHashCodeMethod(method)
				|| ReflectionUtils.isToStringMethod(method);
	}

}
