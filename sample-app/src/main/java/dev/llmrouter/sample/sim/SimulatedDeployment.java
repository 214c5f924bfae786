package dev.llmrouter.sample.sim;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import dev.llmrouter.test.AnthropicReplies;
import dev.llmrouter.test.AnthropicStream;
import dev.llmrouter.test.ChunkStream;
import dev.llmrouter.test.Endpoint;
import dev.llmrouter.test.ErrorBodies;
import dev.llmrouter.test.Fault;
import dev.llmrouter.test.FaultProfile;
import dev.llmrouter.test.FunctionCall;
import dev.llmrouter.test.MockLlmServer.RecordedRequest;
import dev.llmrouter.test.MockLlmServer.Reply;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * One simulated deployment: the fixture's {@link FaultProfile} with the deployment's
 * failure mix, latency and token pacing, a context window that answers an over-long
 * prompt with the provider's 400, and tool calls. It answers in the wire format of the
 * path it is asked at: OpenAI's chat completions at {@code .../chat/completions},
 * Anthropic's Messages API at {@code .../v1/messages} (a message or its event stream,
 * {@code rate_limit_error}, {@code api_error}, 529 {@code overloaded_error}).
 * <p>
 * Tools: a request that carries tools and no tool result yet is answered with a call of
 * its first tool, whose first required argument is the question's last capitalised word
 * (the city of "What is the weather in Lisbon?"); once the result is sent back the answer
 * is text that quotes it. A deployment with {@code tools: false} answers any request with
 * tools with HTTP 400 {@code unsupported_parameter}, as a model without tool support
 * does.
 *
 * @author llm-router
 */
final class SimulatedDeployment {

	private static final int CHARS_PER_TOKEN = 4;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final String id;

	private final SimulatedProviderProperties.Deployment settings;

	private final FaultProfile faults;

	SimulatedDeployment(String id, SimulatedProviderProperties.Deployment settings, long seed) {
		this.id = id;
		this.settings = settings;
		this.faults = profile(id, settings, seed);
	}

	/**
	 * The fault profile of a deployment's settings.
	 * @param id the deployment id, whose answers name it
	 * @param settings the deployment's settings
	 * @param seed the seed of its draws
	 * @return the profile
	 */
	static FaultProfile profile(String id, SimulatedProviderProperties.Deployment settings, long seed) {
		Duration retryAfter = Duration.ofSeconds(Math.max(1, settings.getRetryAfter().toSeconds()));
		AtomicLong toolCalls = new AtomicLong();
		return FaultProfile.builder()
			.seed(seed)
			.rate(Fault.RATE_LIMITED, settings.getRateLimitRate())
			.rate(Fault.SERVER_ERROR, settings.getServerErrorRate())
			.rate(Fault.UNAVAILABLE, settings.getUnavailableRate())
			.rate(Fault.HANG, settings.getTimeoutRate())
			.hangTime(settings.getHangTime())
			.retryAfter(retryAfter, retryAfter)
			.latency(settings.getLatency(), settings.getLatencyJitter())
			.tokenInterval(settings.getTokenInterval())
			.answer((request) -> words(answerText(id, request)))
			.successReply((request) -> toolCall(request, toolCalls))
			.build();
	}

	FaultProfile faults() {
		return this.faults;
	}

	/**
	 * The reply to a request: 400 when the prompt exceeds the context window or carries
	 * tools the model cannot call, otherwise the profile's draw.
	 * @return the reply
	 */
	Reply reply() {
		return Reply.from((request) -> {
			boolean anthropic = request.endpoint() == Endpoint.MESSAGES;
			JsonNode body = json(request);
			int window = this.settings.getContextWindow();
			int promptTokens = promptTokens(body);
			if (window > 0 && promptTokens > window) {
				return Reply.delayed(this.settings.getLatency(), anthropic
						? AnthropicReplies.error("invalid_request_error",
								"prompt is too long: " + promptTokens + " tokens > " + window + " maximum")
						: Reply.json(400,
								ErrorBodies.openAi(
										"This model's maximum context length is " + window
												+ " tokens. However, your messages resulted in " + promptTokens
												+ " tokens. Please reduce the length of the messages.",
										"invalid_request_error", "messages", "context_length_exceeded"),
								Map.of()));
			}
			if (!this.settings.isTools() && !body.path("tools").isEmpty()) {
				String message = "The model " + body.path("model").asString("") + " does not support tools.";
				return Reply.delayed(this.settings.getLatency(),
						anthropic ? AnthropicReplies.error("invalid_request_error", message) : Reply.json(400,
								ErrorBodies.openAi(message, "invalid_request_error", "tools", "unsupported_parameter"),
								Map.of()));
			}
			return this.faults;
		});
	}

	/**
	 * A call of the request's first tool, when it carries tools and no tool result yet.
	 */
	private static @Nullable Reply toolCall(RecordedRequest request, AtomicLong sequence) {
		JsonNode body = json(request);
		JsonNode tool = body.path("tools").path(0);
		if (tool.isMissingNode() || !toolResults(body).isEmpty()) {
			return null;
		}
		boolean anthropic = request.endpoint() == Endpoint.MESSAGES;
		String name = anthropic ? tool.path("name").asString("") : tool.path("function").path("name").asString("");
		JsonNode schema = anthropic ? tool.path("input_schema") : tool.path("function").path("parameters");
		String arguments = arguments(schema, question(body));
		long n = sequence.incrementAndGet();
		if (anthropic) {
			String id = "toolu_sim%04d".formatted(n);
			return request.streaming() ? AnthropicReplies.stream(AnthropicStream.create()
				.messageStart()
				.toolUse(id, name, arguments)
				.messageDelta("tool_use", 12)
				.messageStop()) : AnthropicReplies.toolUse(id, name, arguments);
		}
		FunctionCall call = FunctionCall.of("call_sim%04d".formatted(n), name, arguments);
		return request.streaming() ? Reply.stream(ChunkStream.toolCalls(call)) : Reply.toolCalls(call);
	}

	/**
	 * The arguments of a simulated tool call: the schema's first required property (else
	 * its first) set to the question's last capitalised word.
	 */
	private static String arguments(JsonNode schema, String question) {
		ObjectNode arguments = JSON.createObjectNode();
		String property = schema.path("required").path(0).asString("");
		if (property.isEmpty() && !schema.path("properties").isEmpty()) {
			property = schema.path("properties").propertyNames().iterator().next();
		}
		if (!property.isEmpty()) {
			arguments.put(property, subject(question));
		}
		return JSON.writeValueAsString(arguments);
	}

	private static String subject(String question) {
		String subject = question.strip();
		for (String word : question.split("[^\\p{L}\\p{N}-]+")) {
			if (!word.isEmpty() && Character.isUpperCase(word.charAt(0))) {
				subject = word;
			}
		}
		return subject;
	}

	private static int promptTokens(JsonNode body) {
		int chars = body.path("system").isString() ? body.path("system").asString().length() : 0;
		for (JsonNode message : body.path("messages")) {
			JsonNode content = message.path("content");
			if (content.isString()) {
				chars += content.asString().length();
			}
			for (JsonNode block : content) {
				chars += block.path("text").asString("").length() + text(block.path("content")).length();
			}
		}
		return (chars + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN;
	}

	private static String answerText(String id, RecordedRequest request) {
		JsonNode body = json(request);
		String question = question(body);
		if (question.length() > 60) {
			question = question.substring(0, 57) + "...";
		}
		List<String> results = toolResults(body);
		if (!results.isEmpty()) {
			return "Simulated answer from " + id + " to \"" + question + "\", from the tool's result: "
					+ String.join("; ", results);
		}
		return "Simulated answer from " + id + " to \"" + question + "\": the router picked this deployment,"
				+ " and every retry, fallback and cooldown on the way shows on the dashboard.";
	}

	/**
	 * The text of the last user message that has some (a turn of tool results has none).
	 */
	private static String question(JsonNode body) {
		String question = "";
		for (JsonNode message : body.path("messages")) {
			if ("user".equals(message.path("role").asString(""))) {
				String text = text(message.path("content"));
				if (!text.isBlank()) {
					question = text;
				}
			}
		}
		return question.strip();
	}

	/**
	 * The tool results that end the conversation: OpenAI's {@code tool} messages after
	 * the last assistant turn, or the {@code tool_result} blocks of Anthropic's last user
	 * turn.
	 */
	private static List<String> toolResults(JsonNode body) {
		List<String> results = new ArrayList<>();
		for (JsonNode message : body.path("messages")) {
			String role = message.path("role").asString("");
			if ("assistant".equals(role)) {
				results.clear();
			}
			else if ("tool".equals(role)) {
				results.add(text(message.path("content")));
			}
			else if ("user".equals(role)) {
				results.clear();
				for (JsonNode block : message.path("content")) {
					if ("tool_result".equals(block.path("type").asString(""))) {
						results.add(text(block.path("content")));
					}
				}
			}
		}
		return results;
	}

	/** A content's text: a string, or its text blocks (or parts) joined. */
	private static String text(JsonNode content) {
		if (content.isString()) {
			return content.asString();
		}
		StringBuilder text = new StringBuilder();
		for (JsonNode block : content) {
			if ("text".equals(block.path("type").asString(""))) {
				text.append(block.path("text").asString(""));
			}
		}
		return text.toString();
	}

	private static JsonNode json(RecordedRequest request) {
		try {
			return request.json();
		}
		catch (RuntimeException ex) {
			return JSON.missingNode();
		}
	}

	private static List<String> words(String text) {
		List<String> words = new ArrayList<>();
		int start = 0;
		for (int i = 1; i <= text.length(); i++) {
			if (i == text.length() || text.charAt(i) == ' ') {
				words.add(text.substring(start, i));
				start = i;
			}
		}
		return words;
	}

	@Override
	public String toString() {
		return "simulated deployment " + this.id;
	}

}
