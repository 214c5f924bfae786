package dev.llmrouter.sample;

import java.util.ArrayList;
import java.util.List;

import dev.llmrouter.ChatMessage;
import dev.llmrouter.ChatRequest;
import dev.llmrouter.LlmRouter;
import dev.llmrouter.ToolCall;
import dev.llmrouter.ToolDefinition;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.stereotype.Component;

/**
 * A small tool loop through the router: the question goes to the {@code fast} group with
 * one tool, {@code get_weather(city)}; when the model calls it, the agent runs it and
 * sends the result back ({@link ChatMessage#tool(String, String)}) until the model
 * answers with text. Each turn is a call of its own, with its retries and fallbacks: in
 * the sample the OpenAI-format models cannot call tools, so every turn falls back from
 * {@code fast} through {@code smart} to {@code claude}, and the conversation, tool call
 * and result included, is translated for Anthropic's Messages API.
 *
 * @author llm-router
 */
@Component
class WeatherAgent {

	static final String GROUP = "fast";

	/** Turns before the agent gives up on a model that keeps calling tools. */
	static final int MAX_TURNS = 4;

	static final ToolDefinition GET_WEATHER = ToolDefinition.function("get_weather",
			"The current weather in a city: temperature in degrees Celsius and conditions.",
			"{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\",\"description\":"
					+ "\"The city, such as Lisbon\"}},\"required\":[\"city\"],\"additionalProperties\":false}");

	private static final String SYSTEM = "You are a concise assistant. Use get_weather for questions about the weather.";

	private static final List<String> CONDITIONS = List.of("sunny", "cloudy", "light rain", "windy", "foggy");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final LlmRouter router;

	private final RecentCalls recentCalls;

	WeatherAgent(LlmRouter router, RecentCalls recentCalls) {
		this.router = router;
		this.recentCalls = recentCalls;
	}

	/**
	 * Answer a question, calling the tool as the model asks.
	 * @param question the user's question
	 * @return the answer, the tool calls and every turn's path through the router
	 */
	Mono<AgentResult> ask(String question) {
		List<ChatMessage> messages = List.of(ChatMessage.system(SYSTEM), ChatMessage.user(question));
		return Mono.defer(() -> turn(messages, new ArrayList<>(), new ArrayList<>()));
	}

	private Mono<AgentResult> turn(List<ChatMessage> messages, List<AgentResult.ToolRun> tools,
			List<AgentResult.Turn> turns) {
		ChatRequest request = ChatRequest.builder().model(GROUP).messages(messages).tool(GET_WEATHER).build();
		return this.router.chatAsync(request).flatMap((response) -> {
			turns.add(AgentResult.Turn.of(response));
			List<ToolCall> calls = response.toolCalls();
			if (calls.isEmpty() || turns.size() >= MAX_TURNS) {
				return Mono.just(new AgentResult(response.content(), List.copyOf(tools), List.copyOf(turns)));
			}
			this.recentCalls.toolsCalled(response.metadata(), calls);
			List<ChatMessage> next = new ArrayList<>(messages);
			next.add(ChatMessage.assistant(response.content().isEmpty() ? null : response.content(), calls));
			for (ToolCall call : calls) {
				String result = run(call);
				tools.add(new AgentResult.ToolRun(call.id(), call.name(), call.arguments(), result));
				next.add(ChatMessage.tool(call.id(), result));
			}
			return turn(next, tools, turns);
		});
	}

	/**
	 * Run a tool call; what the model got wrong (an unknown tool, arguments that are not
	 * JSON) goes back to it as the result, as an agent would tell it.
	 */
	static String run(ToolCall call) {
		if (!GET_WEATHER.name().equals(call.name())) {
			return "{\"error\":\"unknown tool " + call.name().replaceAll("[^\\w-]", "") + "\"}";
		}
		String city;
		try {
			JsonNode arguments = JSON.readTree(call.arguments());
			city = arguments.path("city").asString("").strip();
		}
		catch (JacksonException ex) {
			return "{\"error\":\"the arguments are not a JSON object\"}";
		}
		if (city.isEmpty()) {
			return "{\"error\":\"city is required\"}";
		}
		return weather(city);
	}

	/** Made-up weather, the same for a city every time. */
	static String weather(String city) {
		int hash = Math.floorMod(city.toLowerCase(java.util.Locale.ROOT).hashCode(), 1000);
		ObjectNode weather = JSON.createObjectNode()
			.put("city", city)
			.put("temperature_c", 5 + hash % 25)
			.put("conditions", CONDITIONS.get(hash % CONDITIONS.size()));
		return JSON.writeValueAsString(weather);
	}

}
