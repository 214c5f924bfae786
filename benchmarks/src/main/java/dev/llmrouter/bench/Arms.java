package dev.llmrouter.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.AsyncStreamResponse;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.llmrouter.ChatRequest;
import dev.llmrouter.ChatResponse;
import dev.llmrouter.LlmRouter;
import io.netty.handler.codec.http.HttpHeaderNames;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.OpenAiChatOptions;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The seven arms. Every arm sends the same one-message request for model
 * {@code gpt-bench} and reads the same canned completion. The Reactor Netty based arms (A
 * to D) each get their own connection pool of the same size, large enough for the
 * 1,024-stream figure; the peers keep their default settings, retries included.
 *
 * @author llm-router
 */
final class Arms {

	static final String API_KEY = "sk-bench-0000";

	static final String MODEL = "gpt-bench";

	static final String PROMPT = "Say something about benchmarks.";

	static final byte[] REQUEST = ("{\"model\":\"" + MODEL + "\",\"messages\":[{\"role\":\"user\",\"content\":\""
			+ PROMPT + "\"}]}")
		.getBytes(StandardCharsets.UTF_8);

	static final byte[] STREAM_REQUEST = ("{\"model\":\"" + MODEL + "\",\"messages\":[{\"role\":\"user\",\"content\":\""
			+ PROMPT + "\"}],\"stream\":true,\"stream_options\":{\"include_usage\":true}}")
		.getBytes(StandardCharsets.UTF_8);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	static final String HOLD = "hold";

	private static final List<ConnectionProvider> HOLD_POOLS = new java.util.concurrent.CopyOnWriteArrayList<>();

	/**
	 * What arm B sends, encoded by WebClient's Jackson encoder on every call like any
	 * application's request object.
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record WireRequest(String model, List<WireRequestMessage> messages, @Nullable Boolean stream,
			@JsonProperty("stream_options") @Nullable Map<String, Boolean> streamOptions) {
	}

	record WireRequestMessage(String role, String content) {
	}

	private Arms() {
	}

	static List<Arm> all() {
		return List.of(new Arm("A", "raw Reactor Netty HttpClient", Arms::rawNetty),
				new Arm("B", "raw WebClient + Jackson (baseline)", Arms::webClient),
				new Arm("C", "LlmRouter, happy path", (root, mode) -> router(root, mode, false)),
				new Arm("D", "LlmRouter, 503 then retry on a 2nd deployment", (root, mode) -> router(root, mode, true)),
				new Arm("E", "Spring AI 2.0 OpenAiChatModel", Arms::springAi),
				new Arm("F", "OpenAI Java SDK", Arms::openAiSdk),
				new Arm("G", "LangChain4j OpenAiChatModel", Arms::langChain4j));
	}

	static HttpClient httpClient(String name) {
		ConnectionProvider pool = ConnectionProvider.builder(name)
			.maxConnections(2048)
			.pendingAcquireMaxCount(-1)
			.pendingAcquireTimeout(Duration.ofSeconds(60))
			.build();
		if (name.endsWith("-" + HOLD)) {
			HOLD_POOLS.add(pool);
		}
		return HttpClient.create(pool);
	}

	/**
	 * Close the connection pools of the Reactor Netty arms' {@code hold} clients, which
	 * the heap figures build anew each time: their idle connections would otherwise pile
	 * up, 256 per figure.
	 */
	static void closeHoldPools() {
		for (ConnectionProvider pool : HOLD_POOLS) {
			pool.disposeLater().block(Duration.ofSeconds(30));
		}
		HOLD_POOLS.clear();
	}

	static WebClient newWebClient(String name) {
		return WebClient.builder().clientConnector(new ReactorClientHttpConnector(httpClient(name))).build();
	}

	static String base(String root, String mode) {
		return root + "/" + mode + "/v1";
	}

	// ---- A ---------------------------------------------------------------------

	private static Target rawNetty(String root, String mode) {
		HttpClient client = httpClient("arm-a-" + mode).baseUrl(base(root, mode))
			.headers((headers) -> headers.set(HttpHeaderNames.CONTENT_TYPE, "application/json")
				.set(HttpHeaderNames.AUTHORIZATION, "Bearer " + API_KEY));
		return new Target() {

			@Override
			public boolean async() {
				return true;
			}

			@Override
			public Mono<String> chatAsync() {
				return client.post()
					.uri("/chat/completions")
					.send(ByteBufFlux.fromString(Mono.just(new String(REQUEST, StandardCharsets.UTF_8))))
					.responseSingle((response, body) -> (response.status().code() == 200) ? body.asString()
							: Mono.error(new IllegalStateException("HTTP " + response.status().code())));
			}

			@Override
			public Disposable stream(StreamSink sink) {
				SseSplitter splitter = new SseSplitter(sink);
				return client.post()
					.uri("/chat/completions")
					.send(ByteBufFlux.fromString(Mono.just(new String(STREAM_REQUEST, StandardCharsets.UTF_8))))
					.response((response, body) -> body.asString())
					.subscribe(splitter::feed, sink::error, splitter::end);
			}

		};
	}

	/**
	 * The least a client can do with raw SSE bytes: split events, find the delta text.
	 */
	private static final class SseSplitter {

		private final Target.StreamSink sink;

		private final StringBuilder pending = new StringBuilder();

		private boolean done;

		SseSplitter(Target.StreamSink sink) {
			this.sink = sink;
		}

		void feed(String text) {
			this.pending.append(text);
			int end;
			while ((end = this.pending.indexOf("\n\n")) >= 0) {
				String event = this.pending.substring(0, end);
				this.pending.delete(0, end + 2);
				if (event.startsWith("data: [DONE]")) {
					this.done = true;
					continue;
				}
				int at = event.indexOf("\"delta\":{\"content\":\"");
				if (at >= 0) {
					int from = at + 20;
					this.sink.content(event.substring(from, event.indexOf('"', from)));
				}
			}
		}

		void end() {
			if (this.done) {
				this.sink.complete();
			}
			else {
				this.sink.error(new IllegalStateException("stream ended before [DONE]"));
			}
		}

	}

	// ---- B ---------------------------------------------------------------------

	@JsonIgnoreProperties(ignoreUnknown = true)
	record Completion(List<WireChoice> choices, @Nullable WireUsage usage) {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record WireChoice(@Nullable WireMessage message, @Nullable WireMessage delta,
			@JsonProperty("finish_reason") @Nullable String finishReason) {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record WireMessage(@Nullable String content) {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record WireUsage(@JsonProperty("total_tokens") long totalTokens) {
	}

	private static final ParameterizedTypeReference<ServerSentEvent<String>> SSE = new ParameterizedTypeReference<>() {
	};

	private static Target webClient(String root, String mode) {
		WebClient client = newWebClient("arm-b-" + mode);
		List<WireRequestMessage> messages = List.of(new WireRequestMessage("user", PROMPT));
		String uri = base(root, mode) + "/chat/completions";
		return new Target() {

			@Override
			public boolean async() {
				return true;
			}

			@Override
			public Mono<String> chatAsync() {
				return client.post()
					.uri(uri)
					.contentType(MediaType.APPLICATION_JSON)
					.header("Authorization", "Bearer " + API_KEY)
					.bodyValue(new WireRequest(MODEL, messages, null, null))
					.retrieve()
					.bodyToMono(Completion.class)
					.map((completion) -> completion.choices().get(0).message().content());
			}

			@Override
			public Disposable stream(StreamSink sink) {
				return client.post()
					.uri(uri)
					.contentType(MediaType.APPLICATION_JSON)
					.accept(MediaType.TEXT_EVENT_STREAM)
					.header("Authorization", "Bearer " + API_KEY)
					.bodyValue(new WireRequest(MODEL, messages, true, Map.of("include_usage", true)))
					.retrieve()
					.bodyToFlux(SSE)
					// Read to the end of the body, as the router does, so that the
					// connection
					// goes back to the pool. Cancelling at [DONE] (takeWhile) closes it:
					// B's
					// pool then stays small while C's keeps every stream's connection,
					// and
					// the next round's c=64 figure compared a small pool with one of
					// 2,000
					// idle connections leased first-in first-out.
					.filter((event) -> !"[DONE]".equals(event.data()))
					.subscribe((event) -> {
						Completion chunk = JSON.readValue(event.data(), Completion.class);
						if (!chunk.choices().isEmpty() && chunk.choices().get(0).delta() != null) {
							String content = chunk.choices().get(0).delta().content();
							if (content != null && !content.isEmpty()) {
								sink.content(content);
							}
						}
					}, sink::error, sink::complete);
			}

		};
	}

	// ---- C and D ---------------------------------------------------------------

	private static Target router(String root, String mode, boolean failFirst) {
		LlmRouter.Builder builder = LlmRouter.builder()
			.component(WebClient.class, newWebClient("arm-" + (failFirst ? "d-" : "c-") + mode));
		if (failFirst) {
			// "first" is all but always picked first and always answers 503; the retry
			// moves
			// to "second" at once. No cooldown, so every call pays for the failed
			// attempt.
			builder.allowedFails(Integer.MAX_VALUE)
				.group("bench",
						(group) -> group
							.deployment("first",
									(d) -> d.provider("openai")
										.model(MODEL)
										.baseUrl(base(root, "fail"))
										.apiKey(API_KEY)
										.weight(1_000_000))
							.deployment("second",
									(d) -> d.provider("openai")
										.model(MODEL)
										.baseUrl(base(root, mode))
										.apiKey(API_KEY)
										.weight(1)));
		}
		else {
			builder.group("bench", (group) -> group.deployment("mock",
					(d) -> d.provider("openai").model(MODEL).baseUrl(base(root, mode)).apiKey(API_KEY)));
		}
		LlmRouter router = builder.build();
		ChatRequest request = ChatRequest.of("bench", PROMPT);
		return new Target() {

			@Override
			public boolean async() {
				return true;
			}

			@Override
			public Mono<String> chatAsync() {
				return router.chatAsync(request).map(ChatResponse::content);
			}

			@Override
			public Disposable stream(StreamSink sink) {
				return router.stream(request).subscribe((chunk) -> {
					if (chunk.hasContent()) {
						sink.content(chunk.content());
					}
				}, sink::error, sink::complete);
			}

		};
	}

	// ---- E ---------------------------------------------------------------------

	private static Target springAi(String root, String mode) {
		OpenAiChatModel model = OpenAiChatModel.builder()
			.options(OpenAiChatOptions.builder().baseUrl(base(root, mode)).apiKey(API_KEY).model(MODEL).build())
			.build();
		Prompt prompt = new Prompt(PROMPT);
		return new Target() {

			@Override
			public boolean async() {
				return false;
			}

			@Override
			public String chat() {
				return model.call(prompt).getResult().getOutput().getText();
			}

			@Override
			public Disposable stream(StreamSink sink) {
				return model.stream(prompt).subscribe((response) -> {
					if (response.getResult() != null && response.getResult().getOutput() != null) {
						String text = response.getResult().getOutput().getText();
						if (text != null && !text.isEmpty()) {
							sink.content(text);
						}
					}
				}, sink::error, sink::complete);
			}

		};
	}

	// ---- F ---------------------------------------------------------------------

	private static Target openAiSdk(String root, String mode) {
		OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(base(root, mode)).apiKey(API_KEY).build();
		ChatCompletionCreateParams params = ChatCompletionCreateParams.builder()
			.model(MODEL)
			.addUserMessage(PROMPT)
			.build();
		return new Target() {

			@Override
			public boolean async() {
				return false;
			}

			@Override
			public String chat() {
				return client.chat().completions().create(params).choices().get(0).message().content().orElse("");
			}

			@Override
			public Disposable stream(StreamSink sink) {
				AsyncStreamResponse<ChatCompletionChunk> response = client.async()
					.chat()
					.completions()
					.createStreaming(params);
				response.subscribe(new AsyncStreamResponse.Handler<ChatCompletionChunk>() {

					@Override
					public void onNext(ChatCompletionChunk chunk) {
						if (!chunk.choices().isEmpty()) {
							chunk.choices().get(0).delta().content().ifPresent((text) -> {
								if (!text.isEmpty()) {
									sink.content(text);
								}
							});
						}
					}

					@Override
					public void onComplete(java.util.Optional<Throwable> error) {
						if (error.isPresent()) {
							sink.error(error.get());
						}
						else {
							sink.complete();
						}
					}

				});
				return response::close;
			}

		};
	}

	// ---- G ---------------------------------------------------------------------

	private static Target langChain4j(String root, String mode) {
		dev.langchain4j.model.openai.OpenAiChatModel model = dev.langchain4j.model.openai.OpenAiChatModel.builder()
			.baseUrl(base(root, mode))
			.apiKey(API_KEY)
			.modelName(MODEL)
			.build();
		OpenAiStreamingChatModel streaming = OpenAiStreamingChatModel.builder()
			.baseUrl(base(root, mode))
			.apiKey(API_KEY)
			.modelName(MODEL)
			.build();
		return new Target() {

			@Override
			public boolean async() {
				return false;
			}

			@Override
			public String chat() {
				return model.chat(PROMPT);
			}

			@Override
			public Disposable stream(StreamSink sink) {
				streaming.chat(PROMPT, new StreamingChatResponseHandler() {

					@Override
					public void onPartialResponse(String partialResponse) {
						if (!partialResponse.isEmpty()) {
							sink.content(partialResponse);
						}
					}

					@Override
					public void onCompleteResponse(dev.langchain4j.model.chat.response.ChatResponse response) {
						sink.complete();
					}

					@Override
					public void onError(Throwable error) {
						sink.error(error);
					}

				});
				// LangChain4j's handler API offers no way to cancel a stream
				return () -> {
				};
			}

		};
	}

}
