package dev.llmrouter.provider.openai;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

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

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.BodyExtractors;
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

	private static final String DONE = "[DONE]";

	private static final int MAX_BODY_BYTES = 16 * 1024 * 1024;

	private static final ParameterizedTypeReference<ServerSentEvent<String>> SSE = new ParameterizedTypeReference<>() {
	};

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
		StreamEnd end = new StreamEnd();
		Flux<ChatChunk> chunks = response.bodyToFlux(SSE).handle((event, sink) -> {
			String data = event.data();
			if (data == null || data.isBlank()) {
				return;
			}
			if (DONE.equals(data.strip())) {
				end.done = true;
				sink.complete();
				return;
			}
			ChatChunk chunk = this.codec.readChunk(data, source, endpoint.apiKey());
			if (chunk != null) {
				end.finished |= chunk.finishReason() != null;
				sink.next(chunk);
			}
		});
		return chunks.concatWith(Flux.defer(() -> (end.done || end.finished) ? Flux.empty()
				: Flux.error(FailureClassifier.malformed(source, "the event stream ended before [DONE]", null))));
	}

	private WebClient.RequestBodySpec post(ProviderEndpoint endpoint, ChatRequest request, boolean stream) {
		byte[] body = this.codec.writeRequest(endpoint, request, stream);
		return (WebClient.RequestBodySpec) this.webClient.post()
			.uri(endpoint.resolve("/chat/completions"))
			.headers((headers) -> applyHeaders(endpoint, headers))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body);
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

	private static final class StreamEnd {

		boolean done;

		boolean finished;

	}

}
