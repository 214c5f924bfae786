package dev.llmrouter.test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.resources.LoopResources;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An OpenAI-compatible server on an ephemeral loopback port that answers chat completions
 * and embeddings with scripted responses in the real wire formats: JSON completions (tool
 * calls, {@code n > 1} choices, refusals, logprobs), server-sent events (tool-call
 * deltas, interleaved choices, usage, in-stream errors), embeddings in float or base64
 * encoding, every provider's error shapes with their headers, hangs and dropped
 * connections; and Anthropic's Messages API at {@code /v1/messages} (see
 * {@link AnthropicReplies}).
 * <p>
 * Any {@code POST} path ending in {@code /chat/completions}, {@code /embeddings} or
 * {@code /v1/messages} is served (see {@link Endpoint}), so one server can stand for
 * several deployments behind different base paths. Each request takes, in this order: the
 * reply of the first {@link #when(Predicate) matcher} that matches it, the next reply
 * {@link #enqueue(Endpoint, Reply...) scripted for its endpoint}, the next reply
 * {@link #enqueue(Reply...) scripted for any endpoint}, the
 * {@link #byDefault(Endpoint, Reply) default of its endpoint}, the
 * {@link #byDefault(Reply) default}. Every request is recorded unless
 * {@link #recordRequests(boolean) told otherwise}. <pre class="code">
 * try (MockLlmServer server = new MockLlmServer()) {
 *     server.enqueue(Reply.rateLimited(Map.of("retry-after-ms", "20")), Reply.completion("Hi"));
 *     // point a deployment's base-url at server.baseUrl() and call the router
 * }
 * </pre>
 */
public final class MockLlmServer implements AutoCloseable {

	private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final Queue<Reply> script = new ConcurrentLinkedQueue<>();

	private final Map<Endpoint, Queue<Reply>> endpointScripts = new java.util.EnumMap<>(Endpoint.class);

	private final Map<Endpoint, Reply> endpointDefaults = new java.util.concurrent.ConcurrentHashMap<>();

	private final List<Stub> stubs = new CopyOnWriteArrayList<>();

	private final Queue<RecordedRequest> requests = new ConcurrentLinkedQueue<>();

	private volatile boolean recording = true;

	private final AtomicInteger hits = new AtomicInteger();

	private final AtomicInteger connections = new AtomicInteger();

	private final AtomicInteger openConnections = new AtomicInteger();

	/**
	 * The server's own event loops: never Reactor Netty's global ones, which a client
	 * under test (or a Spring context's {@code ReactorResourceFactory} shutting down) may
	 * dispose.
	 */
	private final LoopResources loops = LoopResources.create("mock-llm-server", 1, 2, true);

	private final java.util.Set<io.netty.channel.Channel> channels = java.util.concurrent.ConcurrentHashMap.newKeySet();

	private volatile @Nullable Reply defaultReply;

	private final DisposableServer server;

	/**
	 * Start a server on an ephemeral loopback port.
	 */
	public MockLlmServer() {
		this(0);
	}

	/**
	 * Start a server on a loopback port; tests use {@link #MockLlmServer()} (an ephemeral
	 * port), a long-running simulated provider may want a known one.
	 * @param port the port, or 0 for a free one
	 */
	public MockLlmServer(int port) {
		for (Endpoint endpoint : Endpoint.values()) {
			this.endpointScripts.put(endpoint, new ConcurrentLinkedQueue<>());
		}
		// counted per channel: doOnConnection runs once per request of a kept-alive
		// connection
		this.server = HttpServer.create()
			.runOn(this.loops)
			.host("127.0.0.1")
			.port(port)
			.doOnChannelInit((observer, channel, remoteAddress) -> {
				this.connections.incrementAndGet();
				this.openConnections.incrementAndGet();
				this.channels.add(channel);
				channel.closeFuture().addListener((closed) -> {
					this.channels.remove(channel);
					this.openConnections.decrementAndGet();
				});
			})
			.handle(this::handle)
			.bindNow();
	}

	/** The base URL to configure a deployment with, ending in {@code /v1}. */
	public String baseUrl() {
		return "http://127.0.0.1:" + this.server.port() + "/v1";
	}

	/**
	 * The port the server listens on.
	 * @return the port
	 */
	public int port() {
		return this.server.port();
	}

	/**
	 * Queue replies for the next requests of any endpoint, in order.
	 * @param replies the replies
	 * @return this server
	 */
	public MockLlmServer enqueue(Reply... replies) {
		this.script.addAll(List.of(replies));
		return this;
	}

	/**
	 * Queue replies for the next requests to one endpoint, in order; they are taken
	 * before the replies {@link #enqueue(Reply...) queued for any endpoint}.
	 * @param endpoint the endpoint
	 * @param replies the replies
	 * @return this server
	 */
	public MockLlmServer enqueue(Endpoint endpoint, Reply... replies) {
		this.endpointScripts.get(endpoint).addAll(List.of(replies));
		return this;
	}

	/**
	 * The reply for requests when the scripts are empty and no matcher matches. Until one
	 * is set, chat requests get {@code Reply.completion("Hello from the mock")},
	 * embedding requests {@code Reply.embeddings()} and Anthropic messages requests
	 * {@code AnthropicReplies.text("Hello from the mock")} (or its stream).
	 * @param reply the reply
	 * @return this server
	 */
	public MockLlmServer byDefault(Reply reply) {
		this.defaultReply = reply;
		return this;
	}

	/**
	 * The reply for requests to one endpoint when the scripts are empty and no matcher
	 * matches; it wins over {@link #byDefault(Reply)}.
	 * @param endpoint the endpoint
	 * @param reply the reply
	 * @return this server
	 */
	public MockLlmServer byDefault(Endpoint endpoint, Reply reply) {
		this.endpointDefaults.put(endpoint, reply);
		return this;
	}

	/**
	 * Answer the requests that match a condition; matchers are tried in the order they
	 * were added, before any script. <pre class="code">
	 * server.when((request) -> request.json().path("tools").isArray())
	 *     .thenReply(Reply.toolCalls(FunctionCall.of("call_1", "get_weather", "{}")));
	 * </pre>
	 * @param condition which requests
	 * @return a stub to give the replies to
	 */
	public Stub when(Predicate<RecordedRequest> condition) {
		Stub stub = new Stub(condition);
		this.stubs.add(stub);
		return stub;
	}

	/**
	 * Whether requests are recorded (the default). A long-running server, such as a
	 * sample application's simulated provider, turns it off so memory stays flat; the
	 * {@link #hits()} still count.
	 * @param recording whether to record
	 * @return this server
	 */
	public MockLlmServer recordRequests(boolean recording) {
		this.recording = recording;
		return this;
	}

	/**
	 * The requests received so far, in arrival order.
	 * @return a copy of the recorded requests
	 */
	public List<RecordedRequest> requests() {
		return new ArrayList<>(this.requests);
	}

	/**
	 * The requests received so far by one endpoint, in arrival order.
	 * @param endpoint the endpoint
	 * @return a copy of its recorded requests
	 */
	public List<RecordedRequest> requests(Endpoint endpoint) {
		return this.requests.stream().filter((request) -> request.endpoint() == endpoint).toList();
	}

	/**
	 * The requests received so far, recorded or not.
	 * @return the number of requests
	 */
	public int hits() {
		return this.hits.get();
	}

	/** TCP connections accepted so far. */
	public int connections() {
		return this.connections.get();
	}

	/** TCP connections open now. */
	public int openConnections() {
		return this.openConnections.get();
	}

	/**
	 * Wait (in real time, bounded) until the server has received {@code count} requests.
	 * @param count the number of requests
	 */
	public void awaitHits(int count) {
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		while (this.hits.get() < count) {
			if (System.nanoTime() - deadline > 0) {
				throw new IllegalStateException(
						"Expected " + count + " requests within 20s, received " + this.hits.get());
			}
			java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(1).toNanos());
		}
	}

	private Mono<Void> handle(HttpServerRequest request, HttpServerResponse response) {
		String uri = request.uri();
		int query = uri.indexOf('?');
		String path = (query >= 0) ? uri.substring(0, query) : uri;
		Endpoint endpoint = Endpoint.of(path);
		if (endpoint == null || !"POST".equals(request.method().name())) {
			return Reply
				.json(404,
						ErrorBodies.openAi("Invalid URL (" + request.method().name() + " " + path + ")",
								"invalid_request_error", null, null),
						Map.of())
				.write(response);
		}
		Map<String, String> headers = new java.util.LinkedHashMap<>();
		request.requestHeaders().forEach((entry) -> headers.put(entry.getKey().toLowerCase(), entry.getValue()));
		return request.receive().aggregate().asString(StandardCharsets.UTF_8).defaultIfEmpty("").flatMap((body) -> {
			this.hits.incrementAndGet();
			RecordedRequest recorded = new RecordedRequest(uri, headers, body);
			if (this.recording) {
				this.requests.add(recorded);
			}
			return replyFor(recorded, endpoint).write(recorded, response);
		});
	}

	private Reply replyFor(RecordedRequest request, Endpoint endpoint) {
		for (Stub stub : this.stubs) {
			Reply reply = stub.replyFor(request);
			if (reply != null) {
				return reply;
			}
		}
		Reply reply = this.endpointScripts.get(endpoint).poll();
		if (reply == null) {
			reply = this.script.poll();
		}
		if (reply == null) {
			reply = this.endpointDefaults.get(endpoint);
		}
		if (reply == null) {
			reply = this.defaultReply;
		}
		if (reply == null) {
			reply = switch (endpoint) {
				case EMBEDDINGS -> Reply.embeddings();
				case MESSAGES -> request.streaming() ? AnthropicReplies.streamText("Hello", " from the mock")
						: AnthropicReplies.text("Hello from the mock");
				default -> Reply.completion("Hello from the mock");
			};
		}
		return reply;
	}

	/**
	 * Stop the server. Open connections are closed at once rather than drained: a test's
	 * server must not wait for a hanging reply or a client's idle keep-alive connection.
	 */
	@Override
	public void close() {
		for (io.netty.channel.Channel channel : this.channels) {
			channel.close();
		}
		this.server.disposeNow(CLOSE_TIMEOUT);
		this.loops.disposeLater(Duration.ZERO, CLOSE_TIMEOUT).block(CLOSE_TIMEOUT);
	}

	/**
	 * A request the server received.
	 *
	 * @param uri the request URI: path and query
	 * @param headers the request headers, names in lower case
	 * @param body the request body as text
	 */
	public record RecordedRequest(String uri, Map<String, String> headers, String body) {

		/**
		 * A request with no path or body, for replies written outside a server exchange.
		 */
		static final RecordedRequest NONE = new RecordedRequest("/", Map.of(), "");

		/**
		 * A header's value.
		 * @param name the header name, in any case
		 * @return the value, or {@code null} if the request had no such header
		 */
		public @Nullable String header(String name) {
			return this.headers.get(name.toLowerCase());
		}

		/**
		 * The request path, without its query.
		 * @return the path, such as {@code /v1/chat/completions}
		 */
		public String path() {
			int query = this.uri.indexOf('?');
			return (query >= 0) ? this.uri.substring(0, query) : this.uri;
		}

		/**
		 * The endpoint the request addressed.
		 * @return the endpoint, or {@code null} for another path
		 */
		public @Nullable Endpoint endpoint() {
			return Endpoint.of(path());
		}

		/**
		 * The body parsed as JSON, for checking a request field by field.
		 * @return the body's JSON tree; a missing node when the body is empty
		 * @throws tools.jackson.core.JacksonException if the body is not JSON
		 */
		public JsonNode json() {
			return this.body.isEmpty() ? JSON.missingNode() : JSON.readTree(this.body);
		}

		/**
		 * Whether the request asks for a stream ({@code "stream": true}).
		 * @return whether the body's {@code stream} is true; false if the body is not
		 * JSON
		 */
		public boolean streaming() {
			if (!this.body.contains("\"stream\"")) {
				return false;
			}
			try {
				return json().path("stream").asBoolean(false);
			}
			catch (RuntimeException ex) {
				return false;
			}
		}

	}

	/**
	 * The replies for requests that match a condition, given by
	 * {@link MockLlmServer#when(Predicate)}.
	 */
	public static final class Stub {

		private final Predicate<RecordedRequest> condition;

		private final Queue<Reply> replies = new ConcurrentLinkedQueue<>();

		private volatile @Nullable Reply always;

		Stub(Predicate<RecordedRequest> condition) {
			this.condition = condition;
		}

		/**
		 * Answer the next matching requests with these replies, one each, in order; once
		 * they are spent the matcher no longer applies and requests fall through to the
		 * scripts.
		 * @param replies the replies
		 */
		public void thenReply(Reply... replies) {
			this.replies.addAll(List.of(replies));
		}

		/**
		 * Answer every matching request with this reply (after any given to
		 * {@link #thenReply(Reply...)}).
		 * @param reply the reply
		 */
		public void thenAlways(Reply reply) {
			this.always = reply;
		}

		@Nullable Reply replyFor(RecordedRequest request) {
			if ((this.replies.isEmpty() && this.always == null) || !this.condition.test(request)) {
				return null;
			}
			Reply reply = this.replies.poll();
			return (reply != null) ? reply : this.always;
		}

	}

	/**
	 * A scripted reply: what the server writes for one request. The static methods build
	 * the replies of the providers' wire formats; {@link #from(Function)} builds one from
	 * the request.
	 */
	@FunctionalInterface
	public interface Reply {

		/**
		 * Write this reply.
		 * @param response the exchange's response
		 * @return completes when the reply has been written (or never, for a hang)
		 */
		Mono<Void> write(HttpServerResponse response);

		/**
		 * Write this reply to a request; replies that depend on the request (embeddings
		 * honour its {@code encoding_format}, {@link #from(Function)}) override this.
		 * @param request the request being answered
		 * @param response the exchange's response
		 * @return completes when the reply has been written (or never, for a hang)
		 */
		default Mono<Void> write(RecordedRequest request, HttpServerResponse response) {
			return write(response);
		}

		/**
		 * A reply chosen for each request, for answers that depend on what was asked.
		 * @param replies the reply for a request
		 * @return the reply
		 */
		static Reply from(Function<RecordedRequest, Reply> replies) {
			return new RequestReply((request, response) -> replies.apply(request).write(request, response));
		}

		/**
		 * A chat completion as built.
		 * @param completion the completion
		 * @return a 200 reply with its JSON body
		 */
		static Reply completion(Completion completion) {
			return json(200, completion.toJson(), Map.of());
		}

		/**
		 * A chat completion whose one choice calls tools ({@code finish_reason:
		 * tool_calls}).
		 * @param calls the tool calls
		 * @return the reply
		 */
		static Reply toolCalls(FunctionCall... calls) {
			return completion(Completion.of(CompletionChoice.toolCalls(calls)));
		}

		/**
		 * A chat completion whose one choice is a refusal ({@code content: null},
		 * {@code refusal} set, {@code finish_reason: stop}), as OpenAI answers a
		 * structured-output request it declines.
		 * @param refusal the refusal text
		 * @return the reply
		 */
		static Reply refusal(String refusal) {
			return completion(Completion.of(CompletionChoice.refusal(refusal)));
		}

		/**
		 * A chat completion with one choice per text ({@code n > 1}), in index order.
		 * @param contents the text of each choice
		 * @return the reply
		 */
		static Reply choices(String... contents) {
			Completion completion = Completion.create();
			for (String content : contents) {
				completion.choice(CompletionChoice.text(content));
			}
			return completion(completion);
		}

		/**
		 * A stream of chunks as built, ending as the builder ends (with {@code [DONE]}
		 * only if it was added).
		 * @param stream the stream
		 * @return a 200 {@code text/event-stream} reply
		 */
		static Reply stream(ChunkStream stream) {
			return (response) -> {
				Flux<String> frames = Flux.fromIterable(stream.frames());
				if (!stream.pace().isZero()) {
					frames = frames.delayElements(stream.pace());
				}
				return response.status(200)
					.header("Content-Type", "text/event-stream")
					.send(MockLlmServer.heapBuffers(frames))
					.then();
			};
		}

		/**
		 * A stream of chunks as built, then the connection dropped: a truncated stream.
		 * @param stream the events before the drop
		 * @return the reply
		 */
		static Reply streamThenDrop(ChunkStream stream) {
			String frames = String.join("", stream.frames());
			return (response) -> response.status(200)
				.header("Content-Type", "text/event-stream")
				.send(MockLlmServer.heapBuffers(Mono.just(frames)))
				.then()
				.then(Mono.defer(() -> {
					response.withConnection((connection) -> connection.channel().close());
					return Mono.<Void>never();
				}))
				.timeout(Duration.ofSeconds(5), Mono.empty());
		}

		/**
		 * A stream of chunks as built, then silence with the connection open.
		 * @param stream the events before the silence
		 * @return the reply
		 */
		static Reply streamThenStall(ChunkStream stream) {
			String frames = String.join("", stream.frames());
			return (response) -> response.status(200)
				.header("Content-Type", "text/event-stream")
				.send(MockLlmServer.heapBuffers(Mono.just(frames).concatWith(Mono.never())))
				.then();
		}

		/**
		 * An embeddings answer with one vector per input of the request, derived from the
		 * input's text (the same text always gets the same vector), of the request's
		 * {@code dimensions} (8 if it names none), in the request's
		 * {@code encoding_format}.
		 * @return the reply
		 */
		static Reply embeddings() {
			return embeddings(Embeddings.fromInputs());
		}

		/**
		 * An embeddings answer with these vectors, in the request's
		 * {@code encoding_format} ({@code float} arrays, or {@code base64} of
		 * little-endian float32).
		 * @param vectors the vectors, for inputs 0, 1, …
		 * @return the reply
		 */
		static Reply embeddings(float[]... vectors) {
			return embeddings(Embeddings.of(vectors));
		}

		/**
		 * An embeddings answer as built, in the request's {@code encoding_format}.
		 * @param embeddings the embeddings
		 * @return the reply
		 */
		static Reply embeddings(Embeddings embeddings) {
			return new RequestReply(
					(request, response) -> json(200, embeddings.toJson(request), Map.of()).write(response));
		}

		/**
		 * A JSON chat completion with the given content.
		 * @param content the text of its one choice
		 * @return the reply
		 */
		static Reply completion(String content) {
			return json(200, completionJson(content, "stop"), Map.of());
		}

		/**
		 * Any status with a JSON body and headers.
		 * @param status the HTTP status
		 * @param body the JSON body (see {@link ErrorBodies} for error shapes)
		 * @param headers the headers (see {@link RateLimitHeaders})
		 * @return the reply
		 */
		static Reply json(int status, String body, Map<String, String> headers) {
			return (response) -> {
				response.status(status).header("Content-Type", "application/json");
				headers.forEach(response::header);
				return response.send(MockLlmServer.heapBuffers(Mono.just(body))).then();
			};
		}

		/**
		 * An OpenAI-style error body
		 * ({@code {"error":{"message","type","param":null,"code"}}}).
		 * @param status the HTTP status
		 * @param type the error type
		 * @param code the error code, or {@code null}
		 * @param message the message
		 * @param headers the headers
		 * @return the reply
		 */
		static Reply error(int status, String type, @Nullable String code, String message,
				Map<String, String> headers) {
			String codeJson = (code != null) ? "\"" + code + "\"" : "null";
			return json(status, "{\"error\":{\"message\":\"" + message + "\",\"type\":\"" + type
					+ "\",\"param\":null,\"code\":" + codeJson + "}}", headers);
		}

		/**
		 * An error status with an OpenAI error body of type {@code server_error}.
		 * @param status the HTTP status
		 * @return the reply
		 */
		static Reply status(int status) {
			return error(status, "server_error", null, "status " + status, Map.of());
		}

		/**
		 * A 429 {@code rate_limit_exceeded} with the given headers (such as Retry-After).
		 * @param headers the headers
		 * @return the reply
		 */
		static Reply rateLimited(Map<String, String> headers) {
			return error(429, "requests", "rate_limit_exceeded", "Rate limit reached", headers);
		}

		/**
		 * Server-sent events: each content as a delta, then usage and [DONE].
		 * @param deltas the content deltas
		 * @return the reply
		 */
		static Reply sse(String... deltas) {
			return sse(Duration.ZERO, true, deltas);
		}

		/**
		 * Server-sent events with a pause before each event; without [DONE] if
		 * {@code done} is false.
		 * @param pace the pause before each event
		 * @param done whether the stream ends with its finish reason, usage and [DONE]
		 * @param deltas the content deltas
		 * @return the reply
		 */
		static Reply sse(Duration pace, boolean done, String... deltas) {
			return (response) -> {
				List<String> events = new ArrayList<>();
				events.add(chunkJson("{\"role\":\"assistant\",\"content\":\"\"}", null));
				for (String delta : deltas) {
					events.add(chunkJson("{\"content\":\"" + delta + "\"}", null));
				}
				if (done) {
					events.add(chunkJson("{}", "stop"));
					events.add(
							"{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"model\":\"mock-model\",\"choices\":[],"
									+ "\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":" + deltas.length
									+ ",\"total_tokens\":" + (5 + deltas.length) + "}}");
					events.add("[DONE]");
				}
				Flux<String> frames = Flux.fromIterable(events).map((data) -> "data: " + data + "\n\n");
				if (!pace.isZero()) {
					frames = frames.delayElements(pace);
				}
				return response.status(200)
					.header("Content-Type", "text/event-stream")
					.send(MockLlmServer.heapBuffers(frames))
					.then();
			};
		}

		/**
		 * A stream that delivers the given deltas and then drops the connection.
		 * @param deltas the content deltas
		 * @return the reply
		 */
		static Reply sseThenDrop(String... deltas) {
			return (response) -> {
				String frames = openingFrames(deltas);
				return response.status(200)
					.header("Content-Type", "text/event-stream")
					.send(MockLlmServer.heapBuffers(Mono.just(frames)))
					.then()
					.then(Mono.defer(() -> {
						response.withConnection((connection) -> connection.channel().close());
						return Mono.<Void>never();
					}))
					.timeout(Duration.ofSeconds(5), Mono.empty());
			};
		}

		/**
		 * A stream that delivers the given deltas (after the role chunk) and then goes
		 * silent.
		 * @param deltas the content deltas
		 * @return the reply
		 */
		static Reply sseThenStall(String... deltas) {
			return (response) -> {
				String frames = openingFrames(deltas);
				return response.status(200)
					.header("Content-Type", "text/event-stream")
					.send(MockLlmServer.heapBuffers(Mono.just(frames).concatWith(Mono.never())))
					.then();
			};
		}

		/**
		 * The given reply after a real-time delay (server latency).
		 * @param latency the delay
		 * @param reply the reply
		 * @return the delayed reply
		 */
		static Reply delayed(Duration latency, Reply reply) {
			return new RequestReply(
					(request, response) -> Mono.delay(latency).then(Mono.defer(() -> reply.write(request, response))));
		}

		/**
		 * A reply that never comes: headers are not even sent.
		 * @return the reply
		 */
		static Reply hang() {
			return (response) -> Mono.never();
		}

		/**
		 * Close the connection without answering.
		 * @return the reply
		 */
		static Reply drop() {
			return (response) -> {
				response.withConnection((connection) -> connection.channel().close());
				return Mono.empty();
			};
		}

		/**
		 * A reply whose body is the given raw text, for malformed bodies and hand-written
		 * event streams.
		 * @param status the HTTP status
		 * @param contentType the content type
		 * @param body the body
		 * @return the reply
		 */
		static Reply raw(int status, String contentType, String body) {
			return (response) -> response.status(HttpResponseStatus.valueOf(status))
				.header("Content-Type", contentType)
				.send(Mono.just(Unpooled.wrappedBuffer(body.getBytes(StandardCharsets.UTF_8))))
				.then();
		}

	}

	/**
	 * Text as unpooled heap buffers: a reply written after the client has gone (a delayed
	 * reply to a timed-out call) leaves garbage, not a leaked pooled buffer.
	 * @param text the text
	 * @return the buffers
	 */
	static org.reactivestreams.Publisher<io.netty.buffer.ByteBuf> heapBuffers(
			org.reactivestreams.Publisher<String> text) {
		if (text instanceof Mono<String> mono) {
			return mono.map((value) -> Unpooled.wrappedBuffer(value.getBytes(StandardCharsets.UTF_8)));
		}
		return Flux.from(text).map((value) -> Unpooled.wrappedBuffer(value.getBytes(StandardCharsets.UTF_8)));
	}

	/**
	 * A reply that reads the request it answers.
	 */
	private record RequestReply(
			java.util.function.BiFunction<RecordedRequest, HttpServerResponse, Mono<Void>> writer) implements Reply {

		@Override
		public Mono<Void> write(HttpServerResponse response) {
			return this.writer.apply(RecordedRequest.NONE, response);
		}

		@Override
		public Mono<Void> write(RecordedRequest request, HttpServerResponse response) {
			return this.writer.apply(request, response);
		}

	}

	/**
	 * The JSON of a chat completion with one choice.
	 * @param content the choice's text (not escaped)
	 * @param finishReason the finish reason
	 * @return the JSON body
	 */
	public static String completionJson(String content, String finishReason) {
		return "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1700000000,\"model\":\"mock-model\","
				+ "\"system_fingerprint\":\"fp_1\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\""
				+ content + "\",\"refusal\":null},\"logprobs\":null,\"finish_reason\":\"" + finishReason + "\"}],"
				+ "\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":12,\"total_tokens\":21}}";
	}

	/**
	 * The role chunk and one chunk per delta, as SSE frames, without an end.
	 * @param deltas the content deltas (not escaped)
	 * @return the frames
	 */
	public static String openingFrames(String... deltas) {
		StringBuilder frames = new StringBuilder();
		frames.append("data: ").append(chunkJson("{\"role\":\"assistant\",\"content\":\"\"}", null)).append("\n\n");
		for (String delta : deltas) {
			frames.append("data: ").append(chunkJson("{\"content\":\"" + delta + "\"}", null)).append("\n\n");
		}
		return frames.toString();
	}

	/**
	 * The JSON of a chunk with one choice.
	 * @param delta the choice's delta as JSON
	 * @param finishReason the finish reason, or {@code null}
	 * @return the chunk's JSON
	 */
	public static String chunkJson(String delta, @Nullable String finishReason) {
		String finish = (finishReason != null) ? "\"" + finishReason + "\"" : "null";
		return "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\"mock-model\","
				+ "\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"logprobs\":null,\"finish_reason\":" + finish
				+ "}]}";
	}

}
