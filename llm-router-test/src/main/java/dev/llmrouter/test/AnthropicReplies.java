package dev.llmrouter.test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.llmrouter.test.MockLlmServer.Reply;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.ObjectNode;

/**
 * Replies of Anthropic's Messages API, for requests to {@link Endpoint#MESSAGES}
 * ({@code /v1/messages}): messages, event streams (whole, truncated, stalled) and error
 * answers in Anthropic's shape, {@code {"type":"error","error":{"type","message"},
 * "request_id"}}, with the status each error type comes with and a {@code request-id}
 * header. <pre class="code">
 * server.enqueue(Endpoint.MESSAGES, AnthropicReplies.overloaded(), AnthropicReplies.text("Hi"));
 * </pre>
 */
public final class AnthropicReplies {

	private static final Map<String, Integer> STATUS = Map.of("invalid_request_error", 400, "authentication_error", 401,
			"billing_error", 402, "permission_error", 403, "not_found_error", 404, "request_too_large", 413,
			"rate_limit_error", 429, "api_error", 500, "overloaded_error", 529);

	private AnthropicReplies() {
	}

	/**
	 * A message with one text block, stopped with {@code end_turn}.
	 * @param text the text
	 * @return the reply
	 */
	public static Reply text(String text) {
		return message(AnthropicMessage.create().text(text));
	}

	/**
	 * A message that calls a tool ({@code stop_reason: tool_use}).
	 * @param id the tool call's id
	 * @param name the tool's name
	 * @param inputJson the input, a JSON object
	 * @return the reply
	 */
	public static Reply toolUse(String id, String name, String inputJson) {
		return message(AnthropicMessage.create().toolUse(id, name, inputJson).stopReason("tool_use"));
	}

	/**
	 * A message the model declined ({@code stop_reason: refusal}).
	 * @param text the text it gave before stopping
	 * @return the reply
	 */
	public static Reply refusal(String text) {
		return message(AnthropicMessage.create().text(text).stopReason("refusal"));
	}

	/**
	 * A message cut at the token limit ({@code stop_reason: max_tokens}).
	 * @param text the text
	 * @return the reply
	 */
	public static Reply maxTokens(String text) {
		return message(AnthropicMessage.create().text(text).stopReason("max_tokens"));
	}

	/**
	 * A message as built.
	 * @param message the message
	 * @return a 200 reply with its JSON body and a {@code request-id} header
	 */
	public static Reply message(AnthropicMessage message) {
		return Reply.json(200, message.toJson(), Map.of("request-id", "req_01"));
	}

	/**
	 * A stream as built.
	 * @param stream the events
	 * @return a 200 {@code text/event-stream} reply
	 */
	public static Reply stream(AnthropicStream stream) {
		return (response) -> response.status(200)
			.header("Content-Type", "text/event-stream; charset=utf-8")
			.header("request-id", "req_01")
			.send(MockLlmServer.heapBuffers(Flux.fromIterable(stream.frames())))
			.then();
	}

	/**
	 * The stream of a text answer ({@link AnthropicStream#ofText(String...)}).
	 * @param deltas the text deltas
	 * @return the reply
	 */
	public static Reply streamText(String... deltas) {
		return stream(AnthropicStream.ofText(deltas));
	}

	/**
	 * A stream's events, then the connection dropped.
	 * @param stream the events before the drop
	 * @return the reply
	 */
	public static Reply streamThenDrop(AnthropicStream stream) {
		String frames = String.join("", stream.frames());
		return (response) -> response.status(200)
			.header("Content-Type", "text/event-stream; charset=utf-8")
			.send(MockLlmServer.heapBuffers(Mono.just(frames)))
			.then()
			.then(Mono.defer(() -> {
				response.withConnection((connection) -> connection.channel().close());
				return Mono.<Void>never();
			}))
			.timeout(Duration.ofSeconds(5), Mono.empty());
	}

	/**
	 * A stream's events, then silence with the connection open.
	 * @param stream the events before the silence
	 * @return the reply
	 */
	public static Reply streamThenStall(AnthropicStream stream) {
		String frames = String.join("", stream.frames());
		return (response) -> response.status(200)
			.header("Content-Type", "text/event-stream; charset=utf-8")
			.send(MockLlmServer.heapBuffers(Mono.just(frames).concatWith(Mono.never())))
			.then();
	}

	/**
	 * An error answer of the status its type comes with (CONTRACT §8:
	 * {@code invalid_request_error} 400, {@code authentication_error} 401,
	 * {@code billing_error} 402, {@code permission_error} 403, {@code not_found_error}
	 * 404, {@code request_too_large} 413, {@code rate_limit_error} 429, {@code api_error}
	 * 500, {@code overloaded_error} 529; 400 for any other).
	 * @param type the error type
	 * @param message the message
	 * @return the reply
	 */
	public static Reply error(String type, String message) {
		return error(STATUS.getOrDefault(type, 400), type, message, Map.of());
	}

	/**
	 * An error answer in Anthropic's shape with a {@code request-id} header and the given
	 * ones.
	 * @param status the HTTP status
	 * @param type the error type
	 * @param message the message
	 * @param headers more headers, such as {@code retry-after} or
	 * {@code anthropic-ratelimit-requests-reset}
	 * @return the reply
	 */
	public static Reply error(int status, String type, String message, Map<String, String> headers) {
		Map<String, String> all = new LinkedHashMap<>();
		all.put("request-id", "req_01");
		all.putAll(headers);
		return Reply.json(status, errorJson(type, message), all);
	}

	/**
	 * A 529 {@code overloaded_error}.
	 * @return the reply
	 */
	public static Reply overloaded() {
		return error("overloaded_error", "Overloaded");
	}

	/**
	 * A 429 {@code rate_limit_error} with the given headers, such as {@code retry-after}
	 * or the {@code anthropic-ratelimit-*} ones.
	 * @param headers the headers
	 * @return the reply
	 */
	public static Reply rateLimited(Map<String, String> headers) {
		return error(429, "rate_limit_error",
				"This request would exceed the rate limit for your organization of 50 requests per minute.", headers);
	}

	/**
	 * The {@code anthropic-ratelimit-*} headers of a spent limit.
	 * @param limit {@code requests}, {@code tokens}, {@code input-tokens} or
	 * {@code output-tokens}
	 * @param reset when it resets, RFC 3339
	 * @return the headers
	 */
	public static Map<String, String> spentLimit(String limit, String reset) {
		return Map.of("anthropic-ratelimit-" + limit + "-limit", "50", "anthropic-ratelimit-" + limit + "-remaining",
				"0", "anthropic-ratelimit-" + limit + "-reset", reset);
	}

	/**
	 * The JSON of an Anthropic error body.
	 * @param type the error type
	 * @param message the message
	 * @return the body
	 */
	public static String errorJson(String type, String message) {
		ObjectNode body = WireJson.object().put("type", "error");
		body.putObject("error").put("type", type).put("message", message);
		body.put("request_id", "req_01");
		return WireJson.write(body);
	}

}
