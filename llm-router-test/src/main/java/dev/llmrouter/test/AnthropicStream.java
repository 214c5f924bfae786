package dev.llmrouter.test;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ObjectNode;

/**
 * A Messages API stream as Anthropic sends it, event by event, for
 * {@link AnthropicReplies#stream(AnthropicStream)}: each server-sent event has an
 * {@code event:} name and {@code data} whose {@code type} repeats it. A real stream is
 * {@code message_start}, then per content block {@code content_block_start}, its
 * {@code content_block_delta}s ({@code text_delta}, {@code input_json_delta},
 * {@code thinking_delta}) and {@code content_block_stop}, then {@code message_delta}
 * (stop reason, output tokens) and {@code message_stop}, with {@code ping}s anywhere; an
 * {@code error} event may come at any point (streaming guide,
 * docs.anthropic.com/en/docs/build-with-claude/streaming). Blocks are numbered in the
 * order they are added. <pre class="code">
 * AnthropicStream.create()
 *     .messageStart()
 *     .ping()
 *     .text("Hello", " world")
 *     .toolUse("toolu_1", "get_weather", "{\"city\":", "\"Paris\"}")
 *     .messageDelta("tool_use", 9)
 *     .messageStop()
 * </pre>
 */
public final class AnthropicStream {

	private final List<String> frames = new ArrayList<>();

	private int blocks;

	private String id = "msg_01";

	private String model = "claude-mock";

	private AnthropicStream() {
	}

	/**
	 * An empty stream: add its events.
	 * @return the stream
	 */
	public static AnthropicStream create() {
		return new AnthropicStream();
	}

	/**
	 * The whole stream of a text answer: {@code message_start}, a {@code ping}, one text
	 * block with a delta per text, {@code message_delta} ({@code end_turn}) and
	 * {@code message_stop}.
	 * @param deltas the text deltas
	 * @return the stream
	 */
	public static AnthropicStream ofText(String... deltas) {
		return create().messageStart().ping().text(deltas).messageDelta("end_turn", deltas.length).messageStop();
	}

	/**
	 * The id and model {@code message_start} reports.
	 * @param id the id
	 * @param model the model
	 * @return this stream
	 */
	public AnthropicStream identity(String id, String model) {
		this.id = id;
		this.model = model;
		return this;
	}

	/**
	 * A {@code message_start} event with 11 input tokens.
	 * @return this stream
	 */
	public AnthropicStream messageStart() {
		ObjectNode message = WireJson.object()
			.put("id", this.id)
			.put("type", "message")
			.put("role", "assistant")
			.put("model", this.model);
		message.putArray("content");
		message.putNull("stop_reason");
		message.putNull("stop_sequence");
		message.set("usage", AnthropicMessage.usageJson(11, 1));
		ObjectNode data = WireJson.object().put("type", "message_start");
		data.set("message", message);
		return event("message_start", data);
	}

	/**
	 * A text block: {@code content_block_start} with empty text, a {@code text_delta} per
	 * delta, {@code content_block_stop}.
	 * @param deltas the text deltas
	 * @return this stream
	 */
	public AnthropicStream text(String... deltas) {
		int index = this.blocks++;
		ObjectNode block = WireJson.object().put("type", "text").put("text", "");
		blockStart(index, block);
		for (String delta : deltas) {
			blockDelta(index, WireJson.object().put("type", "text_delta").put("text", delta));
		}
		return blockStop(index);
	}

	/**
	 * A tool_use block: {@code content_block_start} with the id, name and an empty input,
	 * an {@code input_json_delta} per fragment, {@code content_block_stop}.
	 * @param id the tool call's id
	 * @param name the tool's name
	 * @param fragments the input's JSON text, in fragments
	 * @return this stream
	 */
	public AnthropicStream toolUse(String id, String name, String... fragments) {
		int index = this.blocks++;
		ObjectNode block = WireJson.object().put("type", "tool_use").put("id", id).put("name", name);
		block.putObject("input");
		blockStart(index, block);
		for (String fragment : fragments) {
			blockDelta(index, WireJson.object().put("type", "input_json_delta").put("partial_json", fragment));
		}
		return blockStop(index);
	}

	/**
	 * A thinking block: {@code thinking_delta}s, then a {@code signature_delta}.
	 * @param deltas the reasoning deltas
	 * @return this stream
	 */
	public AnthropicStream thinking(String... deltas) {
		int index = this.blocks++;
		blockStart(index, WireJson.object().put("type", "thinking").put("thinking", ""));
		for (String delta : deltas) {
			blockDelta(index, WireJson.object().put("type", "thinking_delta").put("thinking", delta));
		}
		blockDelta(index, WireJson.object().put("type", "signature_delta").put("signature", "sig-1"));
		return blockStop(index);
	}

	/**
	 * A {@code message_delta} with the stop reason and the output tokens.
	 * @param stopReason the stop reason, such as {@code end_turn}, or {@code null}
	 * @param outputTokens the output tokens
	 * @return this stream
	 */
	public AnthropicStream messageDelta(@Nullable String stopReason, int outputTokens) {
		ObjectNode data = WireJson.object().put("type", "message_delta");
		data.putObject("delta").put("stop_reason", stopReason).putNull("stop_sequence");
		data.putObject("usage").put("output_tokens", outputTokens);
		return event("message_delta", data);
	}

	/**
	 * A {@code message_stop} event.
	 * @return this stream
	 */
	public AnthropicStream messageStop() {
		return event("message_stop", WireJson.object().put("type", "message_stop"));
	}

	/**
	 * A {@code ping} event.
	 * @return this stream
	 */
	public AnthropicStream ping() {
		return event("ping", WireJson.object().put("type", "ping"));
	}

	/**
	 * An {@code error} event, as Anthropic sends when it is overloaded mid-stream.
	 * @param type the error type, such as {@code overloaded_error}
	 * @param message the message
	 * @return this stream
	 */
	public AnthropicStream error(String type, String message) {
		return event("error", (ObjectNode) WireJson.MAPPER.readTree(AnthropicReplies.errorJson(type, message)));
	}

	/**
	 * Any event, such as one of a kind added after this fixture was written.
	 * @param name the event name
	 * @param dataJson the data, JSON
	 * @return this stream
	 */
	public AnthropicStream event(String name, String dataJson) {
		this.frames.add("event: " + name + "\ndata: " + dataJson + "\n\n");
		return this;
	}

	/**
	 * The frames of the stream, each an event with its blank line.
	 * @return the frames
	 */
	public List<String> frames() {
		return List.copyOf(this.frames);
	}

	private void blockStart(int index, ObjectNode block) {
		ObjectNode data = WireJson.object().put("type", "content_block_start").put("index", index);
		data.set("content_block", block);
		event("content_block_start", data);
	}

	private void blockDelta(int index, ObjectNode delta) {
		ObjectNode data = WireJson.object().put("type", "content_block_delta").put("index", index);
		data.set("delta", delta);
		event("content_block_delta", data);
	}

	private AnthropicStream blockStop(int index) {
		return event("content_block_stop", WireJson.object().put("type", "content_block_stop").put("index", index));
	}

	private AnthropicStream event(String name, ObjectNode data) {
		return event(name, WireJson.write(data));
	}

}
