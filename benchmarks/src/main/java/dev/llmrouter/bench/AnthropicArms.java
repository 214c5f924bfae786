package dev.llmrouter.bench;

import java.util.List;
import java.util.Optional;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.http.AsyncStreamResponse;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.llmrouter.ChatMessage;
import dev.llmrouter.ChatRequest;
import dev.llmrouter.ChatResponse;
import dev.llmrouter.LlmRouter;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The arms of the Anthropic workload ({@link Workload#ANTHROPIC}): every arm sends the
 * same Messages API request (model {@code claude-bench}, {@code max_tokens} 1024, one
 * user message) to {@code POST {root}/{mode}/v1/messages} and checks the answer's text is
 * the mock's exactly; streamed, the mock's paced 64 text deltas go to the driver, which
 * counts lost and duplicated ones. B is WebClient with Jackson data binding, C the router
 * with a {@code provider("anthropic")} deployment, E Spring AI 2.0's
 * {@code AnthropicChatModel} (see {@link IsolatedSpringAiAnthropic}), F the official
 * Anthropic Java SDK with its default OkHttp client. E and F have their retries off.
 *
 * @author llm-router
 */
final class AnthropicArms {

	static final int MAX_TOKENS = 1024;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final ParameterizedTypeReference<ServerSentEvent<String>> SSE = new ParameterizedTypeReference<>() {
	};

	private AnthropicArms() {
	}

	static String name(String id) {
		return switch (id) {
			case "B" -> "raw WebClient + Jackson (baseline), Messages API";
			case "C" -> "LlmRouter, anthropic deployment";
			case "E" -> "Spring AI 2.0 AnthropicChatModel";
			case "F" -> "Anthropic Java SDK";
			default -> throw new IllegalArgumentException("No arm " + id + " for the Anthropic workload");
		};
	}

	static Target create(String id, String root, String mode) {
		String base = root + "/" + mode;
		return switch (id) {
			case "B" -> webClient(base, mode);
			case "C" -> router(base, mode);
			case "E" -> springAi(base);
			case "F" -> sdk(base);
			default -> throw new IllegalArgumentException("No arm " + id + " for the Anthropic workload");
		};
	}

	static String checkText(@Nullable String text) {
		if (!MockServerMain.CONTENT.equals(text)) {
			throw new IllegalStateException("Expected the mock's text, got " + text);
		}
		return text;
	}

	// ---- B ---------------------------------------------------------------------

	@JsonInclude(JsonInclude.Include.NON_NULL)
	record MessagesRequest(String model, @JsonProperty("max_tokens") int maxTokens,
			List<Arms.WireRequestMessage> messages, @Nullable Boolean stream) {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record Message(List<Block> content, @JsonProperty("stop_reason") @Nullable String stopReason,
			@Nullable Usage usage) {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record Block(String type, @Nullable String text) {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record Usage(@JsonProperty("input_tokens") long inputTokens, @JsonProperty("output_tokens") long outputTokens) {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record DeltaEvent(int index, Delta delta) {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record Delta(String type, @Nullable String text) {
	}

	private static Target webClient(String base, String mode) {
		WebClient client = Arms.newWebClient("anthropic-b-" + mode);
		String uri = base + "/v1/messages";
		List<Arms.WireRequestMessage> messages = List.of(new Arms.WireRequestMessage("user", Arms.PROMPT));
		return new Target() {

			@Override
			public boolean async() {
				return true;
			}

			private WebClient.RequestHeadersSpec<?> request(boolean stream) {
				return client.post()
					.uri(uri)
					.contentType(MediaType.APPLICATION_JSON)
					.header("x-api-key", Arms.API_KEY)
					.header("anthropic-version", MockServerMain.ANTHROPIC_VERSION)
					.bodyValue(new MessagesRequest(MockServerMain.ANTHROPIC_MODEL, MAX_TOKENS, messages,
							stream ? true : null));
			}

			@Override
			public Mono<String> chatAsync() {
				return request(false).retrieve().bodyToMono(Message.class).map((message) -> {
					StringBuilder text = new StringBuilder();
					for (Block block : message.content()) {
						if ("text".equals(block.type()) && block.text() != null) {
							text.append(block.text());
						}
					}
					return checkText(text.toString());
				});
			}

			@Override
			public Disposable stream(StreamSink sink) {
				boolean[] stopped = new boolean[1];
				return request(true).accept(MediaType.TEXT_EVENT_STREAM)
					.retrieve()
					.bodyToFlux(SSE)
					// read to the end of the body, not cancelled at message_stop, so that
					// the connection goes back to the pool, as the router does (see
					// Arms.webClient)
					.subscribe((event) -> {
						if ("content_block_delta".equals(event.event())) {
							DeltaEvent delta = JSON.readValue(event.data(), DeltaEvent.class);
							if ("text_delta".equals(delta.delta().type()) && delta.delta().text() != null
									&& !delta.delta().text().isEmpty()) {
								sink.content(delta.delta().text());
							}
						}
						else if ("message_stop".equals(event.event())) {
							stopped[0] = true;
						}
						else if ("error".equals(event.event())) {
							throw new IllegalStateException("error event: " + event.data());
						}
					}, sink::error, () -> {
						if (stopped[0]) {
							sink.complete();
						}
						else {
							sink.error(new IllegalStateException("stream ended before message_stop"));
						}
					});
			}

		};
	}

	// ---- C ---------------------------------------------------------------------

	private static Target router(String base, String mode) {
		LlmRouter router = LlmRouter.builder()
			.component(WebClient.class, Arms.newWebClient("anthropic-c-" + mode))
			.group("claude",
					(group) -> group.deployment("mock",
							(d) -> d.provider("anthropic")
								.model(MockServerMain.ANTHROPIC_MODEL)
								.baseUrl(base)
								.apiKey(Arms.API_KEY)))
			.build();
		ChatRequest request = ChatRequest.builder()
			.model("claude")
			.message(ChatMessage.user(Arms.PROMPT))
			.maxTokens(MAX_TOKENS)
			.build();
		return new Target() {

			@Override
			public boolean async() {
				return true;
			}

			@Override
			public Mono<String> chatAsync() {
				return router.chatAsync(request).map(ChatResponse::content).map(AnthropicArms::checkText);
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

	private static Target springAi(String base) {
		IsolatedSpringAiAnthropic.Client client;
		try {
			client = IsolatedSpringAiAnthropic.create(base, Arms.API_KEY, MockServerMain.ANTHROPIC_MODEL, MAX_TOKENS,
					Arms.PROMPT);
		}
		catch (Exception ex) {
			throw new IllegalStateException("Spring AI's AnthropicChatModel could not be built", ex);
		}
		return new Target() {

			@Override
			public boolean async() {
				return false;
			}

			@Override
			public String chat() throws Exception {
				return checkText(client.call().call());
			}

			@Override
			public Disposable stream(StreamSink sink) {
				return client.stream().get().subscribe(sink::content, sink::error, sink::complete);
			}

		};
	}

	// ---- F ---------------------------------------------------------------------

	private static Target sdk(String base) {
		AnthropicClient client = AnthropicOkHttpClient.builder()
			.baseUrl(base)
			.apiKey(Arms.API_KEY)
			.maxRetries(0)
			.build();
		MessageCreateParams params = MessageCreateParams.builder()
			.model(MockServerMain.ANTHROPIC_MODEL)
			.maxTokens(MAX_TOKENS)
			.addUserMessage(Arms.PROMPT)
			.build();
		return new Target() {

			@Override
			public boolean async() {
				return false;
			}

			@Override
			public String chat() {
				StringBuilder text = new StringBuilder();
				for (ContentBlock block : client.messages().create(params).content()) {
					block.text().ifPresent((textBlock) -> text.append(textBlock.text()));
				}
				return checkText(text.toString());
			}

			@Override
			public Disposable stream(StreamSink sink) {
				AsyncStreamResponse<RawMessageStreamEvent> response = client.async().messages().createStreaming(params);
				response.subscribe(new AsyncStreamResponse.Handler<RawMessageStreamEvent>() {

					@Override
					public void onNext(RawMessageStreamEvent event) {
						event.contentBlockDelta().flatMap((delta) -> delta.delta().text()).ifPresent((delta) -> {
							if (!delta.text().isEmpty()) {
								sink.content(delta.text());
							}
						});
					}

					@Override
					public void onComplete(Optional<Throwable> error) {
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

}
