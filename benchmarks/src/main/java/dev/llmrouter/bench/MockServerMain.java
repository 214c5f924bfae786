package dev.llmrouter.bench;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.concurrent.ScheduledFuture;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.resources.LoopResources;
import tools.jackson.databind.json.JsonMapper;

/**
 * A loopback mock of the OpenAI chat completions API, run in its own JVM so that it never
 * shares the client's CPU accounting. Waits are Netty event-loop timers: no thread per
 * request.
 * <p>
 * The first path segment picks the behaviour of {@code POST /{mode}/v1/chat/completions}:
 * {@code d0} answers at once, {@code d20} after 20 ms, {@code fail} always answers 503,
 * {@code fault} answers 429 (with {@code Retry-After: 0}) to 10% and 503 to 5% of calls,
 * and {@code hold} holds the call (or the stream after its first delta) for
 * {@code --hold-ms}. A request with {@code "stream":true} gets server-sent events: a role
 * chunk, 64 deltas {@code --pace-ms} apart, a usage chunk and {@code [DONE]}. A request
 * with {@code "tools":[...]} gets a tool call instead (streamed: the call's opening
 * delta, its arguments in fragments, the finish, a usage chunk and {@code [DONE]}, sent
 * at once), and {@code POST /{mode}/v1/embeddings} gets one 1,536-float vector, as a JSON
 * array or, for {@code "encoding_format":"base64"}, as base64 of little-endian floats.
 * {@code POST /{mode}/v1/messages} speaks Anthropic's Messages API (it answers 401
 * {@code authentication_error} without {@code x-api-key} (or a bearer token), 400
 * {@code invalid_request_error} without a dated {@code anthropic-version}): a message
 * with one text block and {@code end_turn}, or, streamed, {@code message_start},
 * {@code content_block_start}, a {@code ping}, the 64 paced deltas as
 * {@code content_block_delta} events with {@code text_delta}s,
 * {@code content_block_stop}, {@code message_delta} and {@code message_stop}.
 * {@code GET /stats} reports requests served, calls in flight, the process CPU time and
 * the waits of the delayed modes actually taken.
 * <p>
 * Usage: {@code MockServerMain --port 0 [--pace-ms 20] [--hold-ms 3000]}; prints
 * {@code PORT <n>} and runs until its standard input closes.
 *
 * @author llm-router
 */
public final class MockServerMain {

	static final int DELTAS = 64;

	/**
	 * The latency of the {@code d20} mode.
	 */
	static final long SLOW_MILLIS = 20;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Pattern STREAM = Pattern.compile("\"stream\"\\s*:\\s*true");

	/**
	 * The text of every non-streaming answer, OpenAI's and Anthropic's.
	 */
	static final String CONTENT = "This canned completion stands in for a model's answer. It is long enough to make the "
			+ "response body about half a kilobyte, like a short real reply, so that every arm decodes "
			+ "the same realistic payload on every call of the benchmark run.";

	private static final byte[] COMPLETION = completion();

	/**
	 * The model named in the Anthropic answers.
	 */
	static final String ANTHROPIC_MODEL = "claude-bench";

	/**
	 * The {@code anthropic-version} the harness's own arms send (the mock takes any dated
	 * version).
	 */
	static final String ANTHROPIC_VERSION = "2023-06-01";

	private static final Pattern API_VERSION = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

	private static final byte[] MESSAGE = message();

	private static final byte[] ANTHROPIC_UNAUTHENTICATED = ("{\"type\":\"error\",\"error\":{\"type\":"
			+ "\"authentication_error\",\"message\":\"x-api-key header is required\"},"
			+ "\"request_id\":\"req_bench0001\"}")
		.getBytes(StandardCharsets.UTF_8);

	private static final byte[] ANTHROPIC_NO_VERSION = ("{\"type\":\"error\",\"error\":{\"type\":"
			+ "\"invalid_request_error\",\"message\":\"anthropic-version: header is required\"},"
			+ "\"request_id\":\"req_bench0001\"}")
		.getBytes(StandardCharsets.UTF_8);

	/**
	 * The function the tool-call answers call.
	 */
	static final String TOOL_NAME = "get_weather";

	/**
	 * The id of the tool call in every tool-call answer.
	 */
	static final String TOOL_CALL_ID = "call_bench0001";

	/**
	 * The arguments of every tool call, as the model would write them.
	 */
	static final String TOOL_ARGUMENTS = "{\"location\":\"Paris, France\",\"unit\":\"celsius\"}";

	/**
	 * The fragments a streamed tool call's arguments arrive in, split as OpenAI splits
	 * them (a few characters per delta).
	 */
	static final List<String> TOOL_ARGUMENT_FRAGMENTS = List.of("{\"", "location", "\":\"", "Paris", ",", " France",
			"\",\"", "unit", "\":\"", "c", "elsius", "\"}");

	private static final byte[] TOOL_COMPLETION = toolCompletion();

	private static final List<byte[]> TOOL_STREAM = toolStream();

	/**
	 * The length of the embedding vectors, that of {@code text-embedding-3-small}.
	 */
	static final int DIMENSIONS = 1536;

	/**
	 * The vector of every embedding answer: seeded, so every run and both encodings carry
	 * the same floats.
	 */
	static final float[] VECTOR = vector();

	private static final byte[] EMBEDDING_FLOAT = embedding(false);

	private static final byte[] EMBEDDING_BASE64 = embedding(true);

	private static final Pattern BASE64 = Pattern.compile("\"encoding_format\"\\s*:\\s*\"base64\"");

	private static final Pattern TOOLS = Pattern.compile("\"tools\"\\s*:\\s*\\[");

	private static final byte[] FAILURE = """
			{"error":{"message":"The server is overloaded","type":"server_error","code":null}}"""
		.getBytes(StandardCharsets.UTF_8);

	private static final byte[] RATE_LIMITED = """
			{"error":{"message":"Rate limit reached","type":"requests","code":"rate_limit_exceeded"}}"""
		.getBytes(StandardCharsets.UTF_8);

	private static final String CHUNK_PREFIX = "data: {\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion.chunk\","
			+ "\"created\":1700000000,\"model\":\"gpt-bench\",\"choices\":[";

	private final AtomicLong requests = new AtomicLong();

	private final AtomicLong pending = new AtomicLong();

	private final AtomicLong delayed = new AtomicLong();

	private final AtomicLong delayedNanos = new AtomicLong();

	/**
	 * How late this JVM's event-loop timers have been firing lately (an exponentially
	 * weighted mean): delays are scheduled this much early, so that a {@code d20} call
	 * takes 20 ms on average, as its ideal assumes, and not 20 ms plus the machine's
	 * timer and wake-up lateness.
	 */
	private volatile long leadNanos;

	private final long paceMillis;

	private final long holdMillis;

	private MockServerMain(long paceMillis, long holdMillis) {
		this.paceMillis = paceMillis;
		this.holdMillis = holdMillis;
	}

	public static void main(String[] args) throws IOException {
		int port = 0;
		long pace = 20;
		long hold = 3000;
		for (int i = 0; i + 1 < args.length; i += 2) {
			switch (args[i]) {
				case "--port" -> port = Integer.parseInt(args[i + 1]);
				case "--pace-ms" -> pace = Long.parseLong(args[i + 1]);
				case "--hold-ms" -> hold = Long.parseLong(args[i + 1]);
				default -> throw new IllegalArgumentException("Unknown option " + args[i]);
			}
		}
		MockServerMain mock = new MockServerMain(pace, hold);
		// one event loop per core: the mock's many short timer waits batch up on fewer
		// threads, and leave more of the shared cores to the client
		int loops = Integer.getInteger("mock.loops", Runtime.getRuntime().availableProcessors());
		DisposableServer server = HttpServer.create()
			.runOn(LoopResources.create("mock", 1, loops, true))
			.host("127.0.0.1")
			.port(port)
			.handle(mock::handle)
			.bindNow(Duration.ofSeconds(30));
		System.out.println("PORT " + server.port());
		System.out.flush();
		InputStream in = System.in;
		while (in.read() != -1) {
			// run until the parent closes our standard input (or dies)
		}
		server.disposeNow(Duration.ofSeconds(5));
	}

	private Publisher<Void> handle(HttpServerRequest request, HttpServerResponse response) {
		String path = request.path();
		if (path.equals("stats")) {
			return response.header(HttpHeaderNames.CONTENT_TYPE, "application/json").sendString(Mono.just(stats()));
		}
		int slash = path.indexOf('/');
		String mode = (slash > 0) ? path.substring(0, slash) : path;
		EventLoop[] loop = new EventLoop[1];
		request.withConnection((connection) -> loop[0] = connection.channel().eventLoop());
		boolean embeddings = path.endsWith("/embeddings");
		boolean messages = path.endsWith("/v1/messages");
		// the key as x-api-key, or as a bearer token, which is how the Anthropic Java SDK
		// 3.14.0 sends the key it is given
		boolean authenticated = !messages || request.requestHeaders().contains("x-api-key")
				|| String.valueOf(request.requestHeaders().get("authorization")).startsWith("Bearer ");
		// any dated version: 2023-06-01 from B, C and Spring AI, 2026-10-21 from the SDK
		// 3.14.0
		boolean versioned = !messages
				|| API_VERSION.matcher(String.valueOf(request.requestHeaders().get("anthropic-version"))).matches();
		return request.receive().aggregate().asString().defaultIfEmpty("").flatMap((body) -> {
			this.requests.incrementAndGet();
			if (embeddings) {
				return respond(mode, false, BASE64.matcher(body).find() ? EMBEDDING_BASE64 : EMBEDDING_FLOAT, null,
						loop[0], response);
			}
			boolean stream = STREAM.matcher(body).find();
			if (messages) {
				if (!authenticated) {
					return error(response, HttpResponseStatus.UNAUTHORIZED, ANTHROPIC_UNAUTHENTICATED);
				}
				if (!versioned) {
					return error(response, HttpResponseStatus.BAD_REQUEST, ANTHROPIC_NO_VERSION);
				}
				response.header("request-id", "req_bench0001");
				if (stream) {
					return respond(mode, response, () -> anthropicStream(response, loop[0]));
				}
				return respond(mode, response, () -> complete(response, loop[0], delayOf(mode), MESSAGE));
			}
			if (TOOLS.matcher(body).find()) {
				return respond(mode, stream, TOOL_COMPLETION, TOOL_STREAM, loop[0], response);
			}
			return respond(mode, stream, COMPLETION, null, loop[0], response);
		});
	}

	/**
	 * Answer in the way {@code mode} asks for.
	 * @param completion the non-streaming answer's body
	 * @param events the events of a streamed answer sent at once, or {@code null} for the
	 * paced 64-delta text stream
	 */
	private Mono<Void> respond(String mode, boolean stream, byte[] completion, @Nullable List<byte[]> events,
			EventLoop loop, HttpServerResponse response) {
		if (stream && events != null) {
			return respond(mode, response, () -> burst(response, events));
		}
		if (stream) {
			return respond(mode, response, () -> stream(response, loop, "hold".equals(mode) ? this.holdMillis : 0));
		}
		return respond(mode, response, () -> complete(response, loop, delayOf(mode), completion));
	}

	private long delayOf(String mode) {
		return switch (mode) {
			case "d20" -> SLOW_MILLIS;
			case "hold" -> this.holdMillis;
			default -> 0;
		};
	}

	private Mono<Void> respond(String mode, HttpServerResponse response, Supplier<Mono<Void>> answer) {
		switch (mode) {
			case "fail":
				return error(response, HttpResponseStatus.SERVICE_UNAVAILABLE, FAILURE);
			case "fault": {
				double draw = ThreadLocalRandom.current().nextDouble();
				if (draw < 0.10) {
					response.header("Retry-After", "0");
					return error(response, HttpResponseStatus.TOO_MANY_REQUESTS, RATE_LIMITED);
				}
				if (draw < 0.15) {
					return error(response, HttpResponseStatus.SERVICE_UNAVAILABLE, FAILURE);
				}
				return answer.get();
			}
			default:
				return answer.get();
		}
	}

	private Mono<Void> complete(HttpServerResponse response, EventLoop loop, long delayMillis, byte[] body) {
		Mono<Void> send = response.header(HttpHeaderNames.CONTENT_TYPE, "application/json")
			.header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(body.length))
			.sendByteArray(Mono.just(body))
			.then();
		if (delayMillis <= 0) {
			return send;
		}
		return tracked(delay(loop, TimeUnit.MILLISECONDS.toNanos(delayMillis)).then(send));
	}

	private Mono<Void> stream(HttpServerResponse response, EventLoop loop, long holdMillis) {
		return paced(response, loop, holdMillis, false);
	}

	/**
	 * The paced 64-delta stream in Anthropic's events: {@code message_start},
	 * {@code content_block_start}, a {@code ping}, one {@code content_block_delta}
	 * ({@code text_delta}) per delta, then {@code content_block_stop},
	 * {@code message_delta} (stop reason and usage) and {@code message_stop}.
	 */
	private Mono<Void> anthropicStream(HttpServerResponse response, EventLoop loop) {
		return paced(response, loop, 0, true);
	}

	private Mono<Void> paced(HttpServerResponse response, EventLoop loop, long holdMillis, boolean anthropic) {
		Flux<String> events = Flux.create(
				(sink) -> new Emitter(sink, loop, this.paceMillis, holdMillis, anthropic).next(),
				FluxSink.OverflowStrategy.BUFFER);
		return tracked(response.header(HttpHeaderNames.CONTENT_TYPE, "text/event-stream")
			.header(HttpHeaderNames.CACHE_CONTROL, "no-cache")
			.sendString(events, StandardCharsets.UTF_8)
			.then());
	}

	/**
	 * A stream whose events are all sent at once, one write each: what a fast server's
	 * short answer looks like on the wire.
	 */
	private Mono<Void> burst(HttpServerResponse response, List<byte[]> events) {
		return tracked(response.header(HttpHeaderNames.CONTENT_TYPE, "text/event-stream")
			.header(HttpHeaderNames.CACHE_CONTROL, "no-cache")
			.sendByteArray(Flux.fromIterable(events))
			.then());
	}

	private static Mono<Void> error(HttpServerResponse response, HttpResponseStatus status, byte[] body) {
		return response.status(status)
			.header(HttpHeaderNames.CONTENT_TYPE, "application/json")
			.header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(body.length))
			.sendByteArray(Mono.just(body))
			.then();
	}

	private Mono<Void> tracked(Mono<Void> call) {
		return Mono.defer(() -> {
			this.pending.incrementAndGet();
			return call.doFinally((signal) -> this.pending.decrementAndGet());
		});
	}

	/**
	 * A calibrated wait of {@code nanos} on the event loop: see {@link #leadNanos}. The
	 * waits actually taken are counted for {@code /stats}.
	 */
	private Mono<Void> delay(EventLoop loop, long nanos) {
		return Mono.create((sink) -> {
			long start = System.nanoTime();
			long lead = Math.min(this.leadNanos, nanos / 10);
			ScheduledFuture<?> future = loop.schedule(() -> {
				long waited = System.nanoTime() - start;
				long late = waited - (nanos - lead);
				this.leadNanos = lead + (late - lead) / 16;
				this.delayed.incrementAndGet();
				this.delayedNanos.addAndGet(waited);
				sink.success();
			}, nanos - lead, TimeUnit.NANOSECONDS);
			sink.onCancel(() -> future.cancel(false));
		});
	}

	private String stats() {
		long cpu = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
			.getProcessCpuTime();
		return "{\"requests\":" + this.requests.get() + ",\"pending\":" + this.pending.get() + ",\"cpuNanos\":" + cpu
				+ ",\"cores\":" + Runtime.getRuntime().availableProcessors() + ",\"delayed\":" + this.delayed.get()
				+ ",\"delayedNanos\":" + this.delayedNanos.get() + "}";
	}

	static String delta(int index) {
		return "w" + index + " ";
	}

	private static byte[] completion() {
		String content = CONTENT;
		return ("{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion\",\"created\":1700000000,"
				+ "\"model\":\"gpt-bench\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
				+ "\"content\":\"" + content + "\",\"refusal\":null},\"logprobs\":null,\"finish_reason\":\"stop\"}],"
				+ "\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":64,\"total_tokens\":76},"
				+ "\"system_fingerprint\":\"fp_bench\"}")
			.getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * A Messages API answer as Anthropic sends it: one text block, {@code end_turn}.
	 */
	private static byte[] message() {
		return ("{\"id\":\"msg_bench0001\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"" + ANTHROPIC_MODEL
				+ "\",\"content\":[{\"type\":\"text\",\"text\":\"" + CONTENT + "\"}],"
				+ "\"stop_reason\":\"end_turn\",\"stop_sequence\":null,\"usage\":{\"input_tokens\":12,"
				+ "\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":0,\"output_tokens\":64,"
				+ "\"service_tier\":\"standard\"}}")
			.getBytes(StandardCharsets.UTF_8);
	}

	static String anthropicEvent(String name, String data) {
		return "event: " + name + "\ndata: " + data + "\n\n";
	}

	private static byte[] toolCompletion() {
		return ("{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion\",\"created\":1700000000,"
				+ "\"model\":\"gpt-bench\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
				+ "\"content\":null,\"tool_calls\":[{\"id\":\"" + TOOL_CALL_ID + "\",\"type\":\"function\","
				+ "\"function\":{\"name\":\"" + TOOL_NAME + "\",\"arguments\":" + jsonString(TOOL_ARGUMENTS) + "}}],"
				+ "\"refusal\":null,\"annotations\":[]},\"logprobs\":null,\"finish_reason\":\"tool_calls\"}],"
				+ "\"usage\":{\"prompt_tokens\":82,\"completion_tokens\":17,\"total_tokens\":99},"
				+ "\"service_tier\":\"default\",\"system_fingerprint\":\"fp_bench\"}")
			.getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * A streamed tool call as OpenAI sends it: the first delta names the call and
	 * function with empty arguments, the arguments follow in fragments, then an empty
	 * delta with {@code finish_reason: tool_calls}, the usage chunk and {@code [DONE]}.
	 */
	private static List<byte[]> toolStream() {
		List<String> events = new ArrayList<>();
		events.add(CHUNK_PREFIX + "{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":null,"
				+ "\"tool_calls\":[{\"index\":0,\"id\":\"" + TOOL_CALL_ID + "\",\"type\":\"function\","
				+ "\"function\":{\"name\":\"" + TOOL_NAME + "\",\"arguments\":\"\"}}],\"refusal\":null},"
				+ "\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}\n\n");
		for (String fragment : TOOL_ARGUMENT_FRAGMENTS) {
			events.add(CHUNK_PREFIX + "{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":"
					+ "{\"arguments\":" + jsonString(fragment) + "}}]},\"logprobs\":null,\"finish_reason\":null}],"
					+ "\"usage\":null}\n\n");
		}
		events.add(CHUNK_PREFIX
				+ "{\"index\":0,\"delta\":{},\"logprobs\":null,\"finish_reason\":\"tool_calls\"}],\"usage\":null}\n\n");
		events.add(CHUNK_PREFIX + "],\"usage\":{\"prompt_tokens\":82,\"completion_tokens\":17,\"total_tokens\":99}}\n\n"
				+ "data: [DONE]\n\n");
		return events.stream().map((event) -> event.getBytes(StandardCharsets.UTF_8)).toList();
	}

	private static float[] vector() {
		Random random = new Random(13);
		float[] vector = new float[DIMENSIONS];
		double norm = 0;
		double[] raw = new double[DIMENSIONS];
		for (int i = 0; i < DIMENSIONS; i++) {
			raw[i] = random.nextGaussian();
			norm += raw[i] * raw[i];
		}
		norm = Math.sqrt(norm);
		for (int i = 0; i < DIMENSIONS; i++) {
			vector[i] = (float) (raw[i] / norm);
		}
		return vector;
	}

	/**
	 * An embeddings answer for one input, its vector as a JSON array of floats or, when
	 * the request asked for {@code "encoding_format":"base64"}, as the base64 of its
	 * little-endian 32-bit floats, as OpenAI encodes it.
	 */
	private static byte[] embedding(boolean base64) {
		String data;
		if (base64) {
			ByteBuffer bytes = ByteBuffer.allocate(DIMENSIONS * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
			for (float value : VECTOR) {
				bytes.putFloat(value);
			}
			data = "\"" + Base64.getEncoder().encodeToString(bytes.array()) + "\"";
		}
		else {
			StringBuilder floats = new StringBuilder(DIMENSIONS * 14).append('[');
			for (int i = 0; i < DIMENSIONS; i++) {
				floats.append((i > 0) ? "," : "").append(VECTOR[i]);
			}
			data = floats.append(']').toString();
		}
		return ("{\"object\":\"list\",\"data\":[{\"object\":\"embedding\",\"index\":0,\"embedding\":" + data
				+ "}],\"model\":\"text-embedding-bench\",\"usage\":{\"prompt_tokens\":8,\"total_tokens\":8}}")
			.getBytes(StandardCharsets.UTF_8);
	}

	private static String jsonString(String text) {
		return JSON.writeValueAsString(text);
	}

	/**
	 * Emits one stream's events on its connection's event loop, one timer at a time.
	 */
	private static final class Emitter {

		private final FluxSink<String> sink;

		private final EventLoop loop;

		private final long paceMillis;

		private final long holdMillis;

		private final boolean anthropic;

		private int step;

		private volatile boolean cancelled;

		Emitter(FluxSink<String> sink, EventLoop loop, long paceMillis, long holdMillis, boolean anthropic) {
			this.sink = sink;
			this.loop = loop;
			this.paceMillis = paceMillis;
			this.holdMillis = holdMillis;
			this.anthropic = anthropic;
			sink.onCancel(() -> this.cancelled = true);
		}

		void next() {
			if (this.cancelled) {
				return;
			}
			if (this.anthropic) {
				nextAnthropic();
				return;
			}
			int current = this.step++;
			if (current == 0) {
				this.sink.next(CHUNK_PREFIX
						+ "{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}\n\n");
				schedule((this.holdMillis > 0) ? 0 : this.paceMillis);
			}
			else if (current <= DELTAS) {
				String finish = (current == DELTAS) ? "\"stop\"" : "null";
				this.sink.next(CHUNK_PREFIX + "{\"index\":0,\"delta\":{\"content\":\"" + delta(current - 1)
						+ "\"},\"finish_reason\":" + finish + "}]}\n\n");
				schedule((this.holdMillis > 0) ? ((current == 1) ? this.holdMillis : 0) : this.paceMillis);
			}
			else {
				this.sink.next(CHUNK_PREFIX
						+ "],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":64,\"total_tokens\":76}}\n\n"
						+ "data: [DONE]\n\n");
				this.sink.complete();
			}
		}

		private void nextAnthropic() {
			int current = this.step++;
			if (current == 0) {
				this.sink.next(anthropicEvent("message_start",
						"{\"type\":\"message_start\",\"message\":{\"id\":\"msg_bench0001\",\"type\":\"message\","
								+ "\"role\":\"assistant\",\"model\":\"" + ANTHROPIC_MODEL + "\",\"content\":[],"
								+ "\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":12,"
								+ "\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":0,\"output_tokens\":1}}}")
						+ anthropicEvent("content_block_start",
								"{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\","
										+ "\"text\":\"\"}}")
						+ anthropicEvent("ping", "{\"type\": \"ping\"}"));
				schedule(this.paceMillis);
			}
			else if (current <= DELTAS) {
				this.sink.next(anthropicEvent("content_block_delta",
						"{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\","
								+ "\"text\":\"" + delta(current - 1) + "\"}}"));
				schedule((current == DELTAS) ? 0 : this.paceMillis);
			}
			else {
				this.sink.next(anthropicEvent("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}")
						+ anthropicEvent("message_delta",
								"{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\","
										+ "\"stop_sequence\":null},\"usage\":{\"output_tokens\":64}}")
						+ anthropicEvent("message_stop", "{\"type\":\"message_stop\"}"));
				this.sink.complete();
			}
		}

		private void schedule(long millis) {
			if (millis <= 0) {
				this.loop.execute(this::next);
			}
			else {
				this.loop.schedule(this::next, millis, TimeUnit.MILLISECONDS);
			}
		}

	}

}
