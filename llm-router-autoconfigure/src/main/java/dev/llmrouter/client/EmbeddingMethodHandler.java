package dev.llmrouter.client;

import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;

import dev.llmrouter.Embedding;
import dev.llmrouter.EmbeddingRequest;
import dev.llmrouter.EmbeddingResponse;
import dev.llmrouter.LlmRouter;
import dev.llmrouter.RouterView;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Serves an embedding method of an {@link LlmClient} interface: {@code float[]
 * embed(String text)}, {@code List<float[]> embedAll(List<String> texts)}, their
 * {@link Mono} forms, and {@link EmbeddingResponse} for the whole answer. The interface's
 * and the method's overrides apply as to chat methods. A method whose model group (or a
 * fallback) does not serve embeddings fails when the proxy is created, naming the method
 * and the group.
 *
 * @author llm-router
 */
final class EmbeddingMethodHandler implements MethodHandler {

	private final LlmRouter router;

	private final Shape shape;

	private final CallOverrides overrides;

	private final String name;

	private EmbeddingMethodHandler(LlmRouter router, Shape shape, CallOverrides overrides, String name) {
		this.router = router;
		this.shape = shape;
		this.overrides = overrides;
		this.name = name;
	}

	/**
	 * Whether a method is an embedding method, by its return type.
	 * @param method the method
	 * @return {@code true} if it returns vectors or an {@link EmbeddingResponse}
	 */
	static boolean handles(Method method) {
		return Shape.of(method.getGenericReturnType()) != null;
	}

	static EmbeddingMethodHandler create(Method method, LlmClient client, LlmRouter router) {
		Shape shape = Shape.of(method.getGenericReturnType());
		if (shape == null) {
			throw new IllegalArgumentException(method + " is not an embedding method");
		}
		checkParameters(method, shape);
		if (method.isAnnotationPresent(UserMessage.class) || method.isAnnotationPresent(SystemMessage.class)) {
			throw new InvalidLlmClientException(method,
					"@UserMessage and @SystemMessage do not apply to an embedding method",
					"Remove them: the argument is embedded as it is.");
		}
		CallOverrides overrides = CallOverrides.of(method, client, method.getAnnotation(LlmCall.class));
		if (overrides.model() == null) {
			throw new InvalidLlmClientException(method, "no model group is named",
					"Name one with @LlmClient(\"group\") on the interface or @LlmCall(model = \"group\") on the method.");
		}
		router.view().ifPresent((view) -> checkGroups(method, overrides, view));
		return new EmbeddingMethodHandler(router, shape, overrides, InvalidLlmClientException.nameOf(method));
	}

	@Override
	public Object invoke(Object proxy, @Nullable Object @Nullable [] args) {
		Object argument = (args != null && args.length == 1) ? args[0] : null;
		if (argument == null) {
			throw new IllegalArgumentException(this.name + ": the text to embed must not be null");
		}
		List<String> inputs = inputs(argument);
		if (inputs.isEmpty()) {
			return this.shape.empty();
		}
		return this.shape.call(this.router, request(inputs));
	}

	private List<String> inputs(Object argument) {
		if (argument instanceof String text) {
			return List.of(text);
		}
		List<String> inputs = new ArrayList<>();
		for (Object input : (List<?>) argument) {
			if (!(input instanceof String text)) {
				throw new IllegalArgumentException(this.name + ": every text to embed must be a non-null String");
			}
			inputs.add(text);
		}
		return inputs;
	}

	private EmbeddingRequest request(List<String> inputs) {
		EmbeddingRequest.Builder builder = EmbeddingRequest.builder().inputs(inputs);
		if (this.overrides.model() != null) {
			builder.model(this.overrides.model());
		}
		return builder.numRetries(this.overrides.numRetries())
			.timeout(this.overrides.timeout())
			.totalTimeout(this.overrides.totalTimeout())
			.fallbacks(this.overrides.fallbacks())
			.build();
	}

	private static void checkParameters(Method method, Shape shape) {
		Type[] parameters = method.getGenericParameterTypes();
		boolean one = parameters.length == 1 && parameters[0] == String.class;
		boolean many = parameters.length == 1 && isListOf(parameters[0], String.class);
		if (shape.many ? !many : !(one || (shape.either && many))) {
			String wanted = shape.many ? "one List<String> parameter, the texts" : "one String parameter, the text";
			throw new InvalidLlmClientException(method,
					"an embedding method returning " + method.getGenericReturnType().getTypeName() + " takes " + wanted,
					"Declare float[] embed(String text) or List<float[]> embedAll(List<String> texts) (or their Mono forms).");
		}
	}

	private static void checkGroups(Method method, CallOverrides overrides, RouterView view) {
		Set<String> named = new LinkedHashSet<>();
		named.add(overrides.model());
		if (overrides.fallbacks() != null) {
			named.addAll(overrides.fallbacks());
		}
		for (String name : named) {
			RouterView.Group group = view.group(name);
			if (group == null) {
				throw new InvalidLlmClientException(method, "model group '" + name + "' is not configured",
						"Add it under llm.router.groups, or name one of " + view.groups().keySet() + ".");
			}
			if (!group.embeddings()) {
				List<String> cannot = group.deployments()
					.stream()
					.filter((deployment) -> !deployment.embeddings())
					.map((deployment) -> deployment.id() + " (" + deployment.provider() + ")")
					.toList();
				throw new InvalidLlmClientException(method,
						"model group '" + name + "' does not serve embeddings: its deployments " + cannot
								+ " have no embeddings",
						"Name a group whose every deployment's provider serves embeddings (such as openai or"
								+ " azure-openai with an embedding model).");
			}
		}
	}

	private static boolean isListOf(Type type, Type element) {
		return type instanceof ParameterizedType parameterized && parameterized.getRawType() == List.class
				&& parameterized.getActualTypeArguments()[0] == element;
	}

	private static List<float[]> vectors(EmbeddingResponse response) {
		return response.embeddings().stream().map(Embedding::vector).toList();
	}

	/**
	 * The return types of embedding methods, each with the router call that serves it.
	 */
	private enum Shape {

		VECTOR(false, false, (router, request) -> router.embed(request).vector()),

		VECTORS(true, false, (router, request) -> vectors(router.embed(request))),

		MONO_VECTOR(false, false, (router, request) -> router.embedAsync(request).map(EmbeddingResponse::vector)),

		MONO_VECTORS(true, false, (router, request) -> router.embedAsync(request).map(EmbeddingMethodHandler::vectors)),

		RESPONSE(false, true, LlmRouter::embed),

		MONO_RESPONSE(false, true, LlmRouter::embedAsync);

		/** Whether the method takes a list of texts. */
		final boolean many;

		/** Whether the method may take one text or a list of them. */
		final boolean either;

		private final BiFunction<LlmRouter, EmbeddingRequest, Object> call;

		Shape(boolean many, boolean either, BiFunction<LlmRouter, EmbeddingRequest, Object> call) {
			this.many = many;
			this.either = either;
			this.call = call;
		}

		Object call(LlmRouter router, EmbeddingRequest request) {
			return this.call.apply(router, request);
		}

		/** The answer to an empty list of texts, which needs no call. */
		Object empty() {
			return switch (this) {
				case VECTORS -> List.of();
				case MONO_VECTORS -> Mono.just(List.of());
				default -> throw new IllegalArgumentException("There is no text to embed");
			};
		}

		static @Nullable Shape of(Type type) {
			if (type == float[].class) {
				return VECTOR;
			}
			if (type == EmbeddingResponse.class) {
				return RESPONSE;
			}
			if (isListOf(type, float[].class)) {
				return VECTORS;
			}
			if (type instanceof ParameterizedType parameterized && parameterized.getRawType() == Mono.class) {
				Type element = parameterized.getActualTypeArguments()[0];
				if (element == float[].class) {
					return MONO_VECTOR;
				}
				if (element == EmbeddingResponse.class) {
					return MONO_RESPONSE;
				}
				if (isListOf(element, float[].class)) {
					return MONO_VECTORS;
				}
			}
			return null;
		}

	}

}
