package dev.llmrouter;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

/**
 * The answer to a {@link ChatRequest}.
 *
 * @param choices the completion choices in index order, usually one
 * @param usage token usage, if the provider reported it
 * @param model the model name the provider reported
 * @param metadata what happened during the call
 * @param providerFields the answer's top-level fields these types do not name, such as
 * {@code system_fingerprint} or {@code prompt_filter_results}
 */
public record ChatResponse(List<Choice> choices, @Nullable Usage usage, @Nullable String model, CallMetadata metadata,
		Map<String, Object> providerFields) {

	public ChatResponse {
		choices = List.copyOf(choices);
		providerFields = ProviderFields.copyOf(providerFields);
	}

	/**
	 * A response with no provider fields.
	 * @param choices the completion choices
	 * @param usage token usage, or {@code null}
	 * @param model the reported model, or {@code null}
	 * @param metadata what happened during the call
	 */
	public ChatResponse(List<Choice> choices, @Nullable Usage usage, @Nullable String model, CallMetadata metadata) {
		this(choices, usage, model, metadata, Map.of());
	}

	/**
	 * The text of the first choice.
	 * @return the content, or an empty string if the provider returned no choice
	 */
	public String content() {
		return this.choices.isEmpty() ? "" : this.choices.get(0).message().content();
	}

	/**
	 * The tool calls of the first choice.
	 * @return the tool calls, empty if the model asked for none
	 */
	public List<ToolCall> toolCalls() {
		return this.choices.isEmpty() ? List.of() : this.choices.get(0).message().toolCalls();
	}

	/**
	 * The refusal of the first choice, when the model declined to answer.
	 * @return the refusal, or {@code null}
	 */
	public @Nullable String refusal() {
		return this.choices.isEmpty() ? null : this.choices.get(0).message().refusal();
	}

	/**
	 * The finish reason of the first choice.
	 * @return the finish reason, or {@code null}
	 */
	public @Nullable String finishReason() {
		return this.choices.isEmpty() ? null : this.choices.get(0).finishReason();
	}

	/**
	 * A copy of this response with other metadata.
	 * @param metadata the metadata
	 * @return the copy
	 */
	public ChatResponse withMetadata(CallMetadata metadata) {
		return new ChatResponse(this.choices, this.usage, this.model, metadata, this.providerFields);
	}

	/**
	 * Assemble a streamed answer into a response: the text and refusal of each choice
	 * joined, its tool calls joined by index (id and name from the fragments that carry
	 * them, arguments in order), its last finish reason, the last usage reported. Each
	 * choice's provider fields are gathered: text values (such as
	 * {@code reasoning_content}) joined, other values collected in a list in the order
	 * they came.
	 * @param chunks the chunks, in the order they came
	 * @return the response, with empty metadata
	 */
	public static ChatResponse fromChunks(List<ChatChunk> chunks) {
		Map<Integer, ChoiceAssembly> choices = new TreeMap<>();
		Usage usage = null;
		for (ChatChunk chunk : chunks) {
			if (chunk.usage() != null) {
				usage = chunk.usage();
			}
			if (chunk.delivers() || chunk.finishReason() != null || !chunk.providerFields().isEmpty()) {
				choices.computeIfAbsent(chunk.choiceIndex(), ChoiceAssembly::new).add(chunk);
			}
		}
		List<Choice> assembled = new ArrayList<>(choices.size());
		for (ChoiceAssembly choice : choices.values()) {
			assembled.add(choice.toChoice());
		}
		return new ChatResponse(assembled, usage, null, CallMetadata.empty(""), Map.of());
	}

	private static final class ChoiceAssembly {

		private final int index;

		private final StringBuilder text = new StringBuilder();

		private @Nullable StringBuilder refusal;

		private final Map<Integer, ToolCallAssembly> toolCalls = new TreeMap<>();

		private @Nullable String finishReason;

		private final Map<String, Object> providerFields = new LinkedHashMap<>();

		ChoiceAssembly(int index) {
			this.index = index;
		}

		void add(ChatChunk chunk) {
			this.text.append(chunk.content());
			if (chunk.refusal() != null) {
				if (this.refusal == null) {
					this.refusal = new StringBuilder();
				}
				this.refusal.append(chunk.refusal());
			}
			for (ToolCallDelta delta : chunk.toolCalls()) {
				this.toolCalls.computeIfAbsent(delta.index(), (index) -> new ToolCallAssembly()).add(delta);
			}
			if (chunk.finishReason() != null) {
				this.finishReason = chunk.finishReason();
			}
			chunk.providerFields().forEach(this::gather);
		}

		@SuppressWarnings("unchecked")
		private void gather(String name, @Nullable Object value) {
			if (value == null) {
				this.providerFields.putIfAbsent(name, null);
				return;
			}
			Object gathered = this.providerFields.get(name);
			if (value instanceof String text) {
				this.providerFields.put(name, (gathered instanceof String before) ? before + text : text);
				return;
			}
			List<Object> values;
			if (gathered instanceof GatheredValues list) {
				values = list;
			}
			else {
				values = new GatheredValues();
				this.providerFields.put(name, values);
			}
			values.add(value);
		}

		Choice toChoice() {
			List<ToolCall> calls = new ArrayList<>(this.toolCalls.size());
			for (ToolCallAssembly call : this.toolCalls.values()) {
				calls.add(call.toToolCall());
			}
			List<ContentPart> parts = (this.text.length() > 0) ? List.of(ContentPart.text(this.text.toString()))
					: List.of();
			ChatMessage message = new ChatMessage(ChatMessage.ASSISTANT, parts, calls, null,
					(this.refusal != null) ? this.refusal.toString() : null);
			Map<String, Object> fields = new LinkedHashMap<>();
			this.providerFields.forEach((name, value) -> fields.put(name,
					(value instanceof GatheredValues list) ? List.copyOf(list) : value));
			return new Choice(this.index, message, this.finishReason, fields);
		}

	}

	/** The values of one provider field over the chunks of a choice. */
	private static final class GatheredValues extends ArrayList<Object> {

	}

	private static final class ToolCallAssembly {

		private @Nullable String id;

		private @Nullable String name;

		private final StringBuilder arguments = new StringBuilder();

		void add(ToolCallDelta delta) {
			if (this.id == null && delta.id() != null) {
				this.id = delta.id();
			}
			if (this.name == null && delta.name() != null) {
				this.name = delta.name();
			}
			this.arguments.append(delta.arguments());
		}

		ToolCall toToolCall() {
			return new ToolCall((this.id != null) ? this.id : "", (this.name != null) ? this.name : "",
					this.arguments.toString());
		}

	}

}
