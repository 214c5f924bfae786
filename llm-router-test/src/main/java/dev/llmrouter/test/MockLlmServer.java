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

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * An OpenAI-compatible server on an ephemeral loopback port that answers
 * {@code POST /v1/chat/completions} and {@code POST /v1/embeddings} with scripted
 * responses in the real wire formats: JSON completions, server-sent events, error bodies
 * with headers, hangs and dropped connections. Each request takes the next scripted
 * reply; when the script is empty the default reply answers. Every request is recorded.
 */
public final class MockLlmServer implements AutoCloseable {

	private final Queue<Reply> script = new ConcurrentLinkedQueue<>();

	private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();

	private final AtomicInteger hits = new AtomicInteger();

	private final AtomicInteger connections = new AtomicInteger();

	private final AtomicInteger openConnections = new AtomicInteger();

	private volatile Reply defaultReply = Reply.completion("Hello from the mock");

	private final DisposableServer server;

	public MockLlmServer() {
		// counted per channel: doOnConnection runs once per request of a kept-alive
		// connection
		this.server = HttpServer.create()
			.host("127.0.0.1")
			.port(0)
			.doOnChannelInit((observer, channel, remoteAddress) -> {
				this.connections.incrementAndGet();
				this.openConnections.incrementAndGet();
				channel.closeFuture().addListener((closed) -> this.openConnections.decrementAndGet());
			})
			.route((routes) -> routes.post("/v1/chat/completions", this::handle).post("/v1/embeddings", this::handle))
			.bindNow();
	}

	/** The base URL to configure a deployment with, ending in {@code /v1}. */
	public String baseUrl() {
		return "http://127.0.0.1:" + this.server.port() + "/v1";
	}

	public int port() {
		return this.server.port();
	}

	/** Queue replies for the next requests, in order. */
	public MockLlmServer enqueue(Reply... replies) {
		this.script.addAll(List.of(replies));
		return this;
	}

	/** The reply for requests when the script is empty. */
	public MockLlmServer byDefault(Reply reply) {
		this.defaultReply = reply;
		return this;
	}

	public List<RecordedRequest> requests() {
		return new ArrayList<>(this.requests);
	}

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
		Map<String, String> headers = new java.util.LinkedHashMap<>();
		request.requestHeaders().forEach((entry) -> headers.put(entry.getKey().toLowerCase(), entry.getValue()));
		return request.receive().aggregate().asString(StandardCharsets.UTF_8).defaultIfEmpty("").flatMap((body) -> {
			this.hits.incrementAndGet();
			this.requests.add(new RecordedRequest(request.uri(), headers, body));
			Reply reply = this.script.poll();
			return ((reply != null) ? reply : this.defaultReply).write(response);
		});
	}

	@Override
	public void close() {
		this.server.disposeNow();
	}

	/** A request the server received. */
	public record RecordedRequest(String uri, Map<String, String> headers, String body) {

		public @Nullable String header(String name) {
			return this.headers.get(name.toLowerCase());
		}

	}

	/** A scripted reply. */
	@FunctionalInterface
	public interface Reply {

		Mono<Void> write(HttpServerResponse response);

		/** A JSON chat completion with the given content. */
		static Reply completion(String content) {
			return json(200, completionJson(content, "stop"), Map.of());
		}

		/** Any status with a JSON body and headers. */
		static Reply json(int status, String body, Map<String, String> headers) {
			return (response) -> {
				response.status(status).header("Content-Type", "application/json");
				headers.forEach(response::header);
				return response.sendString(Mono.just(body)).then();
			};
		}

		/** An OpenAI-style error body. */
		static Reply error(int status, String type, @Nullable String code, String message,
				Map<String, String> headers) {
			String codeJson = (code != null) ? "\"" + code + "\"" : "null";
			return json(status, "{\"error\":{\"message\":\"" + message + "\",\"type\":\"" + type
					+ "\",\"param\":null,\"code\":" + codeJson + "}}", headers);
		}

		/** An error status with a plain error body. */
		static Reply status(int status) {
			return error(status, "server_error", null, "status " + status, Map.of());
		}

		/** A 429 with the given headers (such as Retry-After). */
		static Reply rateLimited(Map<String, String> headers) {
			return error(429, "requests", "rate_limit_exceeded", "Rate limit reached", headers);
		}

		/** Server-sent events: each content as a delta, then usage and [DONE]. */
		static Reply sse(String... deltas) {
			return sse(Duration.ZERO, true, deltas);
		}

		/**
		 * Server-sent events with a pause before each event; without [DONE] if
		 * {@code done} is false.
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
				return response.status(200).header("Content-Type", "text/event-stream").sendString(frames).then();
			};
		}

		/** A stream that delivers the given deltas and then drops the connection. */
		static Reply sseThenDrop(String... deltas) {
			return (response) -> {
				String frames = openingFrames(deltas);
				return response.status(200)
					.header("Content-Type", "text/event-stream")
					.sendString(Mono.just(frames))
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
		 */
		static Reply sseThenStall(String... deltas) {
			return (response) -> {
				String frames = openingFrames(deltas);
				return response.status(200)
					.header("Content-Type", "text/event-stream")
					.sendString(Mono.just(frames).concatWith(Mono.never()))
					.then();
			};
		}

		/** The given reply after a real-time delay (server latency). */
		static Reply delayed(Duration latency, Reply reply) {
			return (response) -> Mono.delay(latency).then(Mono.defer(() -> reply.write(response)));
		}

		/** A reply that never comes: headers are not even sent. */
		static Reply hang() {
			return (response) -> Mono.never();
		}

		/** Close the connection without answering. */
		static Reply drop() {
			return (response) -> {
				response.withConnection((connection) -> connection.channel().close());
				return Mono.empty();
			};
		}

		/** A 200 whose body is the given raw text. */
		static Reply raw(int status, String contentType, String body) {
			return (response) -> response.status(HttpResponseStatus.valueOf(status))
				.header("Content-Type", contentType)
				.send(Mono.just(Unpooled.wrappedBuffer(body.getBytes(StandardCharsets.UTF_8))))
				.then();
		}

	}

	public static String completionJson(String content, String finishReason) {
		return "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1700000000,\"model\":\"mock-model\","
				+ "\"system_fingerprint\":\"fp_1\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\""
				+ content + "\",\"refusal\":null},\"logprobs\":null,\"finish_reason\":\"" + finishReason + "\"}],"
				+ "\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":12,\"total_tokens\":21}}";
	}

	/** The role chunk and one chunk per delta, as SSE frames, without an end. */
	public static String openingFrames(String... deltas) {
		StringBuilder frames = new StringBuilder();
		frames.append("data: ").append(chunkJson("{\"role\":\"assistant\",\"content\":\"\"}", null)).append("\n\n");
		for (String delta : deltas) {
			frames.append("data: ").append(chunkJson("{\"content\":\"" + delta + "\"}", null)).append("\n\n");
		}
		return frames.toString();
	}

	public static String chunkJson(String delta, @Nullable String finishReason) {
		String finish = (finishReason != null) ? "\"" + finishReason + "\"" : "null";
		return "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\"mock-model\","
				+ "\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"logprobs\":null,\"finish_reason\":" + finish
				+ "}]}";
	}

}
