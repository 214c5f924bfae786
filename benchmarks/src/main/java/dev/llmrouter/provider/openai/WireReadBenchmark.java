package dev.llmrouter.provider.openai;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.llmrouter.CallMetadata;
import dev.llmrouter.ChatMessage;
import dev.llmrouter.ChatResponse;
import dev.llmrouter.Choice;
import dev.llmrouter.ContentPart;
import dev.llmrouter.ToolCall;
import dev.llmrouter.Usage;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reading a non-streaming answer into a {@link ChatResponse}, with every untyped field
 * kept: the adapter's hand reader on the streaming parser against Jackson data binding
 * (classes with {@code @JsonAnySetter} for the untyped fields, then the same conversion),
 * and against binding the whole body to plain maps (a lower bound of untyped binding,
 * without any conversion).
 * <p>
 * In package {@code dev.llmrouter.provider.openai} to reach the package-private codec.
 * Run:
 * {@code java -cp ... org.openjdk.jmh.Main WireReadBenchmark -f 1 -wi 2 -i 3 -prof gc}.
 *
 * @author llm-router
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class WireReadBenchmark {

	private static final String TOOL_CALL = """
			{"id":"chatcmpl-AbC123","object":"chat.completion","created":1727000000,"model":"gpt-4o-2024-08-06",
			"choices":[{"index":0,"message":{"role":"assistant","content":null,"tool_calls":[
			{"id":"call_a1","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\",\\"unit\\":\\"celsius\\"}"}},
			{"id":"call_b2","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Rome\\",\\"unit\\":\\"celsius\\"}"}}],
			"refusal":null,"annotations":[]},"logprobs":null,"finish_reason":"tool_calls"}],
			"usage":{"prompt_tokens":82,"completion_tokens":41,"total_tokens":123,
			"prompt_tokens_details":{"cached_tokens":0,"audio_tokens":0},
			"completion_tokens_details":{"reasoning_tokens":0,"audio_tokens":0,"accepted_prediction_tokens":0,"rejected_prediction_tokens":0}},
			"service_tier":"default","system_fingerprint":"fp_50cad350e4"}""";

	private static final String TEXT = """
			{"id":"chatcmpl-AbC124","object":"chat.completion","created":1727000000,"model":"gpt-4o-2024-08-06",
			"choices":[{"index":0,"message":{"role":"assistant","content":"%s","refusal":null,"annotations":[]},
			"logprobs":null,"finish_reason":"stop"}],
			"usage":{"prompt_tokens":12,"completion_tokens":256,"total_tokens":268,
			"prompt_tokens_details":{"cached_tokens":0,"audio_tokens":0},
			"completion_tokens_details":{"reasoning_tokens":0,"audio_tokens":0,"accepted_prediction_tokens":0,"rejected_prediction_tokens":0}},
			"service_tier":"default","system_fingerprint":"fp_50cad350e4"}"""
		.formatted("The quick brown fox jumps over the lazy dog. ".repeat(24));

	@Param({ "toolCall", "text" })
	public String answer;

	private final OpenAiCodec codec = new OpenAiCodec();

	private final JsonMapper json = JsonMapper.builder()
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
		.build();

	private byte[] body;

	@Setup
	public void setUp() {
		this.body = ("toolCall".equals(this.answer) ? TOOL_CALL : TEXT).getBytes(StandardCharsets.UTF_8);
		ChatResponse hand = handReader();
		ChatResponse bound = dataBinding();
		if (!hand.choices().equals(bound.choices()) || !hand.providerFields().equals(bound.providerFields())) {
			throw new IllegalStateException("The readers disagree:\n" + hand + "\n" + bound);
		}
	}

	@Benchmark
	public ChatResponse handReader() {
		return this.codec.readResponse(this.body, "deployment 'bench'", null);
	}

	@Benchmark
	public ChatResponse dataBinding() {
		return this.json.readValue(this.body, BoundCompletion.class).toResponse();
	}

	@Benchmark
	public Object plainMaps() {
		return this.json.readValue(this.body, Map.class);
	}

	/** A completion as data binding reads it. */
	public static class BoundCompletion {

		public String model;

		public List<BoundChoice> choices;

		public BoundUsage usage;

		private final Map<String, Object> fields = new LinkedHashMap<>();

		@JsonAnySetter
		public void field(String name, Object value) {
			this.fields.put(name, value);
		}

		ChatResponse toResponse() {
			List<Choice> read = new ArrayList<>(this.choices.size());
			for (BoundChoice choice : this.choices) {
				read.add(choice.toChoice());
			}
			Map<String, Object> all = new LinkedHashMap<>(this.fields);
			Usage typed = null;
			if (this.usage != null) {
				typed = new Usage(this.usage.promptTokens, this.usage.completionTokens, this.usage.totalTokens);
				this.usage.fields.forEach(all::putIfAbsent);
			}
			return new ChatResponse(read, typed, this.model, CallMetadata.empty(""), all);
		}

	}

	/** A choice as data binding reads it. */
	public static class BoundChoice {

		public int index;

		public BoundMessage message;

		@JsonProperty("finish_reason")
		public String finishReason;

		private final Map<String, Object> fields = new LinkedHashMap<>();

		@JsonAnySetter
		public void field(String name, Object value) {
			this.fields.put(name, value);
		}

		Choice toChoice() {
			Map<String, Object> all = new LinkedHashMap<>(this.fields);
			this.message.fields.forEach(all::putIfAbsent);
			List<ToolCall> calls = new ArrayList<>();
			if (this.message.toolCalls != null) {
				for (BoundToolCall call : this.message.toolCalls) {
					calls.add(new ToolCall(call.id, call.function.name, call.function.arguments));
				}
			}
			String text = (this.message.content instanceof String string) ? string : null;
			List<ContentPart> parts = (text != null && !text.isEmpty()) ? List.of(ContentPart.text(text)) : List.of();
			return new Choice(this.index,
					new ChatMessage(ChatMessage.ASSISTANT, parts, calls, null, this.message.refusal),
					FinishReasons.normalise(this.finishReason), all);
		}

	}

	/** A message as data binding reads it. */
	public static class BoundMessage {

		public String role;

		public Object content;

		public String refusal;

		@JsonProperty("tool_calls")
		public List<BoundToolCall> toolCalls;

		private final Map<String, Object> fields = new LinkedHashMap<>();

		@JsonAnySetter
		public void field(String name, Object value) {
			this.fields.put(name, value);
		}

	}

	/** A tool call as data binding reads it. */
	public static class BoundToolCall {

		public String id;

		public String type;

		public BoundFunction function;

	}

	/** A tool call's function as data binding reads it. */
	public static class BoundFunction {

		public String name;

		public String arguments;

	}

	/** Usage as data binding reads it. */
	public static class BoundUsage {

		@JsonProperty("prompt_tokens")
		public long promptTokens;

		@JsonProperty("completion_tokens")
		public long completionTokens;

		@JsonProperty("total_tokens")
		public long totalTokens;

		private final Map<String, Object> fields = new LinkedHashMap<>();

		@JsonAnySetter
		public void field(String name, Object value) {
			this.fields.put(name, value);
		}

	}

}
