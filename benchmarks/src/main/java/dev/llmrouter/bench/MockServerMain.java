package dev.llmrouter.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import dev.llmrouter.test.AnthropicMessage;
import dev.llmrouter.test.AnthropicReplies;
import dev.llmrouter.test.AnthropicStream;
import dev.llmrouter.test.ChunkStream;
import dev.llmrouter.test.Completion;
import dev.llmrouter.test.CompletionChoice;
import dev.llmrouter.test.Embeddings;
import dev.llmrouter.test.ErrorBodies;
import dev.llmrouter.test.FunctionCall;
import dev.llmrouter.test.MockLlmServer;
import dev.llmrouter.test.MockLlmServer.RecordedRequest;
import dev.llmrouter.test.MockLlmServer.Reply;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.util.concurrent.ScheduledFuture;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerResponse;

/**
 * The benchmark's mock provider: the project's test fixture {@link MockLlmServer}
 * ({@code llm-router-test}), run in its own JVM so that it never shares the client's CPU
 * accounting, with requests not recorded and one reply chosen per request. Its bodies and
 * events are the fixture's builders' ({@link Completion}, {@link ChunkStream},
 * {@link Embeddings}, {@link AnthropicMessage}, {@link AnthropicStream}), built once;
 * what the benchmark adds are {@link Reply replies} whose waits are Netty event-loop
 * timers of the request's own connection, calibrated for timer lateness, with no thread
 * per request.
 * <p>
 * The first path segment picks the behaviour of {@code POST /{mode}/v1/chat/completions}:
 * {@code d0} answers at once, {@code d20} after 20 ms, {@code burst} as {@code d0} but
 * sends a stream's events all at once instead of paced, {@code fail} always answers 503,
 * {@code fault} answers 429 (with {@code Retry-After: 0}) to 10% and 503 to 5% of calls,
 * and {@code hold} holds the call (or the stream after its first delta) for
 * {@code --hold-ms}. A request with {@code "stream":true} gets server-sent events: a role
 * chunk, 64 deltas {@code --pace-ms} apart, then the finish, a usage chunk and
 * {@code [DONE]}. A request with {@code "tools":[...]} gets a tool call instead
 * (streamed: the call's opening delta, its arguments in fragments, the finish, a usage
 * chunk and {@code [DONE]}, sent at once), and {@code POST /{mode}/v1/embeddings} gets
 * one 1,536-float vector, as a JSON array or, for {@code "encoding_format":"base64"}, as
 * base64 of little-endian floats. {@code POST /{mode}/v1/messages} speaks Anthropic's
 * Messages API (it answers 401 {@code authentication_error} without {@code x-api-key} (or
 * a bearer token), 400 {@code invalid_request_error} without a dated
 * {@code anthropic-version}): a message with one text block and {@code end_turn}, or,
 * streamed, {@code message_start}, {@code content_block_start}, a {@code ping}, the 64
 * paced deltas as {@code content_block_delta} events with {@code text_delta}s,
 * {@code content_block_stop}, {@code message_delta} and {@code message_stop}.
 * <p>
 * Usage: {@code MockServerMain --port 0 [--pace-ms 20] [--hold-ms 3000]}; prints
 * {@code PORT <n>}, answers each {@code stats} line on its standard input with a line
 * {@code STATS {json}} (requests served, calls in flight, the process CPU time and the
 * waits of the delayed modes actually taken), and runs until its standard input closes.
 *
 * @author llm-router
 */
public final class MockServerMain {

	static final int DELTAS = 64;

	/**
	 * The latency of the {@code d20} mode.
	 */
	static final long SLOW_MILLIS = 20;

	/**
	 * The mode whose streams are sent at once rather than paced: the time-to-first-token
	 * figure at concurrency 1.
	 */
	static final String BURST = "burst";

	private static final Pattern STREAM = Pattern.compile("\"stream\"\\s*:\\s*true");

	/**
	 * The text of every non-streaming answer, OpenAI's and Anthropic's.
	 */
	static final String CONTENT = "This canned completion stands in for a model's answer. It is long enough to make the "
			+ "response body about half a kilobyte, like a short real reply, so that every arm decodes "
			+ "the same realistic payload on every call of the benchmark run.";

	private static final String OPENAI_ID = "chatcmpl-bench";

	private static final String OPENAI_MODEL = "gpt-bench";

	/**
	 * The model named in the Anthropic answers.
	 */
	static final String ANTHROPIC_MODEL = "claude-bench";

	private static final String ANTHROPIC_ID = "msg_bench0001";

	/**
	 * The {@code anthropic-version} the harness's own arms send (the mock takes any dated
	 * version).
	 */
	static final String ANTHROPIC_VERSION = "2023-06-01";

	private static final Pattern API_VERSION = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

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

	/**
	 * The length of the embedding vectors, that of {@code text-embedding-3-small}.
	 */
	static final int DIMENSIONS = 1536;

	/**
	 * The vector of every embedding answer: seeded, so every run and both encodings carry
	 * the same floats.
	 */
	static final float[] VECTOR = vector();

	private static final Pattern BASE64 = Pattern.compile("\"encoding_format\"\\s*:\\s*\"base64\"");

	private static final Pattern TOOLS = Pattern.compile("\"tools\"\\s*:\\s*\\[");

	private static final byte[] COMPLETION = utf8(
			Completion.of(CompletionChoice.text(CONTENT)).id(OPENAI_ID).model(OPENAI_MODEL).usage(12, 64).toJson());

	private static final byte[] TOOL_COMPLETION = utf8(
			Completion.of(CompletionChoice.toolCalls(FunctionCall.of(TOOL_CALL_ID, TOOL_NAME, TOOL_ARGUMENTS)))
				.id(OPENAI_ID)
				.model(OPENAI_MODEL)
				.usage(82, 17)
				.toJson());

	private static final List<byte[]> TOOL_STREAM = toolStream();

	/**
	 * The paced text stream's frames: the role chunk, the 64 deltas, then the finish,
	 * usage and {@code [DONE]} as one last write.
	 */
	private static final List<String> TEXT_STREAM = paced(ChunkStream.create()
		.id(OPENAI_ID)
		.model(OPENAI_MODEL)
		.role()
		.content(deltas())
		.finish("stop")
		.usage(12, DELTAS)
		.done()
		.frames(), 1);

	/**
	 * The text stream's writes as the {@code burst} mode sends them, all at once.
	 */
	private static final List<byte[]> TEXT_BURST = bytes(TEXT_STREAM);

	private static final byte[] EMBEDDING_FLOAT = embedding("float");

	private static final byte[] EMBEDDING_BASE64 = embedding("base64");

	private static final byte[] MESSAGE = utf8(AnthropicMessage.create()
		.identity(ANTHROPIC_ID, ANTHROPIC_MODEL)
		.text(CONTENT)
		.stopReason("end_turn")
		.usage(12, 64)
		.toJson());

	/**
	 * The paced Anthropic stream's frames: {@code message_start},
	 * {@code content_block_start} and a {@code ping} as one write, the 64
	 * {@code content_block_delta}s, then {@code content_block_stop},
	 * {@code message_delta} and {@code message_stop} as one last write.
	 */
	private static final List<String> ANTHROPIC_STREAM = anthropicStream();

	/**
	 * The Anthropic stream's writes as the {@code burst} mode sends them, all at once.
	 */
	private static final List<byte[]> ANTHROPIC_BURST = bytes(ANTHROPIC_STREAM);

	private static final Reply OVERLOADED = Reply.json(503,
			ErrorBodies.openAi("The server is overloaded", "server_error", null, null), Map.of());

	private static final Reply RATE_LIMITED = Reply.rateLimited(Map.of("Retry-After", "0"));

	private static final Reply ANTHROPIC_UNAUTHENTICATED = AnthropicReplies.error(401, "authentication_error",
			"x-api-key header is required", Map.of());

	private static final Reply ANTHROPIC_NO_VERSION = AnthropicReplies.error(400, "invalid_request_error",
			"anthropic-version: header is required", Map.of());

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
		try (MockLlmServer server = new MockLlmServer(port)) {
			server.recordRequests(false).byDefault(Reply.from(mock::reply));
			System.out.println("PORT " + server.port());
			System.out.flush();
			BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
			String line;
			// run until the parent closes our standard input (or dies)
			while ((line = in.readLine()) != null) {
				if (line.equals("stats")) {
					System.out.println("STATS " + mock.stats(server.hits()));
					System.out.flush();
				}
			}
		}
	}

	/**
	 * The reply to one request, chosen by its path's mode, its endpoint and its body.
	 */
	private Reply reply(RecordedRequest request) {
		String path = request.path();
		int slash = path.indexOf('/', 1);
		String mode = (slash > 1) ? path.substring(1, slash) : "d0";
		String body = request.body();
		if (path.endsWith("/embeddings")) {
			byte[] answer = BASE64.matcher(body).find() ? EMBEDDING_BASE64 : EMBEDDING_FLOAT;
			return respond(mode, (response, loop) -> complete(response, loop, delayOf(mode), answer));
		}
		boolean stream = STREAM.matcher(body).find();
		if (path.endsWith("/v1/messages")) {
			// the key as x-api-key, or as a bearer token, which is how the Anthropic Java
			// SDK 3.14.0 sends the key it is given
			if (request.header("x-api-key") == null
					&& !String.valueOf(request.header("authorization")).startsWith("Bearer ")) {
				return ANTHROPIC_UNAUTHENTICATED;
			}
			// any dated version: 2023-06-01 from B, C and Spring AI, 2026-10-21 from the
			// SDK 3.14.0
			if (!API_VERSION.matcher(String.valueOf(request.header("anthropic-version"))).matches()) {
				return ANTHROPIC_NO_VERSION;
			}
			return respond(mode, (response, loop) -> {
				response.header("request-id", "req_bench0001");
				if (stream) {
					return BURST.equals(mode) ? burst(response, ANTHROPIC_BURST)
							: paced(response, loop, 0, ANTHROPIC_STREAM);
				}
				return complete(response, loop, delayOf(mode), MESSAGE);
			});
		}
		if (TOOLS.matcher(body).find()) {
			return respond(mode, (response, loop) -> stream ? burst(response, TOOL_STREAM)
					: complete(response, loop, delayOf(mode), TOOL_COMPLETION));
		}
		return respond(mode, (response, loop) -> {
			if (!stream) {
				return complete(response, loop, delayOf(mode), COMPLETION);
			}
			return BURST.equals(mode) ? burst(response, TEXT_BURST)
					: paced(response, loop, "hold".equals(mode) ? this.holdMillis : 0, TEXT_STREAM);
		});
	}

	private long delayOf(String mode) {
		return switch (mode) {
			case "d20" -> SLOW_MILLIS;
			case "hold" -> this.holdMillis;
			default -> 0;
		};
	}

	/**
	 * The answer, or the failure that {@code mode} puts in its place.
	 */
	private static Reply respond(String mode, Answer answer) {
		switch (mode) {
			case "fail":
				return OVERLOADED;
			case "fault": {
				double draw = ThreadLocalRandom.current().nextDouble();
				if (draw < 0.10) {
					return RATE_LIMITED;
				}
				if (draw < 0.15) {
					return OVERLOADED;
				}
				return answer.reply();
			}
			default:
				return answer.reply();
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

	/**
	 * A paced stream: the first frame, then each of the others {@code --pace-ms} apart
	 * (or, held, the second at once and the rest after the hold).
	 */
	private Mono<Void> paced(HttpServerResponse response, EventLoop loop, long holdMillis, List<String> frames) {
		Flux<String> events = Flux.create((sink) -> new Emitter(sink, loop, frames, this.paceMillis, holdMillis).next(),
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

	private Mono<Void> tracked(Mono<Void> call) {
		return Mono.defer(() -> {
			this.pending.incrementAndGet();
			return call.doFinally((signal) -> this.pending.decrementAndGet());
		});
	}

	/**
	 * A calibrated wait of {@code nanos} on the event loop: see {@link #leadNanos}. The
	 * waits actually taken are counted for {@code stats}.
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

	private String stats(long requests) {
		long cpu = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
			.getProcessCpuTime();
		return "{\"requests\":" + requests + ",\"pending\":" + this.pending.get() + ",\"cpuNanos\":" + cpu
				+ ",\"cores\":" + Runtime.getRuntime().availableProcessors() + ",\"delayed\":" + this.delayed.get()
				+ ",\"delayedNanos\":" + this.delayedNanos.get() + "}";
	}

	static String delta(int index) {
		return "w" + index + " ";
	}

	private static String[] deltas() {
		String[] deltas = new String[DELTAS];
		for (int i = 0; i < DELTAS; i++) {
			deltas[i] = delta(i);
		}
		return deltas;
	}

	/**
	 * Frames grouped into the writes of a paced stream: the first {@code opening} frames
	 * as one, each delta on its own, the rest as one.
	 */
	private static List<String> paced(List<String> frames, int opening) {
		List<String> writes = new ArrayList<>(DELTAS + 2);
		writes.add(String.join("", frames.subList(0, opening)));
		writes.addAll(frames.subList(opening, opening + DELTAS));
		writes.add(String.join("", frames.subList(opening + DELTAS, frames.size())));
		return List.copyOf(writes);
	}

	private static List<byte[]> bytes(List<String> writes) {
		return writes.stream().map(MockServerMain::utf8).toList();
	}

	private static List<String> anthropicStream() {
		List<String> frames = new ArrayList<>(AnthropicStream.create()
			.identity(ANTHROPIC_ID, ANTHROPIC_MODEL)
			.messageStart()
			.text(deltas())
			.messageDelta("end_turn", DELTAS)
			.messageStop()
			.frames());
		// Anthropic pings after the first block's start
		frames.add(2, AnthropicStream.create().ping().frames().get(0));
		return paced(frames, 3);
	}

	/**
	 * A streamed tool call as OpenAI sends it: the first delta names the call and
	 * function with empty arguments, the arguments follow in fragments, then an empty
	 * delta with {@code finish_reason: tool_calls}, the usage chunk and {@code [DONE]}.
	 */
	private static List<byte[]> toolStream() {
		ChunkStream stream = ChunkStream.create()
			.id(OPENAI_ID)
			.model(OPENAI_MODEL)
			.toolCallStart(0, 0, TOOL_CALL_ID, TOOL_NAME);
		for (String fragment : TOOL_ARGUMENT_FRAGMENTS) {
			stream.toolCallArguments(0, 0, fragment);
		}
		List<String> frames = stream.finish("tool_calls").usage(82, 17).done().frames();
		List<byte[]> writes = new ArrayList<>(frames.size() - 1);
		for (int i = 0; i < frames.size() - 2; i++) {
			writes.add(utf8(frames.get(i)));
		}
		// the usage chunk and [DONE] in one write
		writes.add(utf8(frames.get(frames.size() - 2) + frames.get(frames.size() - 1)));
		return List.copyOf(writes);
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
	 * An embeddings answer for one input in the fixture's shape, its vector as a JSON
	 * array of floats or, for {@code "encoding_format":"base64"}, as the base64 of its
	 * little-endian 32-bit floats, as OpenAI encodes it.
	 */
	private static byte[] embedding(String encoding) {
		RecordedRequest request = new RecordedRequest("/v1/embeddings", Map.of(),
				"{\"input\":\"hi\",\"encoding_format\":\"" + encoding + "\"}");
		return utf8(Embeddings.of(VECTOR).model("text-embedding-bench").usage(8).toJson(request));
	}

	private static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * What one request is answered with, written on its connection's event loop.
	 */
	@FunctionalInterface
	private interface Answer {

		Mono<Void> write(HttpServerResponse response, EventLoop loop);

		default Reply reply() {
			return (response) -> {
				EventLoop[] loop = new EventLoop[1];
				response.withConnection((connection) -> loop[0] = connection.channel().eventLoop());
				return write(response, loop[0]);
			};
		}

	}

	/**
	 * Emits one stream's writes on its connection's event loop, one timer at a time.
	 */
	private static final class Emitter {

		private final FluxSink<String> sink;

		private final EventLoop loop;

		private final List<String> writes;

		private final long paceMillis;

		private final long holdMillis;

		private int step;

		private volatile boolean cancelled;

		Emitter(FluxSink<String> sink, EventLoop loop, List<String> writes, long paceMillis, long holdMillis) {
			this.sink = sink;
			this.loop = loop;
			this.writes = writes;
			this.paceMillis = paceMillis;
			this.holdMillis = holdMillis;
			sink.onCancel(() -> this.cancelled = true);
		}

		void next() {
			if (this.cancelled) {
				return;
			}
			int current = this.step++;
			this.sink.next(this.writes.get(current));
			if (current == this.writes.size() - 1) {
				this.sink.complete();
			}
			else if (this.holdMillis > 0) {
				// the first delta at once, the hold, then the rest at once
				schedule((current == 1) ? this.holdMillis : 0);
			}
			else {
				schedule(this.paceMillis);
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
