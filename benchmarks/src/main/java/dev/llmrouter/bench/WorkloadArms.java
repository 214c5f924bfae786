package dev.llmrouter.bench;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonRawValue;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.llmrouter.ChatMessage;
import dev.llmrouter.ChatRequest;
import dev.llmrouter.ChatResponse;
import dev.llmrouter.EmbeddingRequest;
import dev.llmrouter.LlmRouter;
import dev.llmrouter.ToolCall;
import dev.llmrouter.ToolDefinition;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.OpenAiChatOptions;
import org.springframework.ai.openai.OpenAiEmbeddingModel;
import org.springframework.ai.openai.OpenAiEmbeddingOptions;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.definition.DefaultToolDefinition;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The arms of the {@link Workload}s. Every arm sends the same request (one user message
 * and one {@code get_weather} tool, or one input to embed) and checks what it reads: the
 * tool call's arguments must be the mock's exactly, the vector must be the mock's float
 * for float, so an arm that drops or garbles a field fails its calls instead of looking
 * fast. The peers are driven through their own clients with their default settings; none
 * of them executes the tool (Spring AI 2.0's {@code OpenAiChatModel} and LangChain4j's
 * chat models return a tool call to the caller; the executing loops live in their
 * {@code ChatClient} and {@code AiServices}).
 *
 * @author llm-router
 */
final class WorkloadArms {

	static final String TOOL_PROMPT = "What is the weather like in Paris today?";

	static final String TOOL_DESCRIPTION = "Get the current weather in a given location";

	static final String TOOL_SCHEMA = "{\"type\":\"object\",\"properties\":{\"location\":{\"type\":\"string\","
			+ "\"description\":\"City and country, e.g. Paris, France\"},\"unit\":{\"type\":\"string\","
			+ "\"enum\":[\"celsius\",\"fahrenheit\"]}},\"required\":[\"location\"]}";

	static final String EMBEDDING_MODEL = "text-embedding-bench";

	static final String EMBEDDING_INPUT = "The food was delicious and the waiter was friendly.";

	/**
	 * What arm B asks the embeddings endpoint for: base64, the compact encoding (a
	 * quarter of the float text's size) that OpenAI's own Python SDK asks for by default.
	 */
	static final String B_ENCODING = "base64";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final ParameterizedTypeReference<ServerSentEvent<String>> SSE = new ParameterizedTypeReference<>() {
	};

	private WorkloadArms() {
	}

	static String name(Workload workload, String id) {
		if (workload == Workload.ANTHROPIC) {
			return AnthropicArms.name(id);
		}
		return switch (id) {
			case "B" -> "raw WebClient + Jackson (baseline)";
			case "C" -> "LlmRouter";
			case "E" -> (workload == Workload.EMBEDDING) ? "Spring AI 2.0 OpenAiEmbeddingModel"
					: "Spring AI 2.0 OpenAiChatModel";
			case "G" -> (workload == Workload.TOOL_STREAM) ? "LangChain4j OpenAiStreamingChatModel"
					: "LangChain4j OpenAiChatModel";
			default -> throw new IllegalArgumentException("No arm " + id + " for " + workload);
		};
	}

	static Target create(Workload workload, String id, String root, String mode) {
		String base = Arms.base(root, mode);
		return switch (workload) {
			case TOOL_CALL, TOOL_STREAM -> switch (id) {
				case "B" -> webClientTool(base, workload == Workload.TOOL_STREAM, mode);
				case "C" -> routerTool(base, workload == Workload.TOOL_STREAM, mode);
				case "E" -> springAiTool(base, workload == Workload.TOOL_STREAM);
				case "G" -> langChain4jTool(base, workload == Workload.TOOL_STREAM);
				default -> throw new IllegalArgumentException("No arm " + id + " for " + workload);
			};
			case EMBEDDING -> switch (id) {
				case "B" -> webClientEmbedding(base, mode);
				case "C" -> routerEmbedding(base, mode);
				case "E" -> springAiEmbedding(base);
				default -> throw new IllegalArgumentException("No arm " + id + " for " + workload);
			};
			case ANTHROPIC -> AnthropicArms.create(id, root, mode);
		};
	}

	static String checkArguments(@Nullable String arguments) {
		if (!MockServerMain.TOOL_ARGUMENTS.equals(arguments)) {
			throw new IllegalStateException("Expected the mock's tool call, got arguments " + arguments);
		}
		return arguments;
	}

	static String checkVector(float @Nullable [] vector) {
		if (!Arrays.equals(vector, MockServerMain.VECTOR)) {
			throw new IllegalStateException("Expected the mock's vector, got "
					+ ((vector != null) ? vector.length + " floats" : "none") + " that differ");
		}
		return "vector";
	}

	/**
	 * A client that is measured through whole calls only.
	 */
	private abstract static class CallTarget implements Target {

		private final boolean async;

		CallTarget(boolean async) {
			this.async = async;
		}

		@Override
		public boolean async() {
			return this.async;
		}

		@Override
		public Disposable stream(StreamSink sink) {
			throw new UnsupportedOperationException("measured through whole calls");
		}

	}

	// ---- B ---------------------------------------------------------------------

	@JsonInclude(JsonInclude.Include.NON_NULL)
	record ToolRequest(String model, List<Arms.WireRequestMessage> messages, List<WireTool> tools,
			@Nullable Boolean stream, @JsonProperty("stream_options") @Nullable Map<String, Boolean> streamOptions) {
	}

	record WireTool(String type, WireFunction function) {
	}

	record WireFunction(String name, String description, @JsonRawValue String parameters) {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record ToolCompletion(List<ToolChoice> choices) {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record ToolChoice(@Nullable ToolMessage message, @Nullable ToolMessage delta,
			@JsonProperty("finish_reason") @Nullable String finishReason) {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record ToolMessage(@Nullable String content, @JsonProperty("tool_calls") @Nullable List<WireToolCall> toolCalls) {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record WireToolCall(@Nullable Integer index, @Nullable String id, @Nullable String type,
			@Nullable WireFunctionCall function) {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record WireFunctionCall(@Nullable String name, @Nullable String arguments) {
	}

	private static Target webClientTool(String base, boolean stream, String mode) {
		WebClient client = Arms.newWebClient("tool-b-" + mode + (stream ? "-stream" : ""));
		String uri = base + "/chat/completions";
		List<Arms.WireRequestMessage> messages = List.of(new Arms.WireRequestMessage("user", TOOL_PROMPT));
		List<WireTool> tools = List
			.of(new WireTool("function", new WireFunction(MockServerMain.TOOL_NAME, TOOL_DESCRIPTION, TOOL_SCHEMA)));
		return new CallTarget(true) {

			@Override
			public Mono<String> chatAsync() {
				WebClient.RequestHeadersSpec<?> request = client.post()
					.uri(uri)
					.contentType(MediaType.APPLICATION_JSON)
					.header("Authorization", "Bearer " + Arms.API_KEY)
					.bodyValue(new ToolRequest(Arms.MODEL, messages, tools, stream ? true : null,
							stream ? Map.of("include_usage", true) : null));
				if (!stream) {
					return request.retrieve()
						.bodyToMono(ToolCompletion.class)
						.map((completion) -> checkArguments(
								completion.choices().get(0).message().toolCalls().get(0).function().arguments()));
				}
				return request.accept(MediaType.TEXT_EVENT_STREAM)
					.retrieve()
					.bodyToFlux(SSE)
					// read to the end, as the router does, so the connection goes back to
					// the pool
					.filter((event) -> !"[DONE]".equals(event.data()))
					.reduce(new StringBuilder(), (arguments, event) -> {
						ToolCompletion chunk = JSON.readValue(event.data(), ToolCompletion.class);
						if (!chunk.choices().isEmpty() && chunk.choices().get(0).delta() != null
								&& chunk.choices().get(0).delta().toolCalls() != null) {
							for (WireToolCall call : chunk.choices().get(0).delta().toolCalls()) {
								if (call.function() != null && call.function().arguments() != null) {
									arguments.append(call.function().arguments());
								}
							}
						}
						return arguments;
					})
					.map((arguments) -> checkArguments(arguments.toString()));
			}

		};
	}

	record EmbedRequest(String model, String input, @JsonProperty("encoding_format") String encodingFormat) {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record EmbedResponse(List<EmbedData> data) {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record EmbedData(int index, String embedding) {
	}

	private static Target webClientEmbedding(String base, String mode) {
		WebClient client = Arms.newWebClient("embed-b-" + mode);
		String uri = base + "/embeddings";
		EmbedRequest body = new EmbedRequest(EMBEDDING_MODEL, EMBEDDING_INPUT, B_ENCODING);
		return new CallTarget(true) {

			@Override
			public Mono<String> chatAsync() {
				return client.post()
					.uri(uri)
					.contentType(MediaType.APPLICATION_JSON)
					.header("Authorization", "Bearer " + Arms.API_KEY)
					.bodyValue(body)
					.retrieve()
					.bodyToMono(EmbedResponse.class)
					.map((response) -> checkVector(decode(response.data().get(0).embedding())));
			}

		};
	}

	private static float[] decode(String base64) {
		ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(base64)).order(ByteOrder.LITTLE_ENDIAN);
		float[] vector = new float[bytes.remaining() / Float.BYTES];
		bytes.asFloatBuffer().get(vector);
		return vector;
	}

	// ---- C ---------------------------------------------------------------------

	private static Target routerTool(String base, boolean stream, String mode) {
		LlmRouter router = LlmRouter.builder()
			.component(WebClient.class, Arms.newWebClient("tool-c-" + mode + (stream ? "-stream" : "")))
			.group("bench",
					(group) -> group.deployment("mock",
							(d) -> d.provider("openai").model(Arms.MODEL).baseUrl(base).apiKey(Arms.API_KEY)))
			.build();
		ChatRequest request = ChatRequest.builder()
			.model("bench")
			.message(ChatMessage.user(TOOL_PROMPT))
			.tool(ToolDefinition.function(MockServerMain.TOOL_NAME, TOOL_DESCRIPTION, TOOL_SCHEMA))
			.build();
		return new CallTarget(true) {

			@Override
			public Mono<String> chatAsync() {
				Mono<ChatResponse> response = stream
						? router.stream(request).collectList().map(ChatResponse::fromChunks)
						: router.chatAsync(request);
				return response.map((answer) -> {
					List<ToolCall> calls = answer.toolCalls();
					return checkArguments(calls.isEmpty() ? null : calls.get(0).arguments());
				});
			}

		};
	}

	private static Target routerEmbedding(String base, String mode) {
		LlmRouter router = LlmRouter.builder()
			.component(WebClient.class, Arms.newWebClient("embed-c-" + mode))
			.group("embed",
					(group) -> group.deployment("mock",
							(d) -> d.provider("openai").model(EMBEDDING_MODEL).baseUrl(base).apiKey(Arms.API_KEY)))
			.build();
		EmbeddingRequest request = EmbeddingRequest.of("embed", EMBEDDING_INPUT);
		return new CallTarget(true) {

			@Override
			public Mono<String> chatAsync() {
				return router.embedAsync(request).map((response) -> checkVector(response.vector()));
			}

		};
	}

	// ---- E ---------------------------------------------------------------------

	private static Target springAiTool(String base, boolean stream) {
		ToolCallback weather = new ToolCallback() {

			@Override
			public org.springframework.ai.tool.definition.ToolDefinition getToolDefinition() {
				return DefaultToolDefinition.builder()
					.name(MockServerMain.TOOL_NAME)
					.description(TOOL_DESCRIPTION)
					.inputSchema(TOOL_SCHEMA)
					.build();
			}

			@Override
			public String call(String toolInput) {
				throw new IllegalStateException("The benchmark never executes the tool");
			}

		};
		OpenAiChatModel model = OpenAiChatModel.builder()
			.options(OpenAiChatOptions.builder()
				.baseUrl(base)
				.apiKey(Arms.API_KEY)
				.model(Arms.MODEL)
				.toolCallbacks(weather)
				.build())
			.build();
		Prompt prompt = new Prompt(TOOL_PROMPT);
		if (!stream) {
			return new CallTarget(false) {

				@Override
				public String chat() {
					List<AssistantMessage.ToolCall> calls = model.call(prompt).getResult().getOutput().getToolCalls();
					return checkArguments(calls.isEmpty() ? null : calls.get(0).arguments());
				}

			};
		}
		return new CallTarget(true) {

			@Override
			public Mono<String> chatAsync() {
				// whatever tool calls the stream's responses carry, fragments or whole,
				// in order
				return model.stream(prompt).reduce(new StringBuilder(), (arguments, response) -> {
					for (Generation generation : response.getResults()) {
						if (generation.getOutput() != null) {
							for (AssistantMessage.ToolCall call : generation.getOutput().getToolCalls()) {
								if (call.arguments() != null) {
									arguments.append(call.arguments());
								}
							}
						}
					}
					return arguments;
				}).map((arguments) -> checkArguments(arguments.toString()));
			}

		};
	}

	private static Target springAiEmbedding(String base) {
		OpenAiEmbeddingModel model = OpenAiEmbeddingModel.builder()
			.options(OpenAiEmbeddingOptions.builder().baseUrl(base).apiKey(Arms.API_KEY).model(EMBEDDING_MODEL).build())
			.build();
		return new CallTarget(false) {

			@Override
			public String chat() {
				return checkVector(model.embed(EMBEDDING_INPUT));
			}

		};
	}

	// ---- G ---------------------------------------------------------------------

	private static Target langChain4jTool(String base, boolean stream) {
		ToolSpecification weather = ToolSpecification.builder()
			.name(MockServerMain.TOOL_NAME)
			.description(TOOL_DESCRIPTION)
			.parameters(JsonObjectSchema.builder()
				.addStringProperty("location", "City and country, e.g. Paris, France")
				.addEnumProperty("unit", List.of("celsius", "fahrenheit"))
				.required("location")
				.build())
			.build();
		dev.langchain4j.model.chat.request.ChatRequest request = dev.langchain4j.model.chat.request.ChatRequest
			.builder()
			.messages(UserMessage.from(TOOL_PROMPT))
			.toolSpecifications(weather)
			.build();
		if (!stream) {
			dev.langchain4j.model.openai.OpenAiChatModel model = dev.langchain4j.model.openai.OpenAiChatModel.builder()
				.baseUrl(base)
				.apiKey(Arms.API_KEY)
				.modelName(Arms.MODEL)
				.build();
			return new CallTarget(false) {

				@Override
				public String chat() {
					List<dev.langchain4j.agent.tool.ToolExecutionRequest> calls = model.chat(request)
						.aiMessage()
						.toolExecutionRequests();
					return checkArguments(calls.isEmpty() ? null : calls.get(0).arguments());
				}

			};
		}
		OpenAiStreamingChatModel model = OpenAiStreamingChatModel.builder()
			.baseUrl(base)
			.apiKey(Arms.API_KEY)
			.modelName(Arms.MODEL)
			.build();
		return new CallTarget(true) {

			@Override
			public Mono<String> chatAsync() {
				return Mono.create((sink) -> model.chat(request, new StreamingChatResponseHandler() {

					@Override
					public void onPartialResponse(String partialResponse) {
					}

					@Override
					public void onCompleteResponse(dev.langchain4j.model.chat.response.ChatResponse response) {
						List<dev.langchain4j.agent.tool.ToolExecutionRequest> calls = new ArrayList<>(
								response.aiMessage().toolExecutionRequests());
						try {
							sink.success(checkArguments(calls.isEmpty() ? null : calls.get(0).arguments()));
						}
						catch (IllegalStateException ex) {
							sink.error(ex);
						}
					}

					@Override
					public void onError(Throwable error) {
						sink.error(error);
					}

				}));
			}

		};
	}

}
