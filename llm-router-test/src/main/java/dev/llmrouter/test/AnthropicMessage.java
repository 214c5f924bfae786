package dev.llmrouter.test;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A Messages API answer ({@code "type": "message"}) as Anthropic returns it, block by
 * block, for {@link AnthropicReplies#message(AnthropicMessage)}: {@code id},
 * {@code model}, {@code role: assistant}, {@code content} (text, {@code tool_use},
 * {@code thinking} and any other blocks), {@code stop_reason}, {@code stop_sequence} and
 * {@code usage} with its cache fields. The shape is that of the Messages API reference
 * (docs.anthropic.com/en/api/messages). <pre class="code">
 * AnthropicMessage.create()
 *     .text("Let me check.")
 *     .toolUse("toolu_1", "get_weather", "{\"city\":\"Paris\"}")
 *     .stopReason("tool_use")
 * </pre>
 */
public final class AnthropicMessage {

	private final List<ObjectNode> blocks = new ArrayList<>();

	private String id = "msg_01";

	private String model = "claude-mock";

	private @Nullable String stopReason = "end_turn";

	private @Nullable String stopSequence;

	private int inputTokens = 11;

	private int outputTokens = 7;

	private AnthropicMessage() {
	}

	/**
	 * A message with no blocks yet, stopped with {@code end_turn}.
	 * @return the message
	 */
	public static AnthropicMessage create() {
		return new AnthropicMessage();
	}

	/**
	 * Add a {@code text} block.
	 * @param text the text
	 * @return this message
	 */
	public AnthropicMessage text(String text) {
		ObjectNode block = WireJson.object().put("type", "text").put("text", text);
		this.blocks.add(block);
		return this;
	}

	/**
	 * Add a {@code tool_use} block.
	 * @param id the tool call's id, such as {@code toolu_01}
	 * @param name the tool's name
	 * @param inputJson the input, a JSON object as text
	 * @return this message
	 */
	public AnthropicMessage toolUse(String id, String name, String inputJson) {
		ObjectNode block = WireJson.object().put("type", "tool_use").put("id", id).put("name", name);
		block.set("input", WireJson.MAPPER.readTree(inputJson));
		this.blocks.add(block);
		return this;
	}

	/**
	 * Add a {@code thinking} block (extended thinking) with its signature.
	 * @param thinking the reasoning text
	 * @return this message
	 */
	public AnthropicMessage thinking(String thinking) {
		this.blocks.add(WireJson.object().put("type", "thinking").put("thinking", thinking).put("signature", "sig-1"));
		return this;
	}

	/**
	 * Add any block, given as JSON.
	 * @param blockJson the block, such as a {@code redacted_thinking} block
	 * @return this message
	 */
	public AnthropicMessage block(String blockJson) {
		this.blocks.add((ObjectNode) WireJson.MAPPER.readTree(blockJson));
		return this;
	}

	/**
	 * The stop reason ({@code end_turn} unless set).
	 * @param stopReason such as {@code tool_use}, {@code max_tokens}, {@code refusal}
	 * @return this message
	 */
	public AnthropicMessage stopReason(@Nullable String stopReason) {
		this.stopReason = stopReason;
		return this;
	}

	/**
	 * The stop sequence that ended the message (with {@code stop_reason:
	 * stop_sequence}).
	 * @param stopSequence the sequence
	 * @return this message
	 */
	public AnthropicMessage stopSequence(String stopSequence) {
		this.stopReason = "stop_sequence";
		this.stopSequence = stopSequence;
		return this;
	}

	/**
	 * The usage (11 input and 7 output tokens unless set).
	 * @param inputTokens the input tokens
	 * @param outputTokens the output tokens
	 * @return this message
	 */
	public AnthropicMessage usage(int inputTokens, int outputTokens) {
		this.inputTokens = inputTokens;
		this.outputTokens = outputTokens;
		return this;
	}

	/**
	 * The message's id and model.
	 * @param id the id ({@code msg_01} unless set)
	 * @param model the model ({@code claude-mock} unless set)
	 * @return this message
	 */
	public AnthropicMessage identity(String id, String model) {
		this.id = id;
		this.model = model;
		return this;
	}

	/**
	 * The message as JSON.
	 * @return the body
	 */
	public String toJson() {
		ObjectNode message = WireJson.object()
			.put("id", this.id)
			.put("type", "message")
			.put("role", "assistant")
			.put("model", this.model);
		ArrayNode content = message.putArray("content");
		this.blocks.forEach(content::add);
		message.put("stop_reason", this.stopReason);
		message.put("stop_sequence", this.stopSequence);
		message.set("usage", usageJson(this.inputTokens, this.outputTokens));
		return WireJson.write(message);
	}

	static ObjectNode usageJson(int inputTokens, int outputTokens) {
		return WireJson.object()
			.put("input_tokens", inputTokens)
			.put("cache_creation_input_tokens", 0)
			.put("cache_read_input_tokens", 0)
			.put("output_tokens", outputTokens)
			.put("service_tier", "standard");
	}

}
