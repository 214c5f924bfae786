package dev.llmrouter.bench;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.concurrent.ScheduledFuture;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.resources.LoopResources;

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
 * chunk, 64 deltas {@code --pace-ms} apart, a usage chunk and {@code [DONE]}.
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

	private static final Pattern STREAM = Pattern.compile("\"stream\"\\s*:\\s*true");

	private static final byte[] COMPLETION = completion();

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
		return request.receive().aggregate().asString().defaultIfEmpty("").flatMap((body) -> {
			this.requests.incrementAndGet();
			boolean stream = STREAM.matcher(body).find();
			return respond(mode, stream, loop[0], response);
		});
	}

	private Mono<Void> respond(String mode, boolean stream, EventLoop loop, HttpServerResponse response) {
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
				return stream ? stream(response, loop, 0) : complete(response, loop, 0);
			}
			case "d20":
				return stream ? stream(response, loop, 0) : complete(response, loop, SLOW_MILLIS);
			case "hold":
				return stream ? stream(response, loop, this.holdMillis) : complete(response, loop, this.holdMillis);
			default:
				return stream ? stream(response, loop, 0) : complete(response, loop, 0);
		}
	}

	private Mono<Void> complete(HttpServerResponse response, EventLoop loop, long delayMillis) {
		Mono<Void> send = response.header(HttpHeaderNames.CONTENT_TYPE, "application/json")
			.header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(COMPLETION.length))
			.sendByteArray(Mono.just(COMPLETION))
			.then();
		if (delayMillis <= 0) {
			return send;
		}
		return tracked(delay(loop, TimeUnit.MILLISECONDS.toNanos(delayMillis)).then(send));
	}

	private Mono<Void> stream(HttpServerResponse response, EventLoop loop, long holdMillis) {
		Flux<String> events = Flux.create((sink) -> new Emitter(sink, loop, this.paceMillis, holdMillis).next(),
				FluxSink.OverflowStrategy.BUFFER);
		return tracked(response.header(HttpHeaderNames.CONTENT_TYPE, "text/event-stream")
			.header(HttpHeaderNames.CACHE_CONTROL, "no-cache")
			.sendString(events, StandardCharsets.UTF_8)
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
		String content = "This canned completion stands in for a model's answer. It is long enough to make the "
				+ "response body about half a kilobyte, like a short real reply, so that every arm decodes "
				+ "the same realistic payload on every call of the benchmark run.";
		return ("{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion\",\"created\":1700000000,"
				+ "\"model\":\"gpt-bench\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
				+ "\"content\":\"" + content + "\",\"refusal\":null},\"logprobs\":null,\"finish_reason\":\"stop\"}],"
				+ "\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":64,\"total_tokens\":76},"
				+ "\"system_fingerprint\":\"fp_bench\"}")
			.getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * Emits one stream's events on its connection's event loop, one timer at a time.
	 */
	private static final class Emitter {

		private final FluxSink<String> sink;

		private final EventLoop loop;

		private final long paceMillis;

		private final long holdMillis;

		private int step;

		private volatile boolean cancelled;

		Emitter(FluxSink<String> sink, EventLoop loop, long paceMillis, long holdMillis) {
			this.sink = sink;
			this.loop = loop;
			this.paceMillis = paceMillis;
			this.holdMillis = holdMillis;
			sink.onCancel(() -> this.cancelled = true);
		}

		void next() {
			if (this.cancelled) {
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
