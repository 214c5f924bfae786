package dev.llmrouter.provider.openai;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import dev.llmrouter.ChatChunk;
import dev.llmrouter.ChatRequest;
import dev.llmrouter.ChatResponse;
import dev.llmrouter.error.FailureClassifier;
import dev.llmrouter.error.LlmException;
import dev.llmrouter.error.ProviderError;
import dev.llmrouter.error.RetryAfter;
import dev.llmrouter.provider.LlmProvider;
import dev.llmrouter.provider.ProviderEndpoint;
import dev.llmrouter.provider.ProviderType;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SynchronousSink;
import org.jspecify.annotations.Nullable;

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
 * Calls OpenAI-compatible servers: {@code POST {base-url}/chat/completions} with a bearer
 * key (or, for {@link ProviderType#AZURE_OPENAI}, an {@code api-key} header). Streams are
 * read as server-sent events, incrementally, until {@code [DONE]}.
 *
 * @author llm-router
 */
public final class OpenAiProvider implements LlmProvider {

	private static final byte[] DONE = "[DONE]".getBytes(StandardCharsets.US_ASCII);

	/**
	 * Marks the end of a streamed body, so that its last event is parsed in order with
	 * the others. Empty and never pooled: releasing it does nothing.
	 */
	private static final DataBuffer END_OF_BODY = DefaultDataBufferFactory.sharedInstance.allocateBuffer(0);

	private static final int MAX_BODY_BYTES = 16 * 1024 * 1024;

	private final WebClient webClient;

	private final Clock clock;

	private final OpenAiCodec codec = new OpenAiCodec();

	/**
	 * Create a provider that sends its requests through the given client.
	 * @param webClient the client (its connection pool is shared by every deployment)
	 * @param clock the clock {@code Retry-After} dates are measured against
	 */
	public OpenAiProvider(WebClient webClient, Clock clock) {
		this.webClient = webClient;
		this.clock = clock;
	}

	@Override
	public Mono<ChatResponse> chat(ProviderEndpoint endpoint, ChatRequest request) {
		String source = source(endpoint);
		return Mono
			.defer(() -> post(endpoint, request, false).accept(MediaType.APPLICATION_JSON)
				.exchangeToMono((response) -> response.statusCode().is2xxSuccessful()
						? body(response).map((body) -> this.codec.readResponse(body, source, endpoint.apiKey()))
						: error(response, endpoint, source)))
			.onErrorMap((failure) -> !(failure instanceof LlmException),
					(failure) -> FailureClassifier.classify(failure, source));
	}

	@Override
	public Flux<ChatChunk> stream(ProviderEndpoint endpoint, ChatRequest request) {
		String source = source(endpoint);
		return Flux.defer(() -> post(endpoint, request, true).accept(MediaType.TEXT_EVENT_STREAM)
			.exchangeToFlux((response) -> response.statusCode().is2xxSuccessful() ? events(response, endpoint, source)
					: this.<ChatChunk>error(response, endpoint, source).flux()))
			.onErrorMap((failure) -> !(failure instanceof LlmException),
					(failure) -> FailureClassifier.classify(failure, source));
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

	private Flux<ChatChunk> events(ClientResponse response, ProviderEndpoint endpoint, String source) {
		Events events = new Events(endpoint, source);
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
			.doOnDiscard(DataBuffer.class, DataBufferUtils::release)
			// a small prefetch: its queue is held for as long as the stream is open
			.flatMapIterable(Function.identity(), 16)
			.concatWith(Flux.defer(events::failure));
	}

	private WebClient.RequestBodySpec post(ProviderEndpoint endpoint, ChatRequest request, boolean stream) {
		byte[] body = this.codec.writeRequest(endpoint, request, stream);
		return (WebClient.RequestBodySpec) this.webClient.post()
			.uri(endpoint.resolve("/chat/completions"))
			.headers((headers) -> applyHeaders(endpoint, headers))
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

	private static void applyHeaders(ProviderEndpoint endpoint, HttpHeaders headers) {
		String apiKey = endpoint.apiKey();
		if (apiKey != null && !apiKey.isEmpty()) {
			if (endpoint.type() == ProviderType.AZURE_OPENAI) {
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

	private <T> Mono<T> error(ClientResponse response, ProviderEndpoint endpoint, String source) {
		int status = response.statusCode().value();
		HttpHeaders headers = response.headers().asHttpHeaders();
		Duration retryAfter = RetryAfter.parse(headers::getFirst, this.clock);
		return response.bodyToMono(byte[].class)
			.defaultIfEmpty(new byte[0])
			.onErrorReturn(new byte[0])
			.flatMap((body) -> {
				ProviderError error = this.codec.readError(body, endpoint.apiKey());
				return Mono.error(FailureClassifier.classify(status, error, retryAfter, source));
			});
	}

	private static String source(ProviderEndpoint endpoint) {
		return "deployment '" + endpoint.deploymentId() + "'";
	}

	/**
	 * The events of one stream: parsed from the body's buffers as they come, each data
	 * payload read as a chunk in place. The chunks of one buffer go downstream together;
	 * a failure goes after them, so that no chunk that came before it is lost.
	 */
	private final class Events implements SseParser.Handler {

		private final SseParser parser = new SseParser(MAX_BODY_BYTES);

		private final ProviderEndpoint endpoint;

		private final String source;

		private @Nullable List<ChatChunk> batch;

		private @Nullable LlmException error;

		/** {@code [DONE]} came, the body ended, or the stream failed. */
		private boolean stopped;

		private boolean finished;

		Events(ProviderEndpoint endpoint, String source) {
			this.endpoint = endpoint;
			this.source = source;
		}

		void read(DataBuffer buffer) {
			if (this.stopped) {
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
				if (!this.finished) {
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
				this.stopped = true;
				return false;
			}
			ChatChunk chunk;
			try {
				chunk = OpenAiProvider.this.codec.readChunk(data, start, end - start, this.source,
						this.endpoint.apiKey());
			}
			catch (LlmException ex) {
				this.error = ex;
				this.stopped = true;
				return false;
			}
			if (chunk != null) {
				this.finished |= chunk.finishReason() != null;
				if (this.batch == null) {
					this.batch = new ArrayList<>(2);
				}
				this.batch.add(chunk);
			}
			return true;
		}

		@Override
		public void tooLong() {
			this.error = FailureClassifier.malformed(this.source,
					"an event of the stream is longer than " + MAX_BODY_BYTES + " bytes", null);
			this.stopped = true;
		}

	}

}
