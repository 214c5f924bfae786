package dev.llmrouter.provider.anthropic;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

import dev.llmrouter.ChatChunk;
import dev.llmrouter.ToolCallDelta;
import dev.llmrouter.Usage;
import dev.llmrouter.error.internal.FailureClassifier;
import dev.llmrouter.provider.ProviderErrorException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Reads the events of one Messages API stream into {@link ChatChunk}s. Each event's data
 * repeats its name as {@code type}, which is what is read:
 * <ul>
 * <li>{@code message_start}: a chunk carrying the message's {@code id}, {@code model} and
 * other fields in its {@code providerFields}; its input tokens are remembered for the
 * usage;</li>
 * <li>{@code content_block_start}: a {@code text} block's text (if any) as content; a
 * {@code tool_use} block as a {@link ToolCallDelta} with its id and name (tool calls are
 * numbered 0, 1, … in the order their blocks start); a {@code thinking} block's text as
 * {@code reasoning_content}; any other block kept as {@code content_block} in
 * {@code providerFields};</li>
 * <li>{@code content_block_delta}: {@code text_delta} as content,
 * {@code input_json_delta} as an arguments fragment of the block's tool call,
 * {@code thinking_delta} as {@code reasoning_content}, {@code signature_delta} and others
 * in {@code providerFields};</li>
 * <li>{@code message_delta}: the normalised finish reason and the usage;</li>
 * <li>{@code message_stop}: the end; {@code content_block_stop}, {@code ping} and unknown
 * events are skipped;</li>
 * <li>{@code error}: fails with a {@link ProviderErrorException} of status 0, classified
 * by its {@code error.type} as the same error in an HTTP body would be.</li>
 * </ul>
 * A {@code stop_reason} of {@code refusal} fails the stream as a content-policy
 * violation. One reader per stream; not thread-safe.
 *
 * @author llm-router
 */
final class MessageStreamReader {

	private static final Log logger = LogFactory.getLog(MessageStreamReader.class);

	private static final String DELTA = "delta";

	private static final String INDEX = "index";

	private final AnthropicCodec codec;

	private final String source;

	private final @Nullable String apiKey;

	private final Supplier<Map<String, String>> headers;

	/** Content block index to tool call number, for the blocks that are tool calls. */
	private final Map<Integer, Integer> toolCalls = new HashMap<>();

	private long inputTokens;

	private boolean stopped;

	private boolean finished;

	MessageStreamReader(AnthropicCodec codec, String source, @Nullable String apiKey,
			Supplier<Map<String, String>> headers) {
		this.codec = codec;
		this.source = source;
		this.apiKey = apiKey;
		this.headers = headers;
	}

	/**
	 * Read one event's data.
	 * @param data the array holding it
	 * @param offset where it starts
	 * @param length its length
	 * @param chunks receives the chunks
	 * @return {@code false} after {@code message_stop}
	 */
	boolean read(byte[] data, int offset, int length, Consumer<ChatChunk> chunks) {
		String text = this.codec.textDelta(data, offset, length);
		if (text != null) {
			if (!text.isEmpty()) {
				chunks.accept(new ChatChunk(text, null, null));
			}
			return true;
		}
		Map<String, Object> event;
		try {
			event = this.codec.readObject(data, offset, length);
			return dispatch(event, chunks);
		}
		catch (AnthropicCodec.WireFormat ex) {
			throw FailureClassifier.malformed(this.source,
					"an event of the stream is malformed (" + ex.getMessage() + ")", null);
		}
	}

	/** Whether a {@code message_delta} gave a stop reason. */
	boolean finished() {
		return this.finished;
	}

	/** Whether {@code message_stop} came. */
	boolean stopped() {
		return this.stopped;
	}

	private boolean dispatch(Map<String, Object> event, Consumer<ChatChunk> chunks) {
		Object type = event.get(AnthropicCodec.TYPE);
		if (!(type instanceof String name)) {
			throw new AnthropicCodec.WireFormat("an event without a 'type'");
		}
		switch (name) {
			case "message_start" -> messageStart(event, chunks);
			case "content_block_start" -> blockStart(event, chunks);
			case "content_block_delta" -> blockDelta(event, chunks);
			case "message_delta" -> messageDelta(event, chunks);
			case "message_stop" -> {
				this.stopped = true;
				return false;
			}
			case AnthropicCodec.ERROR ->
				throw new ProviderErrorException(AnthropicCodec.errorFrom(0, this.headers.get(), event, this.apiKey));
			case "content_block_stop", "ping" -> {
			}
			default -> {
				if (logger.isDebugEnabled()) {
					logger.debug("Event '" + name + "' from " + this.source + " skipped: not a known stream event");
				}
			}
		}
		return true;
	}

	private void messageStart(Map<String, Object> event, Consumer<ChatChunk> chunks) {
		Object value = event.get("message");
		if (!(value instanceof Map<?, ?> message)) {
			throw new AnthropicCodec.WireFormat(
					"expected an object for 'message', found " + AnthropicCodec.describe(value));
		}
		Map<String, Object> fields = new LinkedHashMap<>();
		for (Map.Entry<?, ?> entry : message.entrySet()) {
			String name = String.valueOf(entry.getKey());
			Object field = entry.getValue();
			switch (name) {
				case "usage" -> {
					Usage usage = AnthropicCodec.usage(field, fields, 0);
					this.inputTokens = (usage != null) ? usage.promptTokens() : 0;
				}
				case "content", "type", "role" -> {
				}
				default -> {
					if (field != null) {
						fields.put(name, field);
					}
				}
			}
		}
		chunks.accept(new ChatChunk(0, "", List.of(), null, null, null, fields));
	}

	private void blockStart(Map<String, Object> event, Consumer<ChatChunk> chunks) {
		int index = AnthropicCodec.index(event.get(INDEX));
		Map<?, ?> block = object(event.get("content_block"), "content_block");
		Object type = block.get(AnthropicCodec.TYPE);
		if ("text".equals(type)) {
			String text = AnthropicCodec.string(block.get("text"), "text");
			if (text != null && !text.isEmpty()) {
				chunks.accept(new ChatChunk(text, null, null));
			}
		}
		else if ("tool_use".equals(type)) {
			int call = this.toolCalls.size();
			this.toolCalls.put(index, call);
			String id = AnthropicCodec.string(block.get("id"), "id");
			String name = AnthropicCodec.string(block.get("name"), "name");
			Object input = block.get("input");
			String arguments = (input instanceof Map<?, ?> map && !map.isEmpty())
					? AnthropicCodec.PlainJson.toJson(input) : "";
			chunks.accept(new ChatChunk(0, "", List.of(new ToolCallDelta(call, id, name, arguments)), null, null, null,
					Map.of()));
		}
		else if ("thinking".equals(type)) {
			String thinking = AnthropicCodec.string(block.get("thinking"), "thinking");
			if (thinking != null && !thinking.isEmpty()) {
				chunks.accept(fields(Map.of(AnthropicCodec.REASONING_CONTENT, thinking)));
			}
		}
		else {
			chunks.accept(fields(Map.of("content_block", block)));
		}
	}

	private void blockDelta(Map<String, Object> event, Consumer<ChatChunk> chunks) {
		int index = AnthropicCodec.index(event.get(INDEX));
		Map<?, ?> delta = object(event.get(DELTA), DELTA);
		Object type = delta.get(AnthropicCodec.TYPE);
		if ("text_delta".equals(type)) {
			String text = AnthropicCodec.string(delta.get("text"), "text");
			if (text != null && !text.isEmpty()) {
				chunks.accept(new ChatChunk(text, null, null));
			}
		}
		else if ("input_json_delta".equals(type)) {
			Integer call = this.toolCalls.get(index);
			if (call == null) {
				throw new AnthropicCodec.WireFormat(
						"an input_json_delta for block " + index + ", not a tool_use block");
			}
			String json = AnthropicCodec.string(delta.get("partial_json"), "partial_json");
			if (json != null && !json.isEmpty()) {
				chunks.accept(new ChatChunk(0, "", List.of(new ToolCallDelta(call, null, null, json)), null, null, null,
						Map.of()));
			}
		}
		else if ("thinking_delta".equals(type)) {
			String thinking = AnthropicCodec.string(delta.get("thinking"), "thinking");
			if (thinking != null && !thinking.isEmpty()) {
				chunks.accept(fields(Map.of(AnthropicCodec.REASONING_CONTENT, thinking)));
			}
		}
		else {
			chunks.accept(fields(Map.of("content_block_delta", delta)));
		}
	}

	private void messageDelta(Map<String, Object> event, Consumer<ChatChunk> chunks) {
		Map<String, Object> fields = new LinkedHashMap<>();
		String stopReason = null;
		Object value = event.get(DELTA);
		if (value != null) {
			Map<?, ?> delta = object(value, DELTA);
			stopReason = AnthropicCodec.string(delta.get("stop_reason"), "stop_reason");
			delta.forEach((name, field) -> {
				if (!"stop_reason".equals(name) && field != null) {
					fields.put(String.valueOf(name), field);
				}
			});
		}
		Usage usage = AnthropicCodec.usage(event.get("usage"), fields, this.inputTokens);
		if (AnthropicCodec.REFUSAL.equals(stopReason)) {
			throw AnthropicCodec.refused(this.source).withProviderFields(fields);
		}
		if (stopReason != null) {
			this.finished = true;
			if (StopReasons.isUnmapped(stopReason)) {
				fields.put("stop_reason", stopReason);
			}
		}
		chunks.accept(new ChatChunk(0, "", List.of(), null, StopReasons.normalise(stopReason), usage, fields));
	}

	private static ChatChunk fields(Map<String, Object> fields) {
		return new ChatChunk(0, "", List.of(), null, null, null, fields);
	}

	private static Map<?, ?> object(@Nullable Object value, String field) {
		if (value instanceof Map<?, ?> map) {
			return map;
		}
		throw new AnthropicCodec.WireFormat(
				"expected an object for '" + field + "', found " + AnthropicCodec.describe(value));
	}

}
