package dev.llmrouter.provider.openai;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

import dev.llmrouter.ChatChunk;
import dev.llmrouter.ChatRequest;
import dev.llmrouter.ChatResponse;
import dev.llmrouter.EmbeddingRequest;
import dev.llmrouter.EmbeddingResponse;
import dev.llmrouter.provider.LlmCredentialsProvider;
import dev.llmrouter.provider.LlmProvider;
import dev.llmrouter.provider.ProviderEndpoint;
import dev.llmrouter.provider.ProviderError;
import dev.llmrouter.provider.ProviderErrorException;
import dev.llmrouter.provider.internal.BearerTokens;
import dev.llmrouter.provider.internal.EventStream;
import dev.llmrouter.provider.internal.ProviderBodies;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
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
					? ProviderBodies.body(response).map((body) -> this.codec.readResponse(body, source, secret))
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
			.body(ProviderBodies.json(this.embeddings.writeRequest(endpoint, request)))
			.accept(MediaType.APPLICATION_JSON)
			.exchangeToMono((response) -> response.statusCode().is2xxSuccessful()
					? ProviderBodies.read(response,
							(body) -> this.embeddings.readResponse(body, inputs, source, secret))
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

	private Flux<ChatChunk> events(ClientResponse response, ProviderEndpoint endpoint, String source,
			@Nullable String secret) {
		OpenAiChunkReader reader = new OpenAiChunkReader(source, secret, () -> ProviderBodies.headers(response));
		return EventStream.chunks(response, (data, offset, length, chunks) -> {
			if (length == DONE.length && Arrays.equals(data, offset, offset + length, DONE, 0, DONE.length)) {
				return false;
			}
			reader.read(data, offset, length, chunks);
			return true;
		}, this.timer, DRAIN_AFTER_DONE, "[DONE]", source);
	}

	private WebClient.RequestBodySpec post(ProviderEndpoint endpoint, ChatRequest request, boolean stream,
			@Nullable String token) {
		byte[] body = this.codec.writeRequest(endpoint, request, stream);
		return (WebClient.RequestBodySpec) this.webClient.post()
			.uri(chatUri(endpoint))
			.headers((headers) -> applyHeaders(endpoint, headers, token))
			.contentType(MediaType.APPLICATION_JSON)
			.body(ProviderBodies.json(body));
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
		Map<String, String> headers = ProviderBodies.headers(response);
		BearerTokens tokens = this.tokens;
		if (status == 401 && token != null && tokens != null) {
			tokens.invalidate(endpoint.group(), endpoint.deploymentId(), token);
		}
		return ProviderBodies.body(response).onErrorReturn(new byte[0]).flatMap((body) -> {
			ProviderError error = this.codec.readError(status, headers, body, secret(endpoint, token));
			return Mono.error(new ProviderErrorException(error));
		});
	}

	private static String source(ProviderEndpoint endpoint) {
		return "deployment '" + endpoint.deploymentId() + "'";
	}

}
