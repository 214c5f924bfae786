package dev.llmrouter.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A chat completion stream in OpenAI's server-sent events, event by event, for
 * {@link MockLlmServer.Reply#stream(ChunkStream)} and its truncated and stalled variants.
 * Each {@code chat.completion.chunk} carries one choice's delta; a choice's first chunk
 * carries {@code role: assistant} (with {@code content: ""} before text, merged into the
 * first tool-call delta as OpenAI does); tool-call arguments arrive in fragments after a
 * first delta with the call's {@code id}, {@code type} and function {@code name}. The
 * stream ends where the builder ends: add {@link #usage(int, int)} for the
 * {@code include_usage} chunk ({@code choices: []}) and {@link #done()} for
 * {@code [DONE]}. The shapes are those of OpenAI's streaming guide and the
 * {@code chat.completion.chunk} object reference
 * (platform.openai.com/docs/api-reference/chat-streaming). <pre class="code">
 * ChunkStream.create()
 *     .content("The weather ", "is")
 *     .toolCall(FunctionCall.of("call_1", "get_weather", "{\"city\":\"Paris\"}"))
 *     .finish("tool_calls")
 *     .usage(12, 9)
 *     .done()
 * </pre>
 */
public final class ChunkStream {

	private static final int ARGUMENT_FRAGMENT = 5;

	private final List<Object> events = new ArrayList<>();

	private final BitSet started = new BitSet();

	private final java.util.Map<Integer, Integer> toolCalls = new java.util.HashMap<>();

	private String id = "chatcmpl-1";

	private String model = "mock-model";

	private Duration pace = Duration.ZERO;

	private boolean usage;

	private @Nullable List<String> frames;

	private ChunkStream() {
	}

	/**
	 * An empty stream: add its events.
	 * @return the stream
	 */
	public static ChunkStream create() {
		return new ChunkStream();
	}

	/**
	 * A complete text stream: the deltas, {@code finish_reason: stop}, usage and
	 * {@code [DONE]}.
	 * @param deltas the content deltas
	 * @return the stream
	 */
	public static ChunkStream text(String... deltas) {
		return create().content(deltas).finish("stop").usage(5, deltas.length).done();
	}

	/**
	 * A complete tool-call stream: each call's deltas in turn (arguments in fragments of
	 * five characters), {@code finish_reason: tool_calls}, usage and {@code [DONE]}.
	 * @param calls the tool calls
	 * @return the stream
	 */
	public static ChunkStream toolCalls(FunctionCall... calls) {
		ChunkStream stream = create();
		for (FunctionCall call : calls) {
			stream.toolCall(call);
		}
		return stream.finish("tool_calls").usage(5, calls.length * 8).done();
	}

	/**
	 * Set the id every chunk carries.
	 * @param id the id
	 * @return this stream
	 */
	public ChunkStream id(String id) {
		this.id = id;
		return change();
	}

	/**
	 * Set the model every chunk reports.
	 * @param model the model
	 * @return this stream
	 */
	public ChunkStream model(String model) {
		this.model = model;
		return change();
	}

	/**
	 * Pause (in real time) before each event.
	 * @param pace the pause
	 * @return this stream
	 */
	public ChunkStream pace(Duration pace) {
		this.pace = pace;
		return this;
	}

	/**
	 * The first chunk of choice 0 on its own: {@code role: assistant}, {@code content:
	 * ""}. Content and refusals add it when a choice has none yet.
	 * @return this stream
	 */
	public ChunkStream role() {
		startWithRole(0);
		return this;
	}

	/**
	 * Content deltas of choice 0, one chunk each.
	 * @param deltas the deltas
	 * @return this stream
	 */
	public ChunkStream content(String... deltas) {
		return content(0, deltas);
	}

	/**
	 * Content deltas of a choice, one chunk each.
	 * @param choice the choice index
	 * @param deltas the deltas
	 * @return this stream
	 */
	public ChunkStream content(int choice, String... deltas) {
		for (String delta : deltas) {
			startWithRole(choice);
			delta(choice, WireJson.object().put("content", delta), null);
		}
		return this;
	}

	/**
	 * Content deltas of several choices ({@code n > 1}), taken in turn one delta of each
	 * choice at a time, as OpenAI interleaves them; then {@code finish_reason:
	 * stop} for each choice.
	 * @param deltasPerChoice the deltas of choice 0, 1, …
	 * @return this stream
	 */
	public ChunkStream interleave(List<List<String>> deltasPerChoice) {
		int longest = deltasPerChoice.stream().mapToInt(List::size).max().orElse(0);
		for (int i = 0; i < longest; i++) {
			for (int choice = 0; choice < deltasPerChoice.size(); choice++) {
				if (i < deltasPerChoice.get(choice).size()) {
					content(choice, deltasPerChoice.get(choice).get(i));
				}
			}
		}
		for (int choice = 0; choice < deltasPerChoice.size(); choice++) {
			finish(choice, "stop");
		}
		return this;
	}

	/**
	 * A tool call of choice 0: a first delta with its id and name, then its arguments in
	 * fragments of five characters. Calls are indexed 0, 1, … in the order added.
	 * @param call the call
	 * @return this stream
	 */
	public ChunkStream toolCall(FunctionCall call) {
		return toolCall(0, call);
	}

	/**
	 * A tool call of a choice: a first delta with its id and name, then its arguments in
	 * fragments of five characters.
	 * @param choice the choice index
	 * @param call the call
	 * @return this stream
	 */
	public ChunkStream toolCall(int choice, FunctionCall call) {
		int index = this.toolCalls.merge(choice, 1, Integer::sum) - 1;
		toolCallStart(choice, index, call.id(), call.name());
		String arguments = call.arguments();
		for (int from = 0; from < arguments.length(); from += ARGUMENT_FRAGMENT) {
			toolCallArguments(choice, index,
					arguments.substring(from, Math.min(arguments.length(), from + ARGUMENT_FRAGMENT)));
		}
		return this;
	}

	/**
	 * The first delta of a tool call: index, id, {@code type: function}, the function's
	 * name and empty arguments.
	 * @param choice the choice index
	 * @param index the tool call's index
	 * @param callId the call's id
	 * @param name the function's name
	 * @return this stream
	 */
	public ChunkStream toolCallStart(int choice, int index, String callId, String name) {
		ObjectNode delta = WireJson.object();
		if (!this.started.get(choice)) {
			this.started.set(choice);
			delta.put("role", "assistant").putNull("content");
		}
		ObjectNode call = delta.putArray("tool_calls").addObject().put("index", index).put("id", callId);
		call.put("type", "function").putObject("function").put("name", name).put("arguments", "");
		if (delta.has("role")) {
			delta.putNull("refusal");
		}
		return delta(choice, delta, null);
	}

	/**
	 * A fragment of a tool call's arguments.
	 * @param choice the choice index
	 * @param index the tool call's index
	 * @param fragment the fragment of the arguments' JSON text
	 * @return this stream
	 */
	public ChunkStream toolCallArguments(int choice, int index, String fragment) {
		ObjectNode delta = WireJson.object();
		delta.putArray("tool_calls").addObject().put("index", index).putObject("function").put("arguments", fragment);
		return delta(choice, delta, null);
	}

	/**
	 * Refusal fragments of choice 0 ({@code delta.refusal}).
	 * @param fragments the fragments
	 * @return this stream
	 */
	public ChunkStream refusal(String... fragments) {
		for (String fragment : fragments) {
			startWithRole(0);
			delta(0, WireJson.object().put("refusal", fragment), null);
		}
		return this;
	}

	/**
	 * A chunk of choice 0 whose delta and choice carry extra fields, such as
	 * {@code reasoning_content} in the delta or {@code logprobs} in the choice.
	 * @param deltaJson the delta object as JSON
	 * @param choiceFieldsJson fields to add to the choice, as a JSON object
	 * @return this stream
	 */
	public ChunkStream chunk(String deltaJson, String choiceFieldsJson) {
		startWithRole(0);
		ObjectNode delta = (ObjectNode) WireJson.MAPPER.readTree(deltaJson);
		ObjectNode fields = (ObjectNode) WireJson.MAPPER.readTree(choiceFieldsJson);
		return delta(0, delta, fields);
	}

	/**
	 * The last chunk of choice 0: an empty delta with its finish reason.
	 * @param finishReason the finish reason as the provider sends it
	 * @return this stream
	 */
	public ChunkStream finish(String finishReason) {
		return finish(0, finishReason);
	}

	/**
	 * The last chunk of a choice: an empty delta with its finish reason.
	 * @param choice the choice index
	 * @param finishReason the finish reason
	 * @return this stream
	 */
	public ChunkStream finish(int choice, String finishReason) {
		ObjectNode fields = WireJson.object().put("finish_reason", finishReason);
		return delta(choice, WireJson.object(), fields);
	}

	/**
	 * The usage chunk that {@code stream_options.include_usage} asks for: no choices, the
	 * usage; the other chunks then carry {@code "usage": null}.
	 * @param promptTokens the prompt tokens
	 * @param completionTokens the completion tokens
	 * @return this stream
	 */
	public ChunkStream usage(int promptTokens, int completionTokens) {
		this.usage = true;
		ObjectNode chunk = WireJson.object();
		chunk.putArray("choices");
		chunk.set("usage", Completion.usageNode(promptTokens, completionTokens));
		this.events.add(chunk);
		return change();
	}

	/**
	 * An error event inside the stream, {@code data: {"error":{…}}}, as OpenAI and
	 * compatible servers send when a stream fails after HTTP 200.
	 * @param errorJson the event's data, such as {@link ErrorBodies#openAi}'s
	 * @return this stream
	 */
	public ChunkStream error(String errorJson) {
		this.events.add(errorJson);
		return change();
	}

	/**
	 * An event with raw data, written as given ({@code data: <text>}).
	 * @param data the event's data
	 * @return this stream
	 */
	public ChunkStream event(String data) {
		this.events.add(data);
		return change();
	}

	/**
	 * The {@code data: [DONE]} event that ends an OpenAI stream.
	 * @return this stream
	 */
	public ChunkStream done() {
		this.events.add("[DONE]");
		return change();
	}

	/**
	 * The stream's events as written on the wire, {@code data: …} and a blank line each.
	 * @return the frames
	 */
	public List<String> frames() {
		List<String> frames = this.frames;
		if (frames == null) {
			frames = new ArrayList<>(this.events.size());
			for (Object event : this.events) {
				String data = (event instanceof ObjectNode chunk) ? render(chunk) : (String) event;
				frames.add("data: " + data + "\n\n");
			}
			frames = List.copyOf(frames);
			this.frames = frames;
		}
		return frames;
	}

	Duration pace() {
		return this.pace;
	}

	private void startWithRole(int choice) {
		if (!this.started.get(choice)) {
			this.started.set(choice);
			delta(choice, WireJson.object().put("role", "assistant").put("content", "").putNull("refusal"), null);
		}
	}

	private ChunkStream delta(int choice, ObjectNode delta, @Nullable ObjectNode choiceFields) {
		ObjectNode chunk = WireJson.object();
		ArrayNode choices = chunk.putArray("choices");
		ObjectNode node = choices.addObject().put("index", choice);
		node.set("delta", delta);
		node.putNull("logprobs");
		node.putNull("finish_reason");
		if (choiceFields != null) {
			choiceFields.properties().forEach((entry) -> node.set(entry.getKey(), entry.getValue()));
		}
		this.events.add(chunk);
		return change();
	}

	private String render(ObjectNode event) {
		ObjectNode chunk = WireJson.object()
			.put("id", this.id)
			.put("object", "chat.completion.chunk")
			.put("created", 1700000000L)
			.put("model", this.model)
			.put("system_fingerprint", "fp_mock");
		event.properties().forEach((entry) -> chunk.set(entry.getKey(), entry.getValue()));
		if (this.usage && !chunk.has("usage")) {
			chunk.putNull("usage");
		}
		return WireJson.write(chunk);
	}

	private ChunkStream change() {
		this.frames = null;
		return this;
	}

}
