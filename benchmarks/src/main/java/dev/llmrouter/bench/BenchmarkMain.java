package dev.llmrouter.bench;

import java.nio.file.Files;
import java.nio.file.Path;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs the side-by-side benchmark and writes {@code latest.json} and the Markdown table.
 * <p>
 * Usage: {@code BenchmarkMain [--full|--smoke] [--arms ABCDEFG] [--rounds N]
 * [--out results/latest.json] [--doc ../docs/benchmarks.md]}.
 *
 * @author llm-router
 */
public final class BenchmarkMain {

	private BenchmarkMain() {
	}

	public static void main(String[] args) throws Exception {
		BenchmarkConfig config = BenchmarkConfig.FULL;
		Path out = null;
		Path doc = null;
		boolean redis = false;
		for (int i = 0; i < args.length; i++) {
			switch (args[i]) {
				case "--full" -> config = BenchmarkConfig.FULL.withArms(config.arms());
				case "--smoke" -> config = BenchmarkConfig.SMOKE.withArms(config.arms());
				case "--arms" -> config = config.withArms(args[++i]);
				case "--rounds" -> config = config.withRounds(Integer.parseInt(args[++i]));
				case "--out" -> out = Path.of(args[++i]);
				case "--doc" -> doc = Path.of(args[++i]);
				case "--redis" -> redis = true;
				case "--profile" -> {
					profile(args[++i], Integer.parseInt(args[++i]));
					return;
				}
				case "--profile-streams" -> {
					profileStreams(args[++i], Integer.parseInt(args[++i]));
					return;
				}
				default -> throw new IllegalArgumentException("Unknown option " + args[i]);
			}
		}
		if (redis) {
			RedisStoreRun.run((doc != null) ? doc : Path.of("docs/benchmarks.md"));
			System.exit(0);
		}
		Results results = new BenchmarkRun(config).run();
		write(results, out, doc);
		for (Results.Target target : results.allTargets()) {
			BenchmarkRun.log((target.met() ? "met     " : "MISSED  ") + target.what() + ": " + target.measured()
					+ " (goal " + target.goal() + ")");
		}
		System.exit(0);
	}

	/**
	 * One arm alone at c=64 for a profiler attached to this JVM: a short warm-up, then
	 * {@code seconds} of calls; prints the calls made, to normalise samples per call.
	 * {@code id} is a plain-chat arm's letter, or a workload's key and a letter
	 * ({@code embedding:C}).
	 */
	private static void profile(String id, int seconds) throws Exception {
		try (MockProcess mock = MockProcess.start(20, 1000)) {
			Target target = target(id, mock);
			Driver.closedLoop(target, 64, java.util.concurrent.TimeUnit.SECONDS.toNanos(3));
			Driver.Load load = Driver.closedLoop(target, 64, java.util.concurrent.TimeUnit.SECONDS.toNanos(seconds));
			BenchmarkRun
				.log(String.format("profile %s: %d calls, %.0f calls/s, %.0f B/call (%.0f B/call by live threads)", id,
						load.calls(), load.throughput(), load.allocatedPerCall(), load.liveThreadAllocatedPerCall()));
		}
		System.exit(0);
	}

	/**
	 * Streams of one arm, 1024 at a time as in the stream figures, for {@code seconds}
	 * after a warm-up: prints this JVM's CPU time and allocation per stream and the
	 * time-to-first-token p50 and p99, the costs behind a stream figure's tail.
	 * {@code id} as for {@link #profile}.
	 */
	private static void profileStreams(String id, int seconds) throws Exception {
		long pace = 20;
		try (MockProcess mock = MockProcess.start(pace, 1000)) {
			Target target = target(id, mock);
			long ramp = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(pace * MockServerMain.DELTAS / 2);
			long timeout = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(pace * MockServerMain.DELTAS * 2 + 3000);
			for (int i = 0; i < 3; i++) {
				Driver.streams(target, 1024, ramp, timeout);
			}
			com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
				.getOperatingSystemMXBean();
			org.HdrHistogram.Histogram ttft = new org.HdrHistogram.Histogram(3);
			long cpu = os.getProcessCpuTime();
			long heap = HeapAllocation.total();
			long streams = 0;
			long end = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(seconds);
			while (System.nanoTime() < end) {
				Driver.StreamLoad load = Driver.streams(target, 1024, ramp, timeout);
				streams += load.completed();
				ttft.add(load.ttft());
			}
			BenchmarkRun.log(String.format(
					"profile streams %s: %d streams, CPU %.1f µs/stream, %.0f B/stream, ttft p50 %.0f µs, p99 %.0f µs",
					id, streams, (os.getProcessCpuTime() - cpu) / 1e3 / streams,
					(double) (HeapAllocation.total() - heap) / streams, ttft.getValueAtPercentile(50) / 1e3,
					ttft.getValueAtPercentile(99) / 1e3));
		}
		System.exit(0);
	}

	private static Target target(String id, MockProcess mock) {
		int colon = id.indexOf(':');
		if (colon > 0) {
			String key = id.substring(0, colon);
			Workload workload = java.util.Arrays.stream(Workload.values())
				.filter((candidate) -> candidate.key().equals(key))
				.findFirst()
				.orElseThrow();
			return workload.create(id.substring(colon + 1), mock.root(), "d0");
		}
		Arm arm = Arms.all().stream().filter((candidate) -> candidate.id().equals(id)).findFirst().orElseThrow();
		return arm.factory().create(mock.root(), "d0");
	}

	static void write(Results results, Path json, Path markdown) throws Exception {
		if (json != null) {
			Files.createDirectories(json.toAbsolutePath().getParent());
			JsonMapper mapper = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
			Files.writeString(json, mapper.writeValueAsString(results.toJson()) + "\n");
			BenchmarkRun.log("wrote " + json);
		}
		if (markdown != null) {
			Files.createDirectories(markdown.toAbsolutePath().getParent());
			Files.writeString(markdown, results.toMarkdown());
			BenchmarkRun.log("wrote " + markdown);
		}
	}

}
