package dev.llmrouter.provider.anthropic;

import java.time.Duration;
import java.util.Map;

import dev.llmrouter.ChatChunk;
import dev.llmrouter.ChatRequest;
import dev.llmrouter.ChatResponse;
import dev.llmrouter.error.ErrorType;
import dev.llmrouter.error.internal.FailureClassifier;
import dev.llmrouter.provider.LlmCredentialsProvider;
import dev.llmrouter.provider.LlmProvider;
import dev.llmrouter.provider.ProviderEndpoint;
import dev.llmrouter.provider.ProviderError;
import dev.llmrouter.provider.ProviderErrorException;
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
 * Calls Anthropic's Messages API: {@code POST {base-url}/v1/messages} (a base URL that
 * already ends in {@code /v1} is not given a second one), with the key in
 * {@code x-api-key} and {@code anthropic-version: 2023-06-01}; a deployment's
 * {@code headers} are applied last, so they override the version and add
 * {@code anthropic-beta}.
 * <p>
 * <b>Request translation.</b> System (and {@code developer}) messages become the
 * top-level {@code system}: a string for one, text blocks for several. {@code max_tokens}
 * is the request's, else the deployment's {@code max-tokens}, else
 * {@value #DEFAULT_MAX_TOKENS} (the Messages API requires one). Consecutive messages of
 * one role are merged into one turn of content blocks; {@code tool} messages become
 * {@code tool_result} blocks of a user turn; assistant tool calls become {@code tool_use}
 * blocks whose {@code input} is the parsed arguments (arguments that are not a JSON
 * object fail the attempt with a {@code BadRequestException}); images become
 * {@code image} blocks with a {@code url} source, or a {@code base64} one for bytes and
 * {@code data:} URLs. Tools become {@code {name, description, input_schema}}
 * ({@code strict} when set); tool choice {@code auto}, {@code none}, {@code required} and
 * a named tool become {@code auto}, {@code none}, {@code any} and {@code tool};
 * {@code parallelToolCalls(false)} becomes {@code disable_parallel_tool_use: true} on the
 * tool choice. {@code temperature} and {@code top_p} keep their names, {@code stop}
 * becomes {@code stop_sequences}, {@code user} becomes {@code metadata.user_id}.
 * {@code ResponseFormat.jsonSchema} becomes structured outputs, {@code output_config:
 * {format: {type: json_schema, schema}}} (generally available: no beta header).
 * Parameters ({@code param}, {@code rawParam}) are sent as they are; one named like an
 * Anthropic field ({@code max_tokens}, {@code system}, {@code stop_sequences},
 * {@code metadata}, {@code tool_choice}, {@code output_config}) replaces what the
 * translation would have written, so no key is sent twice.
 * <p>
 * <b>What Anthropic cannot take.</b> Settings that would change the answer's shape fail
 * the attempt, before any request, with an {@code UnsupportedParamsException} (not
 * retried, CONTRACT §3): {@code n > 1}, {@code ResponseFormat.jsonObject()} and a
 * {@code response_format} param. Pure sampling hints with no equivalent are dropped with
 * one DEBUG line naming the parameter: {@code seed}, {@code presence_penalty},
 * {@code frequency_penalty}, {@code logit_bias}, {@code logprobs}, {@code top_logprobs},
 * {@code stream_options}.
 * <p>
 * <b>Responses.</b> Text blocks become the content, {@code tool_use} blocks tool calls
 * (arguments = the input as JSON text), {@code thinking} blocks the choice's
 * {@code reasoning_content}; blocks of other kinds (and thinking blocks, with their
 * signatures) are kept in the choice's {@code content} field. {@code stop_reason} is
 * normalised ({@code end_turn}/{@code stop_sequence} → {@code stop}, {@code max_tokens} →
 * {@code length}, {@code tool_use} → {@code tool_calls}; others, such as
 * {@code pause_turn}, passed as they are and also kept as {@code stop_reason});
 * {@code refusal} fails the attempt with a {@code ContentPolicyViolationException}. Usage
 * is {@code input_tokens}/{@code output_tokens}; its cache fields, the message's
 * {@code id} and every other field go to {@code providerFields()}. Streams are read as
 * {@link MessageStreamReader} says, up to {@code message_stop}, and their body to its
 * end, so the connection is reused.
 * <p>
 * <b>Errors.</b> Error bodies ({@code {"type":"error","error":{"type","message"}}}) are
 * classified by status as CONTRACT §8 tabulates; an {@code event: error} inside a stream
 * by its {@code error.type} as if it had come with that type's status
 * ({@code overloaded_error} as 529, and so on).
 *
 * @author llm-router
 */
public final class AnthropicProvider implements LlmProvider {

	/** The id of the adapter for Anthropic. */
	public static final String ANTHROPIC = "anthropic";

	/** The base URL of a deployment that sets none. */
	public static final String DEFAULT_BASE_URL = "https://api.anthropic.com";

	/**
	 * The {@code max_tokens} sent when neither the request nor the deployment sets one.
	 */
	public static final int DEFAULT_MAX_TOKENS = 4096;

	/** The {@code anthropic-version} sent unless a deployment header replaces it. */
	public static final String API_VERSION = "2023-06-01";

	/**
	 * How long the body may go on after {@code message_stop} before the stream ends
	 * without it (and the connection is closed rather than reused).
	 */
	static final Duration DRAIN_AFTER_STOP = Duration.ofSeconds(1);

	/** The status each error type of the Messages API comes with. */
	private static final Map<String, Integer> ERROR_STATUS = Map.of("invalid_request_error", 400,
			"authentication_error", 401, "billing_error", 402, "permission_error", 403, "not_found_error", 404,
			"request_too_large", 413, "rate_limit_error", 429, "api_error", 500, "overloaded_error", 529);

	private final WebClient webClient;

	private final Scheduler timer;

	private final @Nullable LlmCredentialsProvider credentials;

	private final AnthropicCodec codec = new AnthropicCodec();

	private AnthropicProvider(WebClient webClient, Scheduler timer, @Nullable LlmCredentialsProvider credentials) {
		this.webClient = webClient;
		this.timer = timer;
		this.credentials = credentials;
	}

	/**
	 * The adapter for Anthropic ({@value #ANTHROPIC}).
	 * @param webClient the client (its connection pool is shared by every deployment)
	 * @param timer the router's timer
	 * @param credentials bearer tokens for the deployments it serves, or {@code null} for
	 * API keys only
	 * @return the adapter
	 */
	public static AnthropicProvider anthropic(WebClient webClient, Scheduler timer,
			@Nullable LlmCredentialsProvider credentials) {
		return new AnthropicProvider(webClient, timer, credentials);
	}

	@Override
	public String id() {
		return ANTHROPIC;
	}

	@Override
	public Mono<ChatResponse> chat(ProviderEndpoint endpoint, ChatRequest request) {
		String source = source(endpoint);
		return Mono.defer(() -> post(endpoint, request, false).accept(MediaType.APPLICATION_JSON)
			.exchangeToMono((response) -> response.statusCode().is2xxSuccessful()
					? ProviderBodies.body(response)
						.map((body) -> this.codec.readMessage(body, source, endpoint.apiKey()))
					: error(response, endpoint)));
	}

	@Override
	public Flux<ChatChunk> stream(ProviderEndpoint endpoint, ChatRequest request) {
		String source = source(endpoint);
		return Flux.defer(() -> post(endpoint, request, true).accept(MediaType.TEXT_EVENT_STREAM)
			.exchangeToFlux((response) -> response.statusCode().is2xxSuccessful() ? events(response, endpoint, source)
					: this.<ChatChunk>error(response, endpoint).flux()));
	}

	/**
	 * Classify an Anthropic error. An error with an HTTP status is left to the shared
	 * rules, which read the status as CONTRACT §8 tabulates and the message's words
	 * ("prompt is too long", a spent credit balance). An {@code event: error} inside a
	 * stream carries no status: it is classified as if it had come with the status its
	 * {@code error.type} is documented with.
	 */
	@Override
	public @Nullable ErrorType classify(ProviderError error) {
		Integer status = (error.type() != null) ? ERROR_STATUS.get(error.type()) : null;
		if (error.status() > 0 || status == null) {
			return null;
		}
		return FailureClassifier.type(new ProviderError(status, error.type(), error.code(), error.message(),
				error.headers(), error.fields()));
	}

	private Flux<ChatChunk> events(ClientResponse response, ProviderEndpoint endpoint, String source) {
		MessageStreamReader reader = new MessageStreamReader(this.codec, source, endpoint.apiKey(),
				() -> ProviderBodies.headers(response));
		return EventStream.chunks(response, reader::read, this.timer, DRAIN_AFTER_STOP, "message_stop", source);
	}

	private WebClient.RequestBodySpec post(ProviderEndpoint endpoint, ChatRequest request, boolean stream) {
		byte[] body = this.codec.writeRequest(endpoint, request, stream);
		return (WebClient.RequestBodySpec) this.webClient.post()
			.uri(endpoint.resolve(path(endpoint)))
			.headers((headers) -> applyHeaders(endpoint, headers))
			.contentType(MediaType.APPLICATION_JSON)
			.body(ProviderBodies.json(body));
	}

	/** {@code /v1/messages}, or {@code /messages} after a base URL ending in /v1. */
	static String path(ProviderEndpoint endpoint) {
		String base = endpoint.baseUrl().getPath();
		if (base.endsWith("/")) {
			base = base.substring(0, base.length() - 1);
		}
		return base.endsWith("/v1") ? "/messages" : "/v1/messages";
	}

	private static void applyHeaders(ProviderEndpoint endpoint, HttpHeaders headers) {
		String apiKey = endpoint.apiKey();
		if (apiKey != null && !apiKey.isEmpty()) {
			headers.set("x-api-key", apiKey);
		}
		headers.set("anthropic-version", API_VERSION);
		for (Map.Entry<String, String> header : endpoint.headers().entrySet()) {
			headers.set(header.getKey(), header.getValue());
		}
	}

	private <T> Mono<T> error(ClientResponse response, ProviderEndpoint endpoint) {
		int status = response.statusCode().value();
		Map<String, String> headers = ProviderBodies.headers(response);
		return ProviderBodies.body(response).onErrorReturn(new byte[0]).flatMap((body) -> {
			ProviderError error = this.codec.readError(status, headers, body, endpoint.apiKey());
			return Mono.error(new ProviderErrorException(error));
		});
	}

	private static String source(ProviderEndpoint endpoint) {
		return "deployment '" + endpoint.deploymentId() + "'";
	}

}
