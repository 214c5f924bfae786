package dev.llmrouter.client;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import dev.llmrouter.ChatMessage;
import dev.llmrouter.ChatRequest;
import dev.llmrouter.LlmRouter;
import org.jspecify.annotations.Nullable;

/**
 * Serves an abstract method of an {@link LlmClient} interface: builds the
 * {@link ChatRequest} from the arguments as the method's annotations and parameters say,
 * and calls the router in the style of its return type (a record, POJO, list or enum
 * return type asks for structured output). Everything is decided when the handler is
 * created; a method that cannot be served fails then, with an
 * {@link InvalidLlmClientException}.
 *
 * @author llm-router
 */
final class ChatMethodHandler implements MethodHandler {

	private static final Object[] NO_ARGUMENTS = {};

	private final LlmRouter router;

	private final ReturnAdapter returnAdapter;

	private final Function<@Nullable Object[], ChatRequest> requests;

	private ChatMethodHandler(LlmRouter router, ReturnAdapter returnAdapter,
			Function<@Nullable Object[], ChatRequest> requests) {
		this.router = router;
		this.returnAdapter = returnAdapter;
		this.requests = requests;
	}

	static ChatMethodHandler create(Method method, LlmClient client, LlmRouter router,
			@Nullable Collection<String> knownGroups, StructuredOutputSettings structuredOutput) {
		ReturnAdapter returnAdapter = ReturnAdapter.of(method, structuredOutput);
		CallOverrides overrides = CallOverrides.of(method, client, method.getAnnotation(LlmCall.class));
		checkGroups(method, overrides, knownGroups);
		Parameter[] parameters = method.getParameters();
		for (int i = 0; i < parameters.length; i++) {
			if (parameters[i].getType() == ChatRequest.class) {
				return new ChatMethodHandler(router, returnAdapter, passThrough(method, overrides, parameters));
			}
		}
		return new ChatMethodHandler(router, returnAdapter, fromMessages(method, overrides, parameters));
	}

	@Override
	public Object invoke(Object proxy, @Nullable Object @Nullable [] args) {
		return this.returnAdapter.call(this.router, this.requests.apply((args != null) ? args : NO_ARGUMENTS));
	}

	private static void checkGroups(Method method, CallOverrides overrides, @Nullable Collection<String> knownGroups) {
		String model = overrides.model();
		boolean passThrough = List.of(method.getParameterTypes()).contains(ChatRequest.class);
		if (model == null && !passThrough) {
			throw new InvalidLlmClientException(method, "no model group is named",
					"Name one with @LlmClient(\"group\") on the interface or @LlmCall(model = \"group\") on the method.");
		}
		if (knownGroups == null) {
			return;
		}
		Set<String> named = new LinkedHashSet<>();
		if (model != null) {
			named.add(model);
		}
		if (overrides.fallbacks() != null) {
			named.addAll(overrides.fallbacks());
		}
		for (String group : named) {
			if (!knownGroups.contains(group)) {
				throw new InvalidLlmClientException(method, "model group '" + group + "' is not configured",
						"Add it under llm.router.groups, or name one of " + knownGroups + ".");
			}
		}
	}

	private static Function<@Nullable Object[], ChatRequest> passThrough(Method method, CallOverrides overrides,
			Parameter[] parameters) {
		if (parameters.length != 1) {
			throw new InvalidLlmClientException(method, "a ChatRequest parameter must be the only parameter",
					"Put everything the call needs into the ChatRequest, or replace it with String and @Param parameters.");
		}
		if (method.isAnnotationPresent(UserMessage.class) || method.isAnnotationPresent(SystemMessage.class)) {
			throw new InvalidLlmClientException(method,
					"@UserMessage and @SystemMessage do not apply to a method that takes a ChatRequest",
					"Add the messages to the ChatRequest instead.");
		}
		String name = InvalidLlmClientException.nameOf(method);
		return (args) -> overrides.fillUnset((ChatRequest) requireArgument(name, parameters, args, 0));
	}

	private static Function<@Nullable Object[], ChatRequest> fromMessages(Method method, CallOverrides overrides,
			Parameter[] parameters) {
		UserMessage userMessage = method.getAnnotation(UserMessage.class);
		SystemMessage systemMessage = method.isAnnotationPresent(SystemMessage.class)
				? method.getAnnotation(SystemMessage.class)
				: method.getDeclaringClass().getAnnotation(SystemMessage.class);
		Map<String, Integer> variables = new LinkedHashMap<>();
		int messageIndex = -1;
		for (int i = 0; i < parameters.length; i++) {
			String variable = variableName(method, parameters[i], i, userMessage != null);
			if (variable == null) {
				messageIndex = messageParameter(method, parameters, i, messageIndex);
			}
			else if (variables.putIfAbsent(variable, i) != null) {
				throw new InvalidLlmClientException(method, "two parameters bind the placeholder {" + variable + "}",
						"Give each parameter its own @Param name.");
			}
		}
		if (userMessage == null && messageIndex < 0) {
			throw new InvalidLlmClientException(method, "has no user message",
					"Add a String parameter (the user message), or a @UserMessage template.");
		}
		MessageTemplate system = (systemMessage != null) ? MessageTemplate.parse(systemMessage.value()) : null;
		MessageTemplate user = (userMessage != null) ? MessageTemplate.parse(userMessage.value()) : null;
		checkPlaceholders(method, "@SystemMessage", system, variables);
		checkPlaceholders(method, "@UserMessage", user, variables);
		checkVariablesUsed(method, variables, system, user);
		MessageTemplate.Bound systemText = (system != null) ? system.bind(variables) : null;
		MessageTemplate.Bound userText = (user != null) ? user.bind(variables) : null;
		String name = InvalidLlmClientException.nameOf(method);
		int userIndex = messageIndex;
		return (args) -> {
			for (int i = 0; i < args.length; i++) {
				requireArgument(name, parameters, args, i);
			}
			ChatRequest.Builder request = overrides.newRequest();
			if (systemText != null) {
				request.message(ChatMessage.system(systemText.render(args)));
			}
			String text = (userText != null) ? userText.render(args) : (String) args[userIndex];
			return request.message(ChatMessage.user(text)).build();
		};
	}

	private static @Nullable String variableName(Method method, Parameter parameter, int index,
			boolean hasUserMessage) {
		Param param = parameter.getAnnotation(Param.class);
		if (param != null) {
			if (param.value().isBlank()) {
				throw new InvalidLlmClientException(method, "parameter " + index + " has an empty @Param name",
						"Name the placeholder it binds, such as @Param(\"text\").");
			}
			return param.value();
		}
		if (!hasUserMessage) {
			return null;
		}
		if (!parameter.isNamePresent()) {
			throw new InvalidLlmClientException(method, "parameter " + index + " has no name to bind a placeholder to",
					"Annotate it with @Param(\"name\"), or compile with -parameters.");
		}
		return parameter.getName();
	}

	private static int messageParameter(Method method, Parameter[] parameters, int index, int previous) {
		Parameter parameter = parameters[index];
		if (parameter.getType() != String.class) {
			throw new InvalidLlmClientException(method,
					"parameter " + describe(parameter, index) + " of type " + parameter.getType().getSimpleName()
							+ " is not supported",
					"Pass the user message as a String, bind values into a @UserMessage template with @Param, "
							+ "or take a ChatRequest.");
		}
		if (previous >= 0) {
			throw new InvalidLlmClientException(method,
					"parameters " + describe(parameters[previous], previous) + " and " + describe(parameter, index)
							+ " are both unannotated Strings, so the user message is ambiguous",
					"Keep one String parameter as the user message, or write a @UserMessage template "
							+ "and bind each parameter with @Param.");
		}
		return index;
	}

	private static void checkPlaceholders(Method method, String annotation, @Nullable MessageTemplate template,
			Map<String, Integer> variables) {
		if (template == null) {
			return;
		}
		for (String placeholder : template.placeholders()) {
			if (!variables.containsKey(placeholder)) {
				throw new InvalidLlmClientException(method,
						"placeholder {" + placeholder + "} in " + annotation + " has no parameter",
						"Add a parameter annotated @Param(\"" + placeholder + "\"), or remove the placeholder.");
			}
		}
	}

	private static void checkVariablesUsed(Method method, Map<String, Integer> variables,
			@Nullable MessageTemplate system, @Nullable MessageTemplate user) {
		for (String variable : variables.keySet()) {
			boolean used = (system != null && system.placeholders().contains(variable))
					|| (user != null && user.placeholders().contains(variable));
			if (!used) {
				throw new InvalidLlmClientException(method,
						"parameter '" + variable + "' is not used by any message template", "Add a {" + variable
								+ "} placeholder to @UserMessage or @SystemMessage, or remove the parameter.");
			}
		}
	}

	private static Object requireArgument(String method, Parameter[] parameters, @Nullable Object[] args, int index) {
		Object argument = args[index];
		if (argument == null) {
			throw new IllegalArgumentException(
					method + ": argument " + describe(parameters[index], index) + " must not be null");
		}
		return argument;
	}

	private static String describe(Parameter parameter, int index) {
		return parameter.isNamePresent() ? "'" + parameter.getName() + "'" : "#" + index;
	}

}
