package dev.llmrouter.provider.openai;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

import dev.llmrouter.ChatChunk;
import dev.llmrouter.ChatRequest;
import dev.llmrouter.ChatResponse;
import dev.llmrouter.EmbeddingRequest;
import dev.llmrouter.EmbeddingResponse;
import dev.llmrouter.error.LlmException;
import dev.llmrouter.error.internal.FailureClassifier;
import dev.llmrouter.provider.LlmCredentialsProvider;
import dev.llmrouter.provider.LlmProvider;
import dev.llmrouter.provider.ProviderEndpoint;
import dev.llmrouter.provider.ProviderError;
import dev.llmrouter.provider.ProviderErrorException;
import dev.llmrouter.provider.internal.BearerTokens;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.publisher.SynchronousSink;
import reactor.core.scheduler.Scheduler;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ReactiveHttpOutputMessage;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.BodyInserter;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Calls OpenAI-compatible servers: {@code POST {base-url}/chat/completions} and
 * {@code POST {base-url}/embeddings} with a bearer key; or Azure OpenAI, on its classic
 * deployments path with {@code api-version} or its v1 API (see {@link AzurePaths}), with
 * an {@code api-key} header. With an {@link LlmCredentialsProvider}, a deployment it
 * serves sends {@code Authorization: Bearer} with its token instead of the key (cached
 * and refreshed by {@link BearerTokens}; a token the server rejects with HTTP 401 is
 * dropped, so the next attempt fetches a new one). Streams are read as server-sent
 * events, incrementally, until {@code [DONE]}; the rest of the body is then read to its
 * end, so that the connection goes back to the pool.
 *
 * @author llm-router
 */
public final class OpenAiProvider implements LlmProvider {

	/** The id of the adapter for OpenAI and any OpenAI-compatible server. */
	public static final String OPENAI = "openai";

	/** The id of the adapter for Azure OpenAI. */
	public static final String AZURE_OPENAI = "azure-openai";

	/**
	 * How long the body may go on after {@code [DONE]} before the stream ends without it
	 * (and the connection is closed rather than reused).
	 */
	static final Duration DRAIN_AFTER_DONE = Duration.ofSeconds(1);

	private static final byte[] DONE = "[DONE]".getBytes(StandardCharsets.US_ASCII);

	/**
	 * Marks the end of a streamed body, so that its last event is parsed in order with
	 * the others. Empty and never pooled: releasing it does nothing.
	 */
	private static final DataBuffer END_OF_BODY = DefaultDataBufferFactory.sharedInstance.allocateBuffer(0);

	private static final int MAX_BODY_BYTES = 16 * 1024 * 1024;

	private final String id;

	private final boolean apiKeyHeader;

	private final WebClient webClient;

	private final Scheduler timer;

	private final @Nullable BearerTokens tokens;

	private final @Nullable AzurePaths azurePaths;

	private final OpenAiCodec codec = new OpenAiCodec();

	private final OpenAiEmbeddings embeddings = new OpenAiEmbeddings(this.codec);

	private OpenAiProvider(String id, boolean apiKeyHeader, WebClient webClient, Scheduler timer,
			@Nullable LlmCredentialsProvider credentials) {
		this.id = id;
		this.apiKeyHeader = apiKeyHeader;
		this.webClient = webClient;
		this.timer = timer;
		this.tokens = (credentials != null) ? new BearerTokens(credentials, timer) : null;
		this.azurePaths = apiKeyHeader ? new AzurePaths() : null;
	}

	/**
	 * The adapter for OpenAI and OpenAI-compatible servers ({@value #OPENAI}): the key
	 * goes in an {@code Authorization: Bearer} header.
	 * @param webClient the client (its connection pool is shared by every deployment)
	 * @param timer the scheduler that bounds the read of a stream's body after
	 * {@code [DONE]}
	 * @return the adapter
	 */
	public static OpenAiProvider openAi(WebClient webClient, Scheduler timer) {
		return openAi(webClient, timer, null);
	}

	/**
	 * The adapter for OpenAI and OpenAI-compatible servers ({@value #OPENAI}), with
	 * bearer tokens from {@code credentials} for the deployments it serves.
	 * @param webClient the client (its connection pool is shared by every deployment)
	 * @param timer the scheduler that bounds the read of a stream's body after
	 * {@code [DONE]}
	 * @param credentials the tokens, or {@code null} for API keys only
	 * @return the adapter
	 */
	public static OpenAiProvider openAi(WebClient webClient, Scheduler timer,
			@Nullable LlmCredentialsProvider credentials) {
		return new OpenAiProvider(OPENAI, false, webClient, timer, credentials);
	}

	/**
	 * The adapter for Azure OpenAI ({@value #AZURE_OPENAI}): the key goes in an
	 * {@code api-key} header.
	 * @param webClient the client (its connection pool is shared by every deployment)
	 * @param timer the scheduler that bounds the read of a stream's body after
	 * {@code [DONE]}
	 * @return the adapter
	 */
	public static OpenAiProvider azureOpenAi(WebClient webClient, Scheduler timer) {
		return azureOpenAi(webClient, timer, null);
	}

	/**
	 * The adapter for Azure OpenAI ({@value #AZURE_OPENAI}), with Entra ID bearer tokens
	 * from {@code credentials} for the deployments it serves.
	 * @param webClient the client (its connection pool is shared by every deployment)
	 * @param timer the scheduler that bounds the read of a stream's body after
	 * {@code [DONE]}
	 * @param credentials the tokens, or {@code null} for API keys only
	 * @return the adapter
	 */
	public static OpenAiProvider azureOpenAi(WebClient webClient, Scheduler timer,
			@Nullable LlmCredentialsProvider credentials) {
		return new OpenAiProvider(AZURE_OPENAI, true, webClient, timer, credentials);
	}

	@Override
	public String id() {
		return this.id;
	}

	@Override
	public Mono<ChatResponse> chat(ProviderEndpoint endpoint, ChatRequest request) {
		BearerTokens tokens = this.tokens;
		if (tokens == null) {
			return chat(endpoint, request, null);
		}
		return tokens.token(endpoint.group(), endpoint.deploymentId())
			.flatMap((token) -> chat(endpoint, request, token.orElse(null)));
	}

	private Mono<ChatResponse> chat(ProviderEndpoint endpoint, ChatRequest request, @Nullable String token) {
		String source = source(endpoint);
		String secret = secret(endpoint, token);
		return Mono.defer(() -> post(endpoint, request, false, token).accept(MediaType.APPLICATION_JSON)
			.exchangeToMono((response) -> response.statusCode().is2xxSuccessful()
					? body(response).map((body) -> this.codec.readResponse(body, source, secret))
					: error(response, endpoint, token)));
	}

	@Override
	public Flux<ChatChunk> stream(ProviderEndpoint endpoint, ChatRequest request) {
		BearerTokens tokens = this.tokens;
		if (tokens == null) {
			return stream(endpoint, request, null);
		}
		return tokens.token(endpoint.group(), endpoint.deploymentId())
			.flatMapMany((token) -> stream(endpoint, request, token.orElse(null)));
	}

	private Flux<ChatChunk> stream(ProviderEndpoint endpoint, ChatRequest request, @Nullable String token) {
		String source = source(endpoint);
		return Flux.defer(() -> post(endpoint, request, true, token).accept(MediaType.TEXT_EVENT_STREAM)
			.exchangeToFlux((response) -> response.statusCode().is2xxSuccessful()
					? events(response, endpoint, source, secret(endpoint, token))
					: this.<ChatChunk>error(response, endpoint, token).flux()));
	}

	/**
	 * {@code POST {base-url}/embeddings}, asking for base64 vectors.
	 */
	@Override
	public Mono<EmbeddingResponse> embed(ProviderEndpoint endpoint, EmbeddingRequest request) {
		BearerTokens tokens = this.tokens;
		if (tokens == null) {
			return embed(endpoint, request, null);
		}
		return tokens.token(endpoint.group(), endpoint.deploymentId())
			.flatMap((token) -> embed(endpoint, request, token.orElse(null)));
	}

	private Mono<EmbeddingResponse> embed(ProviderEndpoint endpoint, EmbeddingRequest request, @Nullable String token) {
		String source = source(endpoint);
		String secret = secret(endpoint, token);
		int inputs = request.inputs().size();
		return Mono.defer(() -> this.webClient.post()
			.uri(embeddingsUri(endpoint))
			.headers((headers) -> applyHeaders(endpoint, headers, token))
			.contentType(MediaType.APPLICATION_JSON)
			.body(json(this.embeddings.writeRequest(endpoint, request)))
			.accept(MediaType.APPLICATION_JSON)
			.exchangeToMono((response) -> response.statusCode().is2xxSuccessful()
					? body(response).map((body) -> this.embeddings.readResponse(body, inputs, source, secret))
					: error(response, endpoint, token)));
	}

	private URI chatUri(ProviderEndpoint endpoint) {
		AzurePaths azurePaths = this.azurePaths;
		return (azurePaths != null) ? azurePaths.chat(endpoint) : endpoint.resolve("/chat/completions");
	}

	private URI embeddingsUri(ProviderEndpoint endpoint) {
		AzurePaths azurePaths = this.azurePaths;
		return (azurePaths != null) ? azurePaths.embeddings(endpoint) : endpoint.resolve("/embeddings");
	}

	/** The secret an error message must not show: the token sent, else the key. */
	private static @Nullable String secret(ProviderEndpoint endpoint, @Nullable String token) {
		return (token != null) ? token : endpoint.apiKey();
	}

	@Override
	public boolean supportsEmbeddings() {
		return true;
	}

	/**
	 * The whole body, up to {@link #MAX_BODY_BYTES}: a long completion must not trip the
	 * codecs' in-memory limit (256 KB by default), which is sized for web requests.
	 */
	private static Mono<byte[]> body(ClientResponse response) {
		return DataBufferUtils.join(response.body(BodyExtractors.toDataBuffers()), MAX_BODY_BYTES).map((buffer) -> {
			byte[] bytes = new byte[buffer.readableByteCount()];
			buffer.read(bytes);
			DataBufferUtils.release(buffer);
			return bytes;
		}).defaultIfEmpty(new byte[0]);
	}

	private Flux<ChatChunk> events(ClientResponse response, ProviderEndpoint endpoint, String source,
			@Nullable String secret) {
		Events events = new Events(new OpenAiChunkReader(source, secret, () -> headers(response)), source);
		return response.body(BodyExtractors.toDataBuffers())
			.concatWithValues(END_OF_BODY)
			.<List<ChatChunk>>handle((buffer, sink) -> {
				try {
					events.read(buffer);
				}
				finally {
					DataBufferUtils.release(buffer);
				}
				events.flush(sink);
			})
			.takeUntilOther(events.drained.asMono())
			.doOnDiscard(DataBuffer.class, DataBufferUtils::release)
			.doFinally((signal) -> events.disposeDrainTimer())
			// a small prefetch: its queue is held for as long as the stream is open
			.flatMapIterable(Function.identity(), 16)
			.concatWith(Flux.defer(events::failure));
	}

	private WebClient.RequestBodySpec post(ProviderEndpoint endpoint, ChatRequest request, boolean stream,
			@Nullable String token) {
		byte[] body = this.codec.writeRequest(endpoint, request, stream);
		return (WebClient.RequestBodySpec) this.webClient.post()
			.uri(chatUri(endpoint))
			.headers((headers) -> applyHeaders(endpoint, headers, token))
			.contentType(MediaType.APPLICATION_JSON)
			.body(json(body));
	}

	/**
	 * The encoded request as it is: no encoder to look up among the codecs on every call,
	 * and a {@code Content-Length}, as the encoder would have set.
	 */
	private static BodyInserter<byte[], ReactiveHttpOutputMessage> json(byte[] body) {
		return (message, context) -> {
			message.getHeaders().setContentLength(body.length);
			return message.writeWith(Mono.fromSupplier(() -> message.bufferFactory().wrap(body)));
		};
	}

	private void applyHeaders(ProviderEndpoint endpoint, HttpHeaders headers, @Nullable String token) {
		String apiKey = endpoint.apiKey();
		if (token != null) {
			headers.setBearerAuth(token);
		}
		else if (apiKey != null && !apiKey.isEmpty()) {
			if (this.apiKeyHeader) {
				headers.set("api-key", apiKey);
			}
			else {
				headers.setBearerAuth(apiKey);
			}
		}
		for (Map.Entry<String, String> header : endpoint.headers().entrySet()) {
			headers.set(header.getKey(), header.getValue());
		}
	}

	private <T> Mono<T> error(ClientResponse response, ProviderEndpoint endpoint, @Nullable String token) {
		int status = response.statusCode().value();
		Map<String, String> headers = headers(response);
		BearerTokens tokens = this.tokens;
		if (status == 401 && token != null && tokens != null) {
			tokens.invalidate(endpoint.group(), endpoint.deploymentId(), token);
		}
		return body(response).onErrorReturn(new byte[0]).flatMap((body) -> {
			ProviderError error = this.codec.readError(status, headers, body, secret(endpoint, token));
			return Mono.error(new ProviderErrorException(error));
		});
	}

	private static Map<String, String> headers(ClientResponse response) {
		Map<String, String> headers = new LinkedHashMap<>();
		response.headers()
			.asHttpHeaders()
			.forEach((name, values) -> headers.putIfAbsent(name.toLowerCase(Locale.ROOT), values.get(0)));
		return headers;
	}

	private static String source(ProviderEndpoint endpoint) {
		return "deployment '" + endpoint.deploymentId() + "'";
	}

	/**
	 * The events of one stream: parsed from the body's buffers as they come, each data
	 * payload read as a chunk in place. The chunks of one buffer go downstream together;
	 * a failure goes after them, so that no chunk that came before it is lost.
	 */
	private final class Events implements SseParser.Handler, Consumer<ChatChunk> {

		private final SseParser parser = new SseParser(MAX_BODY_BYTES);

		private final OpenAiChunkReader reader;

		private final String source;

		/** Ends the body's read when it goes on too long after {@code [DONE]}. */
		final Sinks.Empty<Void> drained = Sinks.empty();

		private volatile @Nullable Disposable drainTimer;

		private @Nullable List<ChatChunk> batch;

		private @Nullable RuntimeException error;

		/** {@code [DONE]} came: the rest of the body is read and dropped. */
		private boolean done;

		/** {@code [DONE]} came, the body ended, or the stream failed. */
		private boolean stopped;

		private boolean finished;

		Events(OpenAiChunkReader reader, String source) {
			this.reader = reader;
			this.source = source;
		}

		void read(DataBuffer buffer) {
			if (this.stopped || (this.done && buffer != END_OF_BODY)) {
				return;
			}
			if (buffer == END_OF_BODY && this.done) {
				this.stopped = true;
				return;
			}
			if (buffer != END_OF_BODY) {
				this.parser.feed(buffer, this);
				return;
			}
			// the last event, if the body did not close it with a blank line
			this.parser.end(this);
			if (!this.stopped) {
				this.stopped = true;
				if (!this.finished && !this.done) {
					this.error = FailureClassifier.malformed(this.source, "the event stream ended before [DONE]", null);
				}
			}
		}

		void flush(SynchronousSink<List<ChatChunk>> sink) {
			List<ChatChunk> batch = this.batch;
			if (batch != null) {
				this.batch = null;
				sink.next(batch);
			}
			if (this.stopped) {
				sink.complete();
			}
		}

		Flux<ChatChunk> failure() {
			return (this.error != null) ? Flux.error(this.error) : Flux.empty();
		}

		@Override
		public boolean event(byte[] data, int offset, int length) {
			if (this.stopped) {
				return false;
			}
			int start = offset;
			int end = offset + length;
			while (start < end && Character.isWhitespace(data[start])) {
				start++;
			}
			while (end > start && Character.isWhitespace(data[end - 1])) {
				end--;
			}
			if (start == end) {
				return true;
			}
			if (end - start == DONE.length && Arrays.equals(data, start, end, DONE, 0, DONE.length)) {
				this.done = true;
				this.drainTimer = OpenAiProvider.this.timer.schedule(this.drained::tryEmitEmpty,
						DRAIN_AFTER_DONE.toNanos(), TimeUnit.NANOSECONDS);
				return false;
			}
			try {
				this.reader.read(data, start, end - start, this);
			}
			catch (LlmException | ProviderErrorException ex) {
				this.error = ex;
				this.stopped = true;
				return false;
			}
			return true;
		}

		@Override
		public void accept(ChatChunk chunk) {
			this.finished |= chunk.finishReason() != null;
			if (this.batch == null) {
				this.batch = new ArrayList<>(2);
			}
			this.batch.add(chunk);
		}

		void disposeDrainTimer() {
			Disposable timer = this.drainTimer;
			if (timer != null) {
				timer.dispose();
			}
		}

		@Override
		public void tooLong() {
			this.error = FailureClassifier.malformed(this.source,
					"an event of the stream is longer than " + MAX_BODY_BYTES + " bytes", null);
			this.stopped = true;
		}

	}

}
