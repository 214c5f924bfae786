package dev.llmrouter.test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One choice of a {@link Completion}: its assistant message (text, tool calls or a
 * refusal), finish reason, logprobs and any other field a provider adds (Azure's
 * {@code content_filter_results}, DeepSeek's {@code reasoning_content}, …).
 */
public final class CompletionChoice {

	private final @Nullable String content;

	private final List<FunctionCall> toolCalls;

	private final @Nullable String refusal;

	private String finishReason;

	private final List<ObjectNode> logprobs = new ArrayList<>();

	private @Nullable String rawLogprobs;

	private final Map<String, String> messageFields = new java.util.LinkedHashMap<>();

	private final Map<String, String> fields = new java.util.LinkedHashMap<>();

	private CompletionChoice(@Nullable String content, List<FunctionCall> toolCalls, @Nullable String refusal,
			String finishReason) {
		this.content = content;
		this.toolCalls = toolCalls;
		this.refusal = refusal;
		this.finishReason = finishReason;
	}

	/**
	 * A text answer ({@code finish_reason: stop}).
	 * @param content the text
	 * @return the choice
	 */
	public static CompletionChoice text(String content) {
		return new CompletionChoice(content, List.of(), null, "stop");
	}

	/**
	 * Tool calls with {@code content: null} ({@code finish_reason: tool_calls}).
	 * @param calls the calls
	 * @return the choice
	 */
	public static CompletionChoice toolCalls(FunctionCall... calls) {
		return new CompletionChoice(null, List.of(calls), null, "tool_calls");
	}

	/**
	 * A refusal: {@code content: null}, {@code refusal} set ({@code finish_reason:
	 * stop}).
	 * @param refusal the refusal text
	 * @return the choice
	 */
	public static CompletionChoice refusal(String refusal) {
		return new CompletionChoice(null, List.of(), refusal, "stop");
	}

	/**
	 * Set the finish reason, such as {@code length} or {@code content_filter}.
	 * @param finishReason the finish reason as the provider sends it
	 * @return this choice
	 */
	public CompletionChoice finishReason(String finishReason) {
		this.finishReason = finishReason;
		return this;
	}

	/**
	 * Add a token's log probability to {@code logprobs.content}.
	 * @param token the token
	 * @param logprob its log probability
	 * @return this choice
	 */
	public CompletionChoice logprob(String token, double logprob) {
		ObjectNode entry = WireJson.object().put("token", token).put("logprob", logprob);
		ArrayNode bytes = entry.putArray("bytes");
		for (byte b : token.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
			bytes.add(b & 0xff);
		}
		entry.putArray("top_logprobs");
		this.logprobs.add(entry);
		return this;
	}

	/**
	 * Set {@code logprobs} to pre-serialised JSON.
	 * @param json the logprobs object
	 * @return this choice
	 */
	public CompletionChoice logprobs(String json) {
		this.rawLogprobs = json;
		return this;
	}

	/**
	 * Add a field to the choice's message, such as {@code reasoning_content}.
	 * @param name the field name
	 * @param json the value as JSON
	 * @return this choice
	 */
	public CompletionChoice messageField(String name, String json) {
		this.messageFields.put(name, json);
		return this;
	}

	/**
	 * Add a field to the choice, such as Azure's {@code content_filter_results}.
	 * @param name the field name
	 * @param json the value as JSON
	 * @return this choice
	 */
	public CompletionChoice field(String name, String json) {
		this.fields.put(name, json);
		return this;
	}

	ObjectNode toNode(int index) {
		ObjectNode choice = WireJson.object().put("index", index);
		ObjectNode message = choice.putObject("message").put("role", "assistant");
		message.put("content", this.content);
		if (!this.toolCalls.isEmpty()) {
			ArrayNode calls = message.putArray("tool_calls");
			for (FunctionCall call : this.toolCalls) {
				ObjectNode node = calls.addObject().put("id", call.id()).put("type", "function");
				node.putObject("function").put("name", call.name()).put("arguments", call.arguments());
			}
		}
		message.put("refusal", this.refusal);
		message.putArray("annotations");
		this.messageFields.forEach((name, json) -> message.set(name, WireJson.MAPPER.readTree(json)));
		if (this.rawLogprobs != null) {
			choice.set("logprobs", WireJson.MAPPER.readTree(this.rawLogprobs));
		}
		else if (!this.logprobs.isEmpty()) {
			ObjectNode logprobs = choice.putObject("logprobs");
			logprobs.putArray("content").addAll(this.logprobs);
			logprobs.putNull("refusal");
		}
		else {
			choice.putNull("logprobs");
		}
		choice.put("finish_reason", this.finishReason);
		this.fields.forEach((name, json) -> choice.set(name, WireJson.MAPPER.readTree(json)));
		return choice;
	}

	int completionTokens() {
		String text = (this.content != null) ? this.content : (this.refusal != null) ? this.refusal : "";
		int tokens = text.isBlank() ? 0 : text.strip().split("\\s+").length;
		for (FunctionCall call : this.toolCalls) {
			tokens += 1 + call.arguments().length() / 4;
		}
		return Math.max(1, tokens);
	}

}
