package dev.llmrouter.routing;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import dev.llmrouter.Attempt;
import dev.llmrouter.CallMetadata;
import dev.llmrouter.ChatChunk;
import dev.llmrouter.ChatMessage;
import dev.llmrouter.ChatRequest;
import dev.llmrouter.ChatResponse;
import dev.llmrouter.LlmRouter;
import dev.llmrouter.error.LlmException;
import dev.llmrouter.error.MidStreamException;
import dev.llmrouter.observation.FailureEvent;
import dev.llmrouter.observation.FallbackEvent;
import dev.llmrouter.observation.LlmRouterListener;
import dev.llmrouter.observation.RetryEvent;
import dev.llmrouter.observation.SuccessEvent;
import dev.llmrouter.Backoff;
import dev.llmrouter.test.Fault;
import dev.llmrouter.test.FaultProfile;
import dev.llmrouter.test.MockLlmServer;
import org.awaitility.Awaitility;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Hooks;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionPoolMetrics;
import reactor.netty.resources.ConnectionProvider;

import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A bounded fault soak over real HTTP: thousands of chat and stream calls, some with a
 * total timeout, against loopback servers that answer from the fixture's seeded
 * {@link FaultProfile} of successes, 429s with a retry hint, 503s, dropped connections,
 * hangs, malformed bodies, truncated and stalled streams. Every call ends in time and
 * within its attempt budget, no stream loses or repeats a token, and afterwards nothing
 * is left in flight, every server has as many connections open as after the warm-up (once
 * idle ones are closed: none, unless a cold start left one behind, which the figures
 * show) and the heap is back near where it was.
 */
class FaultSoakTests {

	private static final long SEED = 20_250_612L;

	private static final int CALLS = 3_000;

	private static final int CONCURRENCY = 16;

	private static final int NUM_RETRIES = 2;

	private static final Duration TIMEOUT = Duration.ofMillis(200);

	/** How late a call may end after its total timeout on a loaded machine. */
	private static final Duration MARGIN = Duration.ofSeconds(1);

	/** The end of a call without a total timeout: its attempts, waits, and a margin. */
	private static final Duration UNBOUNDED_CALL_LIMIT = Duration.ofSeconds(5);

	private static final long HEAP_MARGIN = 64L * 1024 * 1024;

	private static final String CONTENT = "hello";

	private static final List<String> TOKENS = IntStream.range(0, 8).mapToObj((i) -> "t" + i + " ").toList();

	private static final String TEXT = String.join("", TOKENS);

	/**
	 * Loggers that warn of every cooldown and every dropped connection: thousands of
	 * lines in a soak.
	 */
	private static final List<String> QUIETED = List.of("dev.llmrouter.routing.internal.RoutedCall",
			"reactor.netty.http.client.HttpClientConnect");

	private final LoggingSystem logging = LoggingSystem.get(FaultSoakTests.class.getClassLoader());

	private final List<ScriptedServer> servers = new ArrayList<>();

	/** The router's connection pools by server port. */
	private final Map<Integer, ConnectionPoolMetrics> pools = new ConcurrentHashMap<>();

	/**
	 * The router's connection pool, closing idle connections soon: once every call has
	 * ended, a connection still open on a server is one the router never gave back.
	 */
	private final ConnectionProvider connections = ConnectionProvider.builder("fault-soak")
		.metrics(true,
				() -> (name, id, address, metrics) -> this.pools.put(((InetSocketAddress) address).getPort(), metrics))
		.maxConnections(64)
		.maxIdleTime(Duration.ofMillis(300))
		.evictInBackground(Duration.ofMillis(100))
		.build();

	private final DeploymentStateStore store = DeploymentStateStore.inMemory();

	private final Events events = new Events();

	private final List<String> droppedErrors = new CopyOnWriteArrayList<>();

	@BeforeEach
	void quietExpectedWarnings() {
		QUIETED.forEach((name) -> this.logging.setLogLevel(name, LogLevel.ERROR));
		Hooks.onErrorDropped((error) -> this.droppedErrors.add(error.toString()));
	}

	@AfterEach
	void close() {
		Hooks.resetOnErrorDropped();
		QUIETED.forEach((name) -> this.logging.setLogLevel(name, null));
		this.servers.forEach((server) -> server.mock.close());
		this.connections.dispose();
	}

	@Test
	void whenThousandsOfCallsMeetMixedFaultsThenEveryCallEndsInTimeWithinBudgetAndNothingLeaks() throws Exception {
		Random seeds = new Random(SEED);
		LlmRouter router = router(seeds);
		long warmUp = System.nanoTime();
		runCalls(router, 100, seeds.nextLong());
		Map<String, Integer> baseline = awaitIdleConnectionsClosed();
		this.events.clear();
		long heapBefore = usedHeapAfterGc();
		System.out.printf(
				"FaultSoakTests: warm-up of 100 calls, idle connections closed, in %d ms;"
						+ " connections it left open (baseline) %s%n",
				Duration.ofNanos(System.nanoTime() - warmUp).toMillis(), baseline);

		long started = System.nanoTime();
		List<Call> calls = runCalls(router, CALLS, seeds.nextLong());
		Duration wall = Duration.ofNanos(System.nanoTime() - started);

		report(calls, wall);
		for (Call call : calls) {
			assertEndedInTime(call);
			if (call.metadata != null) {
				assertWithinBudget(call.metadata, call);
			}
			else {
				assertThat(call.stream && call.error == null).as("only a stream's success has no metadata: %s", call)
					.isTrue();
			}
			assertTokens(call);
		}
		assertThat(this.events.terminals.get()).as("terminal events").isEqualTo(CALLS);
		this.events.metadata.forEach((metadata) -> assertWithinBudget(metadata, metadata));
		for (ScriptedServer server : this.servers) {
			assertThat(this.store.state(server.group, server.deployment).inFlight())
				.as("in flight on %s/%s", server.group, server.deployment)
				.isZero();
		}
		assertThat(awaitIdleConnectionsClosed()).as("connections left open by the soak").isEqualTo(baseline);
		long heapAfter = usedHeapAfterGc();
		System.out.printf("FaultSoakTests: used heap %d MB before, %d MB after%n", heapBefore >> 20, heapAfter >> 20);
		assertThat(heapAfter).as("used heap after the soak").isLessThan(heapBefore + HEAP_MARGIN);
		assertThat(this.droppedErrors).as("errors Reactor dropped (and would log at ERROR)").isEmpty();
	}

	private LlmRouter router(Random seeds) {
		WebClient client = WebClient.builder()
			.clientConnector(new ReactorClientHttpConnector(HttpClient.create(this.connections)))
			.build();
		LlmRouter.Builder builder = LlmRouter.builder()
			.numRetries(NUM_RETRIES)
			.timeout(TIMEOUT)
			.backoff(new Backoff(Duration.ofMillis(1), 2.0, Duration.ofMillis(20), Duration.ofMillis(200),
					Duration.ZERO))
			.cooldownTime(Duration.ofMillis(50))
			.random(new Random(seeds.nextLong())::nextDouble)
			.component(WebClient.class, client)
			.component(DeploymentStateStore.class, this.store)
			.component(LlmRouterListener.class, this.events);
		group(builder, "chat", "chat-fallback", 3, false, seeds);
		group(builder, "chat-fallback", null, 1, false, seeds);
		group(builder, "stream", "stream-fallback", 3, true, seeds);
		group(builder, "stream-fallback", null, 1, true, seeds);
		return builder.build();
	}

	private void group(LlmRouter.Builder builder, String name, @Nullable String fallback, int deployments,
			boolean streams, Random seeds) {
		List<ScriptedServer> group = new ArrayList<>();
		for (int i = 0; i < deployments; i++) {
			ScriptedServer server = new ScriptedServer(name, name + "-" + i, streams, seeds.nextLong());
			group.add(server);
			this.servers.add(server);
		}
		builder.group(name, (spec) -> {
			group.forEach((server) -> spec.deployment(server.deployment,
					(deployment) -> deployment.model("m").baseUrl(server.mock.baseUrl())));
			if (fallback != null) {
				spec.fallbacks(fallback);
			}
		});
	}

	private List<Call> runCalls(LlmRouter router, int count, long seed) throws Exception {
		Random random = new Random(seed);
		Semaphore window = new Semaphore(CONCURRENCY);
		List<Call> calls = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			boolean stream = (i % 2) == 1;
			int kind = random.nextInt(4);
			Duration totalTimeout = (kind == 0) ? Duration.ofSeconds(2) : (kind == 1) ? Duration.ofMillis(500) : null;
			ChatRequest request = ChatRequest.builder()
				.model(stream ? "stream" : "chat")
				.message(ChatMessage.user("call " + i))
				.totalTimeout(totalTimeout)
				.build();
			assertThat(window.tryAcquire(30, TimeUnit.SECONDS)).as("a call ended within 30s").isTrue();
			Call call = new Call(i, stream, totalTimeout);
			calls.add(call);
			call.start(router, request).whenComplete((ignored, error) -> window.release());
		}
		CompletableFuture<?>[] all = calls.stream().map((call) -> call.done).toArray(CompletableFuture[]::new);
		try {
			CompletableFuture.allOf(all).get(60, TimeUnit.SECONDS);
		}
		catch (java.util.concurrent.TimeoutException ex) {
			List<Integer> pending = calls.stream()
				.filter((call) -> !call.done.isDone())
				.map((call) -> call.index)
				.toList();
			throw new AssertionError("Calls never ended: " + pending, ex);
		}
		return calls;
	}

	private static void assertEndedInTime(Call call) {
		Duration limit = (call.totalTimeout != null) ? call.totalTimeout.plus(MARGIN) : UNBOUNDED_CALL_LIMIT;
		assertThat(call.duration()).as("duration of %s", call).isLessThanOrEqualTo(limit);
	}

	private static void assertWithinBudget(@Nullable CallMetadata metadata, Object what) {
		assertThat(metadata).as("metadata of %s", what).isNotNull();
		Map<String, Long> perGroup = metadata.attempts()
			.stream()
			.collect(Collectors.groupingBy(Attempt::modelGroup, Collectors.counting()));
		assertThat(perGroup.values()).as("attempts per group of %s: %s", what, metadata.attempts())
			.allMatch((attempts) -> attempts <= NUM_RETRIES + 1);
		assertThat(metadata.fallbackCount()).as("fallbacks of %s", what).isLessThanOrEqualTo(1);
	}

	private static void assertTokens(Call call) {
		if (!call.stream) {
			if (call.error == null) {
				assertThat(call.response).as("%s", call).isNotNull();
				assertThat(call.response.content()).as("%s", call).isEqualTo(CONTENT);
			}
			return;
		}
		List<String> delivered = call.chunks.stream().filter(ChatChunk::hasContent).map(ChatChunk::content).toList();
		assertThat(delivered).as("tokens of %s", call).hasSizeLessThanOrEqualTo(TOKENS.size());
		assertThat(delivered).as("tokens of %s", call).isEqualTo(TOKENS.subList(0, delivered.size()));
		if (call.error == null) {
			assertThat(String.join("", delivered)).as("text of %s", call).isEqualTo(TEXT);
		}
		else if (call.error instanceof MidStreamException midStream) {
			assertThat(delivered).as("tokens of %s", call).isNotEmpty();
			assertThat(midStream.partialContent()).as("partial content of %s", call)
				.isEqualTo(String.join("", delivered));
		}
	}

	/**
	 * Wait until the pool has closed every idle connection and the servers have seen them
	 * close: what is still open then is held by the router.
	 * @return the connections open on each server
	 */
	private Map<String, Integer> awaitIdleConnectionsClosed() {
		Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(20))
			.untilAsserted(
					() -> assertThat(this.servers).allSatisfy((server) -> assertThat(server.mock.openConnections())
						.as("open connections of %s, pool %s", server, pool(server))
						.isEqualTo(acquired(server))));
		Map<String, Integer> open = new TreeMap<>();
		this.servers.forEach((server) -> open.put(server.deployment, server.mock.openConnections()));
		return open;
	}

	private int acquired(ScriptedServer server) {
		ConnectionPoolMetrics pool = this.pools.get(server.mock.port());
		return (pool != null) ? pool.acquiredSize() : 0;
	}

	private String pool(ScriptedServer server) {
		ConnectionPoolMetrics pool = this.pools.get(server.mock.port());
		return (pool != null) ? "acquired " + pool.acquiredSize() + ", idle " + pool.idleSize() + ", allocated "
				+ pool.allocatedSize() + ", pending " + pool.pendingAcquireSize() : "none";
	}

	private static long usedHeapAfterGc() {
		Runtime runtime = Runtime.getRuntime();
		for (int i = 0; i < 3; i++) {
			System.gc();
		}
		return runtime.totalMemory() - runtime.freeMemory();
	}

	private void report(List<Call> calls, Duration wall) {
		long successes = calls.stream().filter((call) -> call.error == null).count();
		Map<String, Long> failures = calls.stream()
			.filter((call) -> call.error != null)
			.collect(Collectors.groupingBy(
					(call) -> (call.stream ? "stream " : "chat ") + call.error.getClass().getSimpleName(), TreeMap::new,
					Collectors.counting()));
		long attempts = this.events.metadata.stream().mapToLong((metadata) -> metadata.attempts().size()).sum();
		long withTotalTimeout = calls.stream().filter((call) -> call.totalTimeout != null).count();
		long[] millis = calls.stream().mapToLong((call) -> call.duration().toMillis()).sorted().toArray();
		Map<Fault, Long> replies = new TreeMap<>();
		this.servers
			.forEach((server) -> server.faults.counts().forEach((kind, n) -> replies.merge(kind, n, Long::sum)));
		System.out.printf("FaultSoakTests: %d calls (%d streams, %d with a total timeout) in %d ms, concurrency %d%n",
				calls.size(), calls.stream().filter((call) -> call.stream).count(), withTotalTimeout, wall.toMillis(),
				CONCURRENCY);
		System.out.printf("FaultSoakTests: %d successes, %d failures %s%n", successes, calls.size() - successes,
				failures);
		System.out.printf("FaultSoakTests: %d attempts, %d retries, %d fallbacks, %d server hits %s%n", attempts,
				this.events.retries.get(), this.events.fallbacks.get(),
				this.servers.stream().mapToInt((server) -> server.mock.hits()).sum(), replies);
		Map<String, Long> outcomes = this.events.metadata.stream()
			.flatMap((metadata) -> metadata.attempts().stream())
			.collect(Collectors.groupingBy((attempt) -> attempt.outcome() + "/" + attempt.status(), TreeMap::new,
					Collectors.counting()));
		System.out.printf("FaultSoakTests: attempts by outcome %s%n", outcomes);
		System.out.printf("FaultSoakTests: %d errors dropped by Reactor %s%n", this.droppedErrors.size(),
				this.droppedErrors.stream().distinct().toList());
		System.out.printf("FaultSoakTests: duration p50 %d ms, p99 %d ms, max %d ms%n", percentile(millis, 0.50),
				percentile(millis, 0.99), millis[millis.length - 1]);
	}

	private static long percentile(long[] sorted, double p) {
		return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
	}

	/**
	 * A loopback server answering from the fixture's seeded fault profile: 62% successes,
	 * 4% slow, 6% 429 with a 5–20ms hint, 6% 503, 6% dropped connections, 3% hangs, 5%
	 * malformed bodies and, for streams, 5% truncated and 3% stalled (for chat those 8%
	 * are successes).
	 */
	static final class ScriptedServer {

		final MockLlmServer mock = new MockLlmServer().recordRequests(false);

		final String group;

		final String deployment;

		final FaultProfile faults;

		ScriptedServer(String group, String deployment, boolean streams, long seed) {
			this.group = group;
			this.deployment = deployment;
			FaultProfile.Builder faults = FaultProfile.builder()
				.seed(seed)
				.answer(streams ? TOKENS : List.of(CONTENT))
				.rate(Fault.SLOW, 0.04)
				.rate(Fault.RATE_LIMITED, 0.06)
				.rate(Fault.UNAVAILABLE, 0.06)
				.rate(Fault.RESET, 0.06)
				.rate(Fault.HANG, 0.03)
				.rate(Fault.MALFORMED, 0.05)
				.slowLatency(Duration.ofMillis(20))
				.retryAfter(Duration.ofMillis(5), Duration.ofMillis(20));
			if (streams) {
				faults.rate(Fault.TRUNCATED, 0.05).rate(Fault.STALLED, 0.03);
			}
			this.faults = faults.build();
			this.mock.byDefault(this.faults);
		}

		@Override
		public String toString() {
			return this.deployment + " (" + this.mock.openConnections() + " open connections, open exchanges "
					+ this.faults.inProgress() + ")";
		}

	}

	/**
	 * One call of the soak and how it ended.
	 */
	static final class Call {

		final int index;

		final boolean stream;

		final @Nullable Duration totalTimeout;

		final List<ChatChunk> chunks = new CopyOnWriteArrayList<>();

		final CompletableFuture<Void> done = new CompletableFuture<>();

		volatile long startNanos;

		volatile long endNanos;

		volatile @Nullable ChatResponse response;

		volatile @Nullable Throwable error;

		volatile @Nullable CallMetadata metadata;

		Call(int index, boolean stream, @Nullable Duration totalTimeout) {
			this.index = index;
			this.stream = stream;
			this.totalTimeout = totalTimeout;
		}

		CompletableFuture<Void> start(LlmRouter router, ChatRequest request) {
			this.startNanos = System.nanoTime();
			CompletableFuture<?> future = this.stream
					? router.stream(request).doOnNext(this.chunks::add).then().toFuture()
					: router.chatAsync(request).toFuture();
			future.whenComplete((value, failure) -> {
				this.endNanos = System.nanoTime();
				if (value instanceof ChatResponse answer) {
					this.response = answer;
					this.metadata = answer.metadata();
				}
				Throwable cause = (failure instanceof CompletionException) ? failure.getCause() : failure;
				this.error = cause;
				if (cause instanceof LlmException llm) {
					this.metadata = llm.metadata();
				}
				this.done.complete(null);
			});
			return this.done;
		}

		Duration duration() {
			return Duration.ofNanos(this.endNanos - this.startNanos);
		}

		@Override
		public String toString() {
			return "call " + this.index + (this.stream ? " (stream" : " (chat") + ", total timeout " + this.totalTimeout
					+ ", " + ((this.error != null) ? this.error : "success") + ", "
					+ ((this.metadata != null) ? this.metadata.attempts() : "no metadata") + ")";
		}

	}

	/**
	 * Records the router's events: the metadata of every call that ended, and counts.
	 */
	static final class Events implements LlmRouterListener {

		final List<CallMetadata> metadata = new CopyOnWriteArrayList<>();

		final AtomicInteger terminals = new AtomicInteger();

		final AtomicInteger retries = new AtomicInteger();

		final AtomicInteger fallbacks = new AtomicInteger();

		@Override
		public void onRetry(RetryEvent event) {
			this.retries.incrementAndGet();
		}

		@Override
		public void onFallback(FallbackEvent event) {
			this.fallbacks.incrementAndGet();
		}

		@Override
		public void onSuccess(SuccessEvent event) {
			this.terminals.incrementAndGet();
			this.metadata.add(event.metadata());
		}

		@Override
		public void onFailure(FailureEvent event) {
			this.terminals.incrementAndGet();
			this.metadata.add(event.error().metadata());
		}

		void clear() {
			this.metadata.clear();
			this.terminals.set(0);
			this.retries.set(0);
			this.fallbacks.set(0);
		}

	}

}
