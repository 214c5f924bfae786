package dev.llmrouter.client;

import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;

import dev.llmrouter.ChatMessage;
import dev.llmrouter.ChatRequest;
import dev.llmrouter.ChatResponse;
import dev.llmrouter.LlmRouter;
import dev.llmrouter.ResponseFormat;
import dev.llmrouter.client.JsonSchemaGenerator.UnsupportedTypeException;
import dev.llmrouter.error.StructuredOutputException;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Serves a method that returns a record, a POJO, a list or set of them, or an enum (also
 * as {@code Mono<..>} or {@code CompletableFuture<..>}): the request asks for JSON that
 * matches a schema generated from the type, once, at start-up, and the answer is read
 * into the type with the configured mapper. A list or set is asked for as
 * {@code {"items": [..]}} and an enum as {@code {"value": ..}}, since strict structured
 * output needs an object at the root; the answer is unwrapped.
 * <p>
 * An answer that does not parse, and a refusal, fail with a
 * {@link StructuredOutputException}. An answer that does not parse is asked for again, up
 * to {@link StructuredOutputSettings#retries()} times, with the model's answer and the
 * parse error added to the conversation; a refusal is not.
 *
 * @author llm-router
 */
final class StructuredReturn implements ReturnAdapter {

	private static final String ITEMS = "items";

	private static final String VALUE = "value";

	private final String method;

	private final Style style;

	private final JavaType type;

	private final @Nullable String wrapper;

	private final ResponseFormat format;

	private final JsonMapper mapper;

	private final int retries;

	private StructuredReturn(String method, Style style, JavaType type, @Nullable String wrapper, ResponseFormat format,
			StructuredOutputSettings settings) {
		this.method = method;
		this.style = style;
		this.type = type;
		this.wrapper = wrapper;
		this.format = format;
		this.mapper = settings.jsonMapper();
		this.retries = settings.retries();
	}

	/**
	 * The adapter for a method whose return type asks for structured output.
	 * @param method the method
	 * @param settings the mapper and retries
	 * @return the adapter, or {@code null} if the return type does not ask for structured
	 * output
	 * @throws InvalidLlmClientException if it does but a part of it has no JSON Schema
	 */
	static @Nullable StructuredReturn of(Method method, StructuredOutputSettings settings) {
		Type returnType = method.getGenericReturnType();
		Style style = Style.DIRECT;
		Type target = returnType;
		if (returnType instanceof ParameterizedType parameterized) {
			Type raw = parameterized.getRawType();
			if (raw == Mono.class || raw == CompletableFuture.class) {
				style = (raw == Mono.class) ? Style.MONO : Style.FUTURE;
				target = parameterized.getActualTypeArguments()[0];
			}
		}
		JsonMapper mapper = settings.jsonMapper();
		JavaType type = mapper.constructType(target);
		JsonSchemaGenerator generator = new JsonSchemaGenerator(mapper);
		try {
			if (type.isEnumType()) {
				return new StructuredReturn(InvalidLlmClientException.nameOf(method), style, type, VALUE,
						format(simpleName(type), generator.wrapperSchema(VALUE, type)), settings);
			}
			if (type.isCollectionLikeType() && Collection.class.isAssignableFrom(type.getRawClass())) {
				JavaType element = type.getContentType();
				if (!element.isEnumType() && !generator.isObject(element)) {
					return null;
				}
				return new StructuredReturn(InvalidLlmClientException.nameOf(method), style, type, ITEMS,
						format(simpleName(element) + "_list", generator.wrapperSchema(ITEMS, type)), settings);
			}
			if (generator.isObject(type)) {
				return new StructuredReturn(InvalidLlmClientException.nameOf(method), style, type, null,
						format(simpleName(type), generator.objectSchema(type)), settings);
			}
		}
		catch (UnsupportedTypeException ex) {
			throw new InvalidLlmClientException(method,
					"return type " + returnType.getTypeName() + " has no JSON schema for structured output: "
							+ ex.getMessage(),
					"Change the type of that property, or leave it out of the answer with @JsonIgnore.");
		}
		return null;
	}

	private static String simpleName(JavaType type) {
		return type.getRawClass().getSimpleName();
	}

	private static ResponseFormat format(String name, ObjectNode schema) {
		String safeName = name.replaceAll("[^a-zA-Z0-9_-]", "_");
		return ResponseFormat.jsonSchema((safeName.length() > 64) ? safeName.substring(0, 64) : safeName,
				schema.toString());
	}

	/**
	 * The response format the requests of this method carry.
	 * @return the format
	 */
	ResponseFormat format() {
		return this.format;
	}

	@Override
	public Object call(LlmRouter router, ChatRequest request) {
		ChatRequest asking = withFormat(request);
		return switch (this.style) {
			case DIRECT -> callBlocking(router, asking);
			case MONO -> callAsync(router, asking, 0);
			case FUTURE -> callAsync(router, asking, 0).toFuture();
		};
	}

	private ChatRequest withFormat(ChatRequest request) {
		if (request.responseFormat() != null || request.params().containsKey("response_format")) {
			return request;
		}
		return request.toBuilder().responseFormat(this.format).build();
	}

	private Object callBlocking(LlmRouter router, ChatRequest request) {
		ChatRequest asking = request;
		for (int asked = 0;; asked++) {
			ChatResponse response = router.chat(asking);
			try {
				return read(response);
			}
			catch (Unreadable ex) {
				if (asked >= this.retries || ex.refusal) {
					throw failure(response, ex);
				}
				asking = askAgain(asking, response, ex);
			}
		}
	}

	private Mono<Object> callAsync(LlmRouter router, ChatRequest request, int asked) {
		return router.chatAsync(request).flatMap((response) -> {
			try {
				return Mono.just(read(response));
			}
			catch (Unreadable ex) {
				if (asked >= this.retries || ex.refusal) {
					return Mono.error(failure(response, ex));
				}
				return callAsync(router, askAgain(request, response, ex), asked + 1);
			}
		});
	}

	private Object read(ChatResponse response) throws Unreadable {
		String refusal = response.refusal();
		if (refusal != null) {
			throw new Unreadable("the model refused to answer: " + refusal, null, true);
		}
		String content = response.content();
		if (content.isBlank()) {
			throw new Unreadable("the answer is empty" + cutOff(response), null, false);
		}
		Object value;
		try {
			value = (this.wrapper != null) ? readWrapped(content, cutOff(response))
					: this.mapper.readValue(content, this.type);
		}
		catch (JacksonException ex) {
			throw new Unreadable(describe("$", ex) + cutOff(response), ex, false);
		}
		if (value == null) {
			throw new Unreadable("the answer is null", null, false);
		}
		return value;
	}

	private @Nullable Object readWrapped(String content, String cutOff) throws Unreadable {
		JsonNode tree = this.mapper.readTree(content);
		if (!tree.isObject()) {
			return this.mapper.readerFor(this.type).readValue(tree);
		}
		JsonNode value = tree.get(this.wrapper);
		if (value == null) {
			throw new Unreadable("the answer has no \"" + this.wrapper + "\" property", null, false);
		}
		try {
			return this.mapper.readerFor(this.type).readValue(value);
		}
		catch (JacksonException ex) {
			throw new Unreadable(describe("$." + this.wrapper, ex) + cutOff, ex, false);
		}
	}

	private static String cutOff(ChatResponse response) {
		return "length".equals(response.finishReason())
				? " (the answer was cut off at the token limit: finish_reason length; raise maxTokens)" : "";
	}

	private static String describe(String root, JacksonException ex) {
		StringBuilder path = new StringBuilder();
		for (JacksonException.Reference reference : ex.getPath()) {
			if (reference.getPropertyName() != null) {
				path.append('.').append(reference.getPropertyName());
			}
			else if (reference.getIndex() >= 0) {
				path.append('[').append(reference.getIndex()).append(']');
			}
		}
		String message = ex.getOriginalMessage();
		return (path.isEmpty() && root.equals("$")) ? message : "at " + root + path + ": " + message;
	}

	private ChatRequest askAgain(ChatRequest request, ChatResponse response, Unreadable ex) {
		return request.toBuilder()
			.message(ChatMessage.assistant(response.content()))
			.message(ChatMessage.user("Your answer could not be read: " + ex.problem
					+ ". Answer again with only JSON that matches the " + this.format.name() + " schema."))
			.build();
	}

	private StructuredOutputException failure(ChatResponse response, Unreadable ex) {
		String rawText = ex.refusal ? response.refusal() : response.content();
		StructuredOutputException failure = new StructuredOutputException(
				this.method + ": the answer is not a " + this.type.toCanonical() + ": " + ex.problem,
				(rawText != null) ? rawText : "", ex.getCause());
		failure.withMetadata(response.metadata());
		return failure;
	}

	private enum Style {

		DIRECT, MONO, FUTURE

	}

	/**
	 * An answer that cannot be read into the type, and why.
	 */
	private static final class Unreadable extends Exception {

		private final String problem;

		private final boolean refusal;

		Unreadable(String problem, @Nullable Throwable cause, boolean refusal) {
			super(problem, cause, false, false);
			this.problem = problem;
			this.refusal = refusal;
		}

	}

}
