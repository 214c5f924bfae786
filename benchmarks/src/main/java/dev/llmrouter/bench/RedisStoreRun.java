package dev.llmrouter.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import dev.llmrouter.ChatRequest;
import dev.llmrouter.ChatResponse;
import dev.llmrouter.LlmRouter;
import dev.llmrouter.redis.RedisDeploymentStateStore;
import dev.llmrouter.redis.RedisStateOptions;
import dev.llmrouter.routing.DeploymentStateStore;
import dev.llmrouter.routing.SharedDeploymentState;
import dev.llmrouter.test.RedisServer;
import org.HdrHistogram.Histogram;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * The Redis store's figure (issue 15): the router with {@code llm-router-redis}'s store
 * (once for a deployment without limits, once for one with an {@code rpm}) against the
 * same router with the in-memory store, all calling the benchmark's mock, interleaved
 * round by round — added latency at c=1 and c=64, throughput at c=64 — and how long a
 * cooldown taken through one store takes to reach another (two instances). Needs a
 * {@code redis-server} on the machine; the run starts its own on a free port.
 * {@code benchmarks/run.sh -Dbench.args="--redis"} writes
 * {@code docs/benchmarks-redis.md}.
 *
 * @author llm-router
 */
final class RedisStoreRun {

	private static final int ROUNDS = 5;

	private static final int COOLDOWNS = 200;

	/** The rpm of the third arm's deployment: far above what it sends, so none waits. */
	private static final int RPM = 100_000_000;

	private static final String[] ARMS = { "in memory", "Redis", "Redis, rpm" };

	private RedisStoreRun() {
	}

	static void run(Path doc) throws Exception {
		long started = System.nanoTime();
		try (RedisServer redis = new RedisServer(); MockProcess mock = MockProcess.start(20, 1000)) {
			LettuceConnectionFactory factoryA = factory(redis);
			LettuceConnectionFactory factoryB = factory(redis);
			RedisStateOptions options = new RedisStateOptions("bench:", Duration.ofMillis(50), Duration.ofMillis(500),
					Duration.ofSeconds(10));
			RedisDeploymentStateStore storeA = new RedisDeploymentStateStore(factoryA, options);
			RedisDeploymentStateStore storeB = new RedisDeploymentStateStore(factoryB, options);
			storeA.start();
			storeB.start();
			try {
				Target memory = target(mock.root(), null, "redis-run-memory");
				Target shared = target(mock.root(), storeA, "redis-run-redis");
				Target limited = target(mock.root(), storeA, "redis-run-rpm", RPM);
				Target[] targets = { memory, shared, limited };
				BenchmarkRun.log("redis run: warming up");
				for (Target target : targets) {
					Driver.closedLoop(target, 64, TimeUnit.SECONDS.toNanos(5));
				}
				double[][] p50 = new double[ARMS.length][ROUNDS];
				double[][] p99 = new double[ARMS.length][ROUNDS];
				double[][] c64 = new double[ARMS.length][ROUNDS];
				double[][] p50c64 = new double[ARMS.length][ROUNDS];
				double[][] p99c64 = new double[ARMS.length][ROUNDS];
				for (int round = 0; round < ROUNDS; round++) {
					for (int i = 0; i < targets.length; i++) {
						int arm = (i + round) % targets.length;
						Target target = targets[arm];
						Driver.Load c1 = Driver.closedLoop(target, 1, TimeUnit.MILLISECONDS.toNanos(1500));
						Driver.Load load = Driver.closedLoop(target, 64, TimeUnit.MILLISECONDS.toNanos(2000));
						p50[arm][round] = c1.latency().getValueAtPercentile(50) / 1000.0;
						p99[arm][round] = c1.latency().getValueAtPercentile(99) / 1000.0;
						c64[arm][round] = load.throughput();
						p50c64[arm][round] = load.latency().getValueAtPercentile(50) / 1000.0;
						p99c64[arm][round] = load.latency().getValueAtPercentile(99) / 1000.0;
						BenchmarkRun.log(String.format(
								"redis run round %d %s: p50 %.1f µs, p99 %.1f µs, c64 %.0f/s (p50 %.1f µs, p99 %.1f µs)",
								round + 1, ARMS[arm], p50[arm][round], p99[arm][round], c64[arm][round],
								p50c64[arm][round], p99c64[arm][round]));
					}
				}
				Histogram propagation = propagation(storeA, storeB);
				write(doc, new double[][][] { p50, p99, p50c64, p99c64 }, c64, propagation,
						(System.nanoTime() - started) / 1e9);
			}
			finally {
				storeA.close();
				storeB.close();
				factoryA.destroy();
				factoryB.destroy();
			}
		}
	}

	/**
	 * A cooldown taken through store A, one deployment at a time, and the time until
	 * store B's local view shows it (polled every 50 µs, at most 1 s each).
	 */
	private static Histogram propagation(DeploymentStateStore a, DeploymentStateStore b) {
		Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
		List<SharedDeploymentState> onA = new ArrayList<>();
		List<SharedDeploymentState> onB = new ArrayList<>();
		for (int i = 0; i < COOLDOWNS + 20; i++) {
			onA.add(a.state("propagation", "d" + i));
			onB.add(b.state("propagation", "d" + i));
		}
		for (int i = 0; i < COOLDOWNS + 20; i++) {
			long until = System.currentTimeMillis() + 600_000;
			long start = System.nanoTime();
			onA.get(i).coolDownUntil(until).block(Duration.ofSeconds(5));
			long deadline = start + TimeUnit.SECONDS.toNanos(1);
			while (onB.get(i).cooldownUntil() < until && System.nanoTime() < deadline) {
				LockSupport.parkNanos(50_000);
			}
			long took = System.nanoTime() - start;
			if (i >= 20) {
				// the first 20 warm the channel up
				histogram.recordValue(took);
			}
		}
		return histogram;
	}

	private static Target target(String root, @Nullable DeploymentStateStore store, String name) {
		return target(root, store, name, null);
	}

	private static Target target(String root, @Nullable DeploymentStateStore store, String name,
			@Nullable Integer rpm) {
		LlmRouter.Builder builder = LlmRouter.builder()
			.component(org.springframework.web.reactive.function.client.WebClient.class, Arms.newWebClient(name));
		if (store != null) {
			builder.component(DeploymentStateStore.class, store);
		}
		LlmRouter router = builder.group("bench",
				(group) -> group.deployment("mock",
						(d) -> d.provider("openai")
							.model(Arms.MODEL)
							.baseUrl(Arms.base(root, "d0"))
							.apiKey(Arms.API_KEY)
							.rpm(rpm)))
			.build();
		ChatRequest request = ChatRequest.of("bench", Arms.PROMPT);
		return new Target() {

			@Override
			public boolean async() {
				return true;
			}

			@Override
			public Mono<String> chatAsync() {
				return router.chatAsync(request).map(ChatResponse::content);
			}

			@Override
			public Disposable stream(StreamSink sink) {
				throw new UnsupportedOperationException("the Redis run makes no streams");
			}

		};
	}

	private static LettuceConnectionFactory factory(RedisServer redis) {
		LettuceConnectionFactory factory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration("127.0.0.1", redis.port()));
		factory.afterPropertiesSet();
		factory.start();
		return factory;
	}

	private static void row(StringBuilder md, String figure, String format, double[][] values) {
		md.append("| ").append(figure);
		for (double[] arm : values) {
			md.append(" | ").append(String.format(format, median(arm)));
		}
		md.append(" |\n");
	}

	private static double median(double[] values) {
		double[] sorted = values.clone();
		java.util.Arrays.sort(sorted);
		return sorted[sorted.length / 2];
	}

	private static double medianOfDifferences(double[] redis, double[] memory) {
		double[] differences = new double[redis.length];
		for (int i = 0; i < redis.length; i++) {
			differences[i] = redis[i] - memory[i];
		}
		return median(differences);
	}

	private static double medianOfRatios(double[] redis, double[] memory) {
		double[] ratios = new double[redis.length];
		for (int i = 0; i < redis.length; i++) {
			ratios[i] = redis[i] / memory[i];
		}
		return median(ratios);
	}

	/**
	 * Write the page.
	 * @param latency p50 and p99 at c=1, then p50 and p99 at c=64, each per arm (in
	 * memory, Redis) and round, in µs
	 */
	private static void write(Path doc, double[][][] latency, double[][] c64, Histogram propagation, double seconds)
			throws Exception {
		double[][] p50 = latency[0];
		double[][] p99 = latency[1];
		double addedP50 = medianOfDifferences(p50[1], p50[0]);
		double addedP99 = medianOfDifferences(p99[1], p99[0]);
		double addedP50c64 = medianOfDifferences(latency[2][1], latency[2][0]);
		double addedP99c64 = medianOfDifferences(latency[3][1], latency[3][0]);
		double ratio = medianOfRatios(c64[1], c64[0]);
		double propagationP50 = propagation.getValueAtPercentile(50) / 1e6;
		double propagationP99 = propagation.getValueAtPercentile(99) / 1e6;
		double propagationMax = propagation.getMaxValue() / 1e6;
		StringBuilder md = new StringBuilder();
		md.append("# Benchmarks: the Redis state store\n\n");
		md.append("<!-- Generated by `benchmarks/run.sh -Dbench.args=\"--redis\"`; do not edit by hand. -->\n\n");
		md.append(String.format("Generated %s in %.0f s on %d cores, %s. The router (arm C of "
				+ "[the main run](benchmarks.md)) with `llm-router-redis`'s store against the same router with the "
				+ "in-memory store, calling the benchmark's mock (0 ms answers) through one `redis-server` started on a "
				+ "free port, interleaved over %d rounds. The third arm's deployment has an `rpm` (%,d, so no call waits for "
				+ "it): its calls count in Redis before each attempt, one round trip (see "
				+ "[shared state](shared-state.md)); the other arms' deployments have no limit; each figure is the median of the per-round figures, and each "
				+ "added latency and ratio the median of the per-round differences and ratios (so it is not the "
				+ "difference of the two columns). "
				+ "Propagation: %d cooldowns taken through one store, each timed until a second store (a second "
				+ "instance, its own connection) shows it in its local view.%n%n", Instant.now(), seconds,
				Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.version"), ROUNDS, RPM,
				COOLDOWNS));
		md.append("| figure | in memory | Redis | Redis, deployment with `rpm` |\n|---|---:|---:|---:|\n");
		row(md, "latency p50 µs (c=1)", "%.1f", p50);
		row(md, "latency p99 µs (c=1)", "%.1f", p99);
		row(md, "calls/s (c=64)", "%,.0f", c64);
		row(md, "latency p50 µs (c=64)", "%.1f", latency[2]);
		row(md, "latency p99 µs (c=64)", "%.1f", latency[3]);
		md.append("\n");
		md.append("| target | goal | measured | |\n|---|---|---|---|\n");
		md.append(String.format("| Added latency of the Redis store at c=1, p50 | ≤ 150 µs | %.1f µs | %s |%n",
				addedP50, (addedP50 <= 150) ? "met" : "**missed**"));
		md.append(
				String.format("| Added latency of the Redis store at c=1, p99 | (reported) | %.1f µs | |%n", addedP99));
		md.append(String.format("| Added latency of the Redis store at c=64, p50 | (reported) | %.1f µs | |%n",
				addedP50c64));
		md.append(String.format("| Added latency of the Redis store at c=64, p99 | (reported) | %.1f µs | |%n",
				addedP99c64));
		md.append(String.format("| Throughput at c=64 with the Redis store | ≥ 0.80 × in memory | %.2f × | %s |%n",
				ratio, (ratio >= 0.8) ? "met" : "**missed**"));
		double addedP50rpm = medianOfDifferences(p50[2], p50[0]);
		double ratioRpm = medianOfRatios(c64[2], c64[0]);
		md.append(String.format("| Added latency at c=1, p50, deployment with `rpm` | ≤ 150 µs | %.1f µs | %s |%n",
				addedP50rpm, (addedP50rpm <= 150) ? "met" : "**missed**"));
		md.append(String.format("| Throughput at c=64, deployment with `rpm` | ≥ 0.80 × in memory | %.2f × | %s |%n",
				ratioRpm, (ratioRpm >= 0.8) ? "met" : "**missed**"));
		md.append(String.format(
				"| Cooldown propagation across instances, p99 | ≤ 100 ms | %.2f ms (p50 %.2f ms, max %.2f ms) | %s |%n",
				propagationP99, propagationP50, propagationMax, (propagationP99 <= 100) ? "met" : "**missed**"));
		Path file = doc.toAbsolutePath().resolveSibling("benchmarks-redis.md");
		Files.writeString(file, md.toString());
		BenchmarkRun.log("wrote " + file);
		BenchmarkRun.log(String.format(
				"redis store: added p50 %.1f µs, p99 %.1f µs, c64 %.2f×, propagation p50 %.2f ms, "
						+ "p99 %.2f ms, max %.2f ms; rpm deployment: added p50 %.1f µs, c64 %.2f×",
				addedP50, addedP99, ratio, propagationP50, propagationP99, propagationMax, addedP50rpm, ratioRpm));
	}

}
