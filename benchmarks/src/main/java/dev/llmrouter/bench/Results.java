package dev.llmrouter.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.HdrHistogram.Histogram;
import org.jspecify.annotations.Nullable;

/**
 * The figures of one run, per arm and round, with what is needed to judge them: medians
 * and spread, ratios to arm B, the targets, and the machine they were measured on.
 *
 * @author llm-router
 */
final class Results {

	static final double IDEAL_C256 = 256 / 0.020;

	/**
	 * What the mock is: the project's fixture, {@code MockLlmServer}, with the
	 * benchmark's replies.
	 */
	static final String MOCK_CHOICE = "\nThe mock is the project's test fixture `MockLlmServer` (`llm-router-test`), "
			+ "the server every other test uses, started by `MockServerMain` in a JVM of its own with requests not "
			+ "recorded and one reply chosen per request (`Reply.from`): its bodies and events are the fixture's "
			+ "builders' (`Completion`, `ChunkStream`, `Embeddings`, `AnthropicMessage`, `AnthropicStream`), built "
			+ "once. What the benchmark adds are modes chosen by the URL's first segment (`d0`, `d20`, `fail`, "
			+ "`fault`, `hold`), replies whose waits are event-loop timers of the request's own connection "
			+ "calibrated for timer lateness (the fixture's own delays hop to Reactor's parallel scheduler), the "
			+ "paced 64-delta streams whose deltas carry their indexes, and counters (calls in flight, waits taken, "
			+ "CPU time) that the run asks for on the mock's standard input.\n";

	/**
	 * How the tool-call and embedding figures are taken.
	 */
	static final String WORKLOADS_HOW = "- Tool calls and embeddings: each round, after the plain-chat figures, every "
			+ "workload's arms in turn (the order rotating by round): one closed-loop caller for the latency, then "
			+ "c=64 for throughput and allocation, all with the mock answering at once (`d0`). Each arm warms up "
			+ "with a quarter of the plain-chat warm-up calls. The tool-call request carries one user message and "
			+ "one `get_weather` function tool; the mock answers with one tool call (`finish_reason: tool_calls`). "
			+ "Streamed, the mock sends the tool call's opening delta (id and name), its arguments in 12 "
			+ "fragments, the `tool_calls` finish, a usage chunk and `[DONE]`, all at once, and a call ends when "
			+ "the arm has assembled the arguments (C through `ChatResponse.fromChunks`). Embeddings: one input, "
			+ "a 1,536-float vector; the mock answers float or base64 as `encoding_format` asks, B asks for "
			+ "base64 and decodes it. Every call checks its answer (the arguments, or the vector float for float) "
			+ "and counts as failed if it differs. Spring AI (E) streams through its `Flux`, LangChain4j (G) "
			+ "through its handler, both counted as non-blocking there; their non-streaming calls and Spring "
			+ "AI's embeddings are blocking, with c caller threads. Neither executes the tool: Spring AI 2.0's "
			+ "`OpenAiChatModel` and LangChain4j's chat models return the tool call to the caller. The targets: "
			+ "C's added p50 over B ≤ 10 µs, and C ahead of each peer on latency p50 and p99, throughput and "
			+ "allocation.\n";

	/**
	 * How the Anthropic figures are taken.
	 */
	static final String ANTHROPIC_HOW = "- Anthropic Messages API: the same figures as the workloads above, over "
			+ "`POST /d0/v1/messages` (`x-api-key`, `anthropic-version: 2023-06-01`, `max_tokens` 1024, one user "
			+ "message; the mock answers 401 without the two headers), each answer's text checked against the "
			+ "mock's, plus streams through every arm as in the plain-chat streaming figure: the mock sends "
			+ "`message_start`, `content_block_start` and a `ping`, the 64 paced deltas as `content_block_delta` "
			+ "`text_delta` events, then `content_block_stop`, `message_delta` and `message_stop`; B reads every "
			+ "body to its end. The time to first token at c=1 is taken as for plain chat, the same events "
			+ "sent at once, and the interleaved B and C figure twice per round as for plain chat. B is "
			+ "WebClient with Jackson data binding, C the router (`provider(\"anthropic\")`), E Spring AI "
			+ "2.0.1's `AnthropicChatModel` and F the official Anthropic Java SDK, both with retries off "
			+ "(`maxRetries(0)`) and their default OkHttp clients. Spring AI 2.0.1 is built on the SDK's 2.52.0 "
			+ "and cannot run on 3.x (methods it calls were removed), so E runs in a class loader of its own "
			+ "with 2.52.0 while F measures the current SDK. The targets: C's added p50 ≤ 10 µs and p99 ≤ 30 µs "
			+ "over B, added time-to-first-token p99 ≤ 100 µs (at c=1, and interleaved), no lost chunks, and C ahead of E "
			+ "and F on latency, throughput, allocation and time-to-first-token.\n";

	private final BenchmarkConfig config;

	private final Map<String, Arm> arms = new LinkedHashMap<>();

	private final Map<String, String> notRun = new LinkedHashMap<>();

	private final Map<String, Map<Figure, List<Double>>> figures = new LinkedHashMap<>();

	private double jmhNanos = Double.NaN;

	private double jmhError = Double.NaN;

	private double jmhBytes = Double.NaN;

	private double mockCpuMicrosPerRequest = Double.NaN;

	private double mockCeiling = Double.NaN;

	private long mockRequests;

	private long mockCpuNanos;

	private long mockDelayed;

	private final Map<String, long[]> pairedIntegrity = new LinkedHashMap<>();

	private final Map<String, Histogram> pairedTtft = new LinkedHashMap<>();

	private final Map<String, Histogram> controlTtft = new LinkedHashMap<>();

	private long mockDelayedNanos;

	private double seconds;

	private final Map<Workload, Map<String, String>> workloadArms = new LinkedHashMap<>();

	private final Map<Workload, Map<String, String>> workloadNotRun = new LinkedHashMap<>();

	Results(BenchmarkConfig config) {
		this.config = config;
	}

	void arm(Arm arm) {
		this.arms.put(arm.id(), arm);
		this.figures.put(arm.id(), new LinkedHashMap<>());
	}

	/**
	 * Register arm {@code id} of a workload; its figures go under the same id as the
	 * plain-chat arm of that letter, keyed by the workload's own figures.
	 */
	void workloadArm(Workload workload, String id) {
		this.workloadArms.computeIfAbsent(workload, (key) -> new LinkedHashMap<>()).put(id, workload.armName(id));
		this.figures.computeIfAbsent(id, (key) -> new LinkedHashMap<>());
	}

	void workloadNotRun(Workload workload, String id, String reason) {
		this.workloadNotRun.computeIfAbsent(workload, (key) -> new LinkedHashMap<>()).put(id, reason);
	}

	/**
	 * Whether arm {@code id} of a workload was measured.
	 */
	boolean ran(Workload workload, String id) {
		return this.workloadArms.getOrDefault(workload, Map.of()).containsKey(id)
				&& !this.workloadNotRun.getOrDefault(workload, Map.of()).containsKey(id);
	}

	/**
	 * Why arm {@code id} of a workload was not measured.
	 * @return the reason, or {@code null} if it ran
	 */
	@Nullable String notRunReason(Workload workload, String id) {
		if (!this.workloadArms.getOrDefault(workload, Map.of()).containsKey(id)) {
			return "not selected";
		}
		return this.workloadNotRun.getOrDefault(workload, Map.of()).get(id);
	}

	void notRun(String id, String reason) {
		this.notRun.put(id, reason);
	}

	synchronized void add(String id, Figure figure, double value) {
		this.figures.get(id).computeIfAbsent(figure, (key) -> new ArrayList<>()).add(value);
	}

	void jmh(double nanos, double error, double bytes) {
		this.jmhNanos = nanos;
		this.jmhError = error;
		this.jmhBytes = bytes;
	}

	/**
	 * Add the mock's work over one c=64 figure (non-streaming calls answered at once):
	 * its CPU per request gives its ceiling on this machine's cores.
	 */
	void mockLoad(MockProcess.Stats before, MockProcess.Stats after) {
		this.mockRequests += after.requests() - before.requests();
		this.mockCpuNanos += after.cpuNanos() - before.cpuNanos();
		if (this.mockRequests > 0 && this.mockCpuNanos > 0) {
			this.mockCpuMicrosPerRequest = this.mockCpuNanos / 1000.0 / this.mockRequests;
			this.mockCeiling = after.cores() * 1e6 / this.mockCpuMicrosPerRequest;
		}
	}

	/**
	 * Add the waits the mock took over one c=256 figure (calls answered after 20 ms).
	 */
	void mockDelays(MockProcess.Stats before, MockProcess.Stats after) {
		this.mockDelayed += after.delayed() - before.delayed();
		this.mockDelayedNanos += after.delayedNanos() - before.delayedNanos();
	}

	/**
	 * The mean wait of the mock's 20 ms answers, in microseconds.
	 */
	double mockDelayMicros() {
		return (this.mockDelayed > 0) ? this.mockDelayedNanos / 1000.0 / this.mockDelayed : Double.NaN;
	}

	/**
	 * Add the lost or duplicated chunks and the unfinished streams of one arm in a paired
	 * stream figure.
	 */
	synchronized void pairedIntegrity(String id, long lostOrDuplicated, long unfinished) {
		long[] counts = this.pairedIntegrity.computeIfAbsent(id, (key) -> new long[2]);
		counts[0] += lostOrDuplicated;
		counts[1] += unfinished;
	}

	/**
	 * Add one round's time-to-first-token samples of an arm in the interleaved figures.
	 */
	synchronized void pairedTtft(String id, Histogram samples) {
		this.pairedTtft.computeIfAbsent(id, (key) -> new Histogram(3)).add(samples);
	}

	/**
	 * Add one round's time-to-first-token samples of B or B′ in the control figure.
	 */
	synchronized void controlTtft(String id, Histogram samples) {
		this.controlTtft.computeIfAbsent(id, (key) -> new Histogram(3)).add(samples);
	}

	/**
	 * What the control figure shows for the added time-to-first-token p99 of B′ (the same
	 * code as B) over B, pooled over the run, as text for a target's measured cell; empty
	 * if the control did not run.
	 * @param prefix the workload's key and a colon, or empty for plain chat
	 */
	String controlNote(String prefix) {
		Histogram b = this.controlTtft.get(prefix + "B");
		Histogram control = this.controlTtft.get(prefix + "B'");
		if (b == null || control == null) {
			return "";
		}
		double added = (control.getValueAtPercentile(99) - b.getValueAtPercentile(99)) / 1000.0;
		return "; control, B′ (a second B client) over B in the same figure: " + fmt(added) + " µs";
	}

	/**
	 * The p99 time-to-first-token of an arm over every interleaved stream of the run.
	 * @return microseconds, or NaN if the figure was not taken
	 */
	double pooledPairedTtftP99(String id) {
		Histogram samples = this.pairedTtft.get(id);
		return (samples == null || samples.getTotalCount() == 0) ? Double.NaN
				: samples.getValueAtPercentile(99) / 1000.0;
	}

	/**
	 * How many interleaved streams of an arm the run timed.
	 */
	long pooledPairedStreams(String id) {
		Histogram samples = this.pairedTtft.get(id);
		return (samples != null) ? samples.getTotalCount() : 0;
	}

	void seconds(double seconds) {
		this.seconds = seconds;
	}

	List<Double> values(String id, Figure figure) {
		Map<Figure, List<Double>> byFigure = this.figures.get(id);
		return (byFigure != null) ? byFigure.getOrDefault(figure, List.of()) : List.of();
	}

	boolean ran(String id) {
		return this.arms.containsKey(id) && !this.notRun.containsKey(id);
	}

	double median(String id, Figure figure) {
		return median(values(id, figure));
	}

	double jmhNanos() {
		return this.jmhNanos;
	}

	double jmhBytes() {
		return this.jmhBytes;
	}

	double mockCeiling() {
		return this.mockCeiling;
	}

	/**
	 * The median over rounds of a per-round difference between two arms.
	 */
	double medianDifference(String id, String baseline, Figure figure) {
		List<Double> a = values(id, figure);
		List<Double> b = values(baseline, figure);
		List<Double> differences = new ArrayList<>();
		for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
			differences.add(a.get(i) - b.get(i));
		}
		return median(differences);
	}

	/**
	 * The median over rounds of a per-round ratio between two arms.
	 */
	double medianRatio(String id, String baseline, Figure figure) {
		List<Double> a = values(id, figure);
		List<Double> b = values(baseline, figure);
		List<Double> ratios = new ArrayList<>();
		for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
			ratios.add(a.get(i) / b.get(i));
		}
		return median(ratios);
	}

	static double median(List<Double> values) {
		double[] sorted = values.stream().mapToDouble(Double::doubleValue).filter((v) -> !Double.isNaN(v)).toArray();
		if (sorted.length == 0) {
			return Double.NaN;
		}
		Arrays.sort(sorted);
		int middle = sorted.length / 2;
		return (sorted.length % 2 == 1) ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
	}

	private static double min(List<Double> values) {
		return values.stream()
			.mapToDouble(Double::doubleValue)
			.filter((v) -> !Double.isNaN(v))
			.min()
			.orElse(Double.NaN);
	}

	private static double max(List<Double> values) {
		return values.stream()
			.mapToDouble(Double::doubleValue)
			.filter((v) -> !Double.isNaN(v))
			.max()
			.orElse(Double.NaN);
	}

	// ---- targets ---------------------------------------------------------------

	/**
	 * The time-to-first-token target taken where it resolves microseconds: one stream at
	 * a time, the mock sending its events at once.
	 */
	private static final String FIRST_TOKEN_C1 = "Added time-to-first-token of C over B at c=1, p99 "
			+ "(streams one at a time, sent at once)";

	List<Target> targets() {
		List<Target> targets = new ArrayList<>();
		if (!ran("B") || !ran("C")) {
			return targets;
		}
		double addedP50 = medianDifference("C", "B", Figure.LAT_P50);
		double addedP99 = medianDifference("C", "B", Figure.LAT_P99);
		targets
			.add(new Target("Added latency of C over B at c=1, p50", "≤ 10 µs", fmt(addedP50) + " µs", addedP50 <= 10));
		targets
			.add(new Target("Added latency of C over B at c=1, p99", "≤ 30 µs", fmt(addedP99) + " µs", addedP99 <= 30));
		double c64 = medianRatio("C", "B", Figure.THR_64);
		targets.add(new Target("Throughput of C at c=64/0 ms", "≥ 0.90 × B", ratio(c64) + " × B", c64 >= 0.90));
		double ideal = median("C", Figure.THR_256) / IDEAL_C256;
		targets.add(new Target("Throughput of C at c=256/20 ms", "≥ 0.97 × ideal (12,800/s)",
				String.format("%.3f", ideal) + " × ideal", ideal >= 0.97));
		targets.add(new Target("Router's own work (JMH, stub transport), time", "≤ 2 µs", fmt(this.jmhNanos) + " ns/op",
				this.jmhNanos <= 2000));
		targets.add(new Target("Router's own work (JMH, stub transport), allocation", "≤ 2 KB",
				fmt(this.jmhBytes) + " B/op", this.jmhBytes <= 2048));
		double firstToken = medianDifference("C", "B", Figure.TTFT_C1_P99);
		targets.add(new Target(FIRST_TOKEN_C1, "≤ 100 µs", fmt(firstToken) + " µs", firstToken <= 100));
		double ttft = pooledPairedTtftP99("C") - pooledPairedTtftP99("B");
		targets.add(new Target(
				"Added time-to-first-token of C over B, p99 (B and C streams interleaved, "
						+ fmt(pooledPairedStreams("C")) + " streams each)",
				"≤ 100 µs", fmt(ttft) + " µs (per-round median "
						+ fmt(medianDifference("C", "B", Figure.TTFT_P99_PAIRED)) + " µs" + controlNote("") + ")",
				ttft <= 100));
		long[] paired = this.pairedIntegrity.getOrDefault("C", new long[2]);
		double lost = sum("C", Figure.LOST) + sum("C", Figure.DUPLICATED) + paired[0];
		double unfinished = sum("C", Figure.UNFINISHED) + paired[1];
		targets.add(new Target("C: " + this.config.streams() + " concurrent streams, lost or duplicated chunks", "0",
				fmt(lost) + " (unfinished streams: " + fmt(unfinished) + ")", lost == 0 && unfinished == 0));
		double call = median("C", Figure.RETAINED_CALL) - median("B", Figure.RETAINED_CALL);
		targets.add(new Target("Retained heap added per in-flight call (C − B)", "≤ 2 KiB", fmt(call) + " B",
				call <= 2048));
		double stream = median("C", Figure.RETAINED_STREAM) - median("B", Figure.RETAINED_STREAM);
		targets.add(new Target("Retained heap added per open stream (C − B)", "≤ 2 KiB", fmt(stream) + " B",
				stream <= 2048));
		addPlainPeerTargets(targets);
		return targets;
	}

	/**
	 * The targets of the tool-call and embedding figures: C's added p50 latency over B,
	 * and C ahead of each peer on every compared figure of the workload. A workload whose
	 * B or C did not run shows its targets as missed, with the reason.
	 */
	List<Target> workloadTargets() {
		List<Target> targets = new ArrayList<>();
		for (Workload workload : this.workloadArms.keySet()) {
			String title = workload.title() + ": ";
			if (!ran(workload, "B") || !ran(workload, "C")) {
				String missing = !ran(workload, "C") ? "C" : "B";
				targets.add(new Target(title + "added latency of C over B at c=1, p50", "≤ 10 µs",
						"not run: " + missing + " " + notRunReason(workload, missing), false));
			}
			else {
				double added = medianDifference("C", "B", workload.latencyP50());
				targets.add(new Target(title + "added latency of C over B at c=1, p50", "≤ 10 µs", fmt(added) + " µs",
						added <= 10));
			}
			for (String peer : workload.peers()) {
				String what = title + "C ahead of " + peer + " on every figure";
				if (!ran(workload, "C") || !ran(workload, peer)) {
					String missing = !ran(workload, "C") ? "C" : peer;
					targets.add(new Target(what, "all", "not run: " + missing + " " + notRunReason(workload, missing),
							false));
					continue;
				}
				List<String> behind = new ArrayList<>();
				for (Figure figure : workload.compared()) {
					double c = median("C", figure);
					double p = median(peer, figure);
					if (!Double.isNaN(c) && !Double.isNaN(p) && (figure.higherIsBetter() ? c < p : c > p)) {
						behind.add(figure.label());
					}
				}
				targets.add(new Target(what, "all",
						behind.isEmpty() ? "ahead on all" : "behind on: " + String.join(", ", behind),
						behind.isEmpty()));
			}
			if (workload.streamed()) {
				streamedTargets(workload, title, targets);
			}
			double failed = sum("C", workload.errors());
			if (ran(workload, "C")) {
				targets.add(new Target(title + "C's failed calls", "0", fmt(failed), failed == 0));
			}
		}
		return targets;
	}

	/**
	 * The targets a streamed workload adds: C's added p99 latency over B, its added
	 * time-to-first-token p99 over B in the interleaved figure, and streams that lose,
	 * duplicate and leave unfinished nothing. Missed, with the reason, where B or C did
	 * not run.
	 */
	private void streamedTargets(Workload workload, String title, List<Target> targets) {
		String p99 = title + "added latency of C over B at c=1, p99";
		String firstToken = title + Character.toLowerCase(FIRST_TOKEN_C1.charAt(0)) + FIRST_TOKEN_C1.substring(1);
		String ttft = title + "added time-to-first-token of C over B, p99 (B and C streams interleaved, "
				+ fmt(pooledPairedStreams(workload.key() + ":C")) + " streams each)";
		String streams = title + "C's streams: lost or duplicated chunks and unfinished streams";
		if (!ran(workload, "B") || !ran(workload, "C")) {
			String missing = !ran(workload, "C") ? "C" : "B";
			String reason = "not run: " + missing + " " + notRunReason(workload, missing);
			targets.add(new Target(p99, "≤ 30 µs", reason, false));
			targets.add(new Target(firstToken, "≤ 100 µs", reason, false));
			targets.add(new Target(ttft, "≤ 100 µs", reason, false));
			targets.add(new Target(streams, "0", reason, false));
			return;
		}
		double added = medianDifference("C", "B", workload.latencyP99());
		targets.add(new Target(p99, "≤ 30 µs", fmt(added) + " µs", added <= 30));
		double firstTokenAdded = medianDifference("C", "B", workload.ttftC1P99());
		targets.add(new Target(firstToken, "≤ 100 µs", fmt(firstTokenAdded) + " µs", firstTokenAdded <= 100));
		double ttftAdded = pooledPairedTtftP99(workload.key() + ":C") - pooledPairedTtftP99(workload.key() + ":B");
		targets.add(new Target(ttft, "≤ 100 µs",
				fmt(ttftAdded) + " µs (per-round median " + fmt(medianDifference("C", "B", workload.ttftP99Paired()))
						+ " µs" + controlNote(workload.key() + ":") + ")",
				ttftAdded <= 100));
		double failures = sum("C", workload.streamFailures());
		targets.add(new Target(streams, "0", fmt(failures), failures == 0));
	}

	private void addPlainPeerTargets(List<Target> targets) {
		for (String peer : List.of("E", "F", "G")) {
			if (!ran(peer)) {
				targets.add(new Target("C ahead of " + peer + " on every figure", "all",
						"not run: " + this.notRun.getOrDefault(peer, "not selected"), false));
				continue;
			}
			List<String> behind = new ArrayList<>();
			for (Figure figure : Figure.COMPARED) {
				double c = median("C", figure);
				double p = median(peer, figure);
				if (Double.isNaN(c) || Double.isNaN(p)) {
					continue;
				}
				if (figure.higherIsBetter() ? c < p : c > p) {
					behind.add(figure.label());
				}
			}
			targets.add(new Target("C ahead of " + peer + " on every figure", "all",
					behind.isEmpty() ? "ahead on all" : "behind on: " + String.join(", ", behind), behind.isEmpty()));
		}
	}

	/**
	 * Every target: plain chat's, then the workloads'.
	 */
	List<Target> allTargets() {
		List<Target> all = new ArrayList<>(targets());
		all.addAll(workloadTargets());
		return all;
	}

	private double sum(String id, Figure figure) {
		return values(id, figure).stream().mapToDouble(Double::doubleValue).sum();
	}

	record Target(String what, String goal, String measured, boolean met) {
	}

	// ---- output ----------------------------------------------------------------

	Map<String, Object> toJson() {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("generated", Instant.now().toString());
		json.put("environment", environment());
		json.put("config", this.config);
		json.put("durationSeconds", Math.round(this.seconds));
		Map<String, Object> arms = new LinkedHashMap<>();
		for (Arm arm : this.arms.values()) {
			Map<String, Object> entry = new LinkedHashMap<>();
			entry.put("name", arm.name());
			if (this.notRun.containsKey(arm.id())) {
				entry.put("status", "not run: " + this.notRun.get(arm.id()));
			}
			else {
				entry.put("status", "ran");
				Map<String, Object> figures = new LinkedHashMap<>();
				for (Figure figure : Figure.ALL) {
					List<Double> values = values(arm.id(), figure);
					if (values.isEmpty()) {
						continue;
					}
					Map<String, Object> summary = new LinkedHashMap<>();
					summary.put("median", round(median(values)));
					summary.put("min", round(min(values)));
					summary.put("max", round(max(values)));
					if (ran("B") && !"B".equals(arm.id())) {
						summary.put("ratioToB", round(medianRatio(arm.id(), "B", figure)));
					}
					summary.put("rounds", values.stream().map(Results::round).toList());
					figures.put(figure.key(), summary);
				}
				entry.put("figures", figures);
			}
			arms.put(arm.id(), entry);
		}
		json.put("arms", arms);
		json.put("workloads", workloadsJson());
		Map<String, Object> control = new LinkedHashMap<>();
		this.controlTtft.forEach((id, samples) -> control.put(id, Map.of("streams", samples.getTotalCount(),
				"ttftP99Micros", round(samples.getValueAtPercentile(99) / 1000.0))));
		json.put("interleavedTtftControl", control);
		Map<String, Object> jmh = new LinkedHashMap<>();
		jmh.put("benchmark", RouterOverheadBenchmark.class.getName() + ".chat");
		jmh.put("nsPerOp", round(this.jmhNanos));
		jmh.put("nsPerOpError", round(this.jmhError));
		jmh.put("bytesPerOp", round(this.jmhBytes));
		json.put("routerOwnWork", jmh);
		Map<String, Object> mock = new LinkedHashMap<>();
		mock.put("cpuMicrosPerRequest", round(this.mockCpuMicrosPerRequest));
		mock.put("ceilingCallsPerSecond", round(this.mockCeiling));
		double highest = highestRate();
		mock.put("highestMeasuredCallsPerSecond", round(highest));
		mock.put("ceilingAtLeastTwiceHighest", this.mockCeiling >= 2 * highest);
		mock.put("meanWaitMicrosOf20msAnswers", round(mockDelayMicros()));
		json.put("mock", mock);
		List<Map<String, Object>> targets = new ArrayList<>();
		for (Target target : allTargets()) {
			Map<String, Object> entry = new LinkedHashMap<>();
			entry.put("target", target.what());
			entry.put("goal", target.goal());
			entry.put("measured", target.measured());
			entry.put("met", target.met());
			targets.add(entry);
		}
		json.put("targets", targets);
		return json;
	}

	private Map<String, Object> workloadsJson() {
		Map<String, Object> workloads = new LinkedHashMap<>();
		this.workloadArms.forEach((workload, armsOfWorkload) -> {
			Map<String, Object> arms = new LinkedHashMap<>();
			armsOfWorkload.forEach((id, name) -> {
				Map<String, Object> entry = new LinkedHashMap<>();
				entry.put("name", name);
				if (!ran(workload, id)) {
					entry.put("status", "not run: " + notRunReason(workload, id));
				}
				else {
					entry.put("status", "ran");
					Map<String, Object> figures = new LinkedHashMap<>();
					for (Figure figure : workload.figures()) {
						List<Double> values = values(id, figure);
						if (values.isEmpty()) {
							continue;
						}
						Map<String, Object> summary = new LinkedHashMap<>();
						summary.put("median", round(median(values)));
						summary.put("min", round(min(values)));
						summary.put("max", round(max(values)));
						if (ran(workload, "B") && !"B".equals(id)) {
							summary.put("ratioToB", round(medianRatio(id, "B", figure)));
						}
						summary.put("rounds", values.stream().map(Results::round).toList());
						figures.put(figure.key(), summary);
					}
					entry.put("figures", figures);
				}
				arms.put(id, entry);
			});
			Map<String, Object> entry = new LinkedHashMap<>();
			entry.put("title", workload.title());
			entry.put("arms", arms);
			workloads.put(workload.key(), entry);
		});
		return workloads;
	}

	double highestRate() {
		double highest = 0;
		for (String id : this.arms.keySet()) {
			highest = Math.max(highest, max(values(id, Figure.THR_64)));
			highest = Math.max(highest, max(values(id, Figure.THR_256)));
		}
		return highest;
	}

	String toMarkdown() {
		StringBuilder md = new StringBuilder();
		Map<String, String> env = environment();
		md.append("# Benchmarks\n\n");
		md.append("<!-- Generated by the benchmarks module (benchmarks/run.sh); do not edit by hand. -->\n\n");
		md.append("Generated ")
			.append(Instant.now().toString().substring(0, 19))
			.append("Z by `benchmarks/run.sh` ")
			.append("in ")
			.append(Math.round(this.seconds))
			.append(" s. All arms ran in one client JVM, interleaved round by round (")
			.append(this.config.rounds())
			.append(" rounds after ")
			.append(this.config.warmupCalls())
			.append(" warm-up calls per arm), against one loopback mock OpenAI server in its own JVM. ")
			.append("Each cell is the median of the per-round figures, with the lowest and highest round ")
			.append("in brackets; ratios to B are medians of per-round ratios. Raw figures: ")
			.append("[`benchmarks/results/latest.json`](../benchmarks/results/latest.json).\n\n");
		md.append("| | |\n|---|---|\n");
		env.forEach((key, value) -> md.append("| ").append(key).append(" | ").append(value).append(" |\n"));
		md.append("\n## Arms\n\n| arm | what | status |\n|---|---|---|\n");
		for (Arm arm : this.arms.values()) {
			md.append("| ")
				.append(arm.id())
				.append(" | ")
				.append(arm.name())
				.append(" | ")
				.append(this.notRun.containsKey(arm.id()) ? "not run: " + this.notRun.get(arm.id()) : "ran")
				.append(" |\n");
		}
		md.append("\n## Targets\n\n| target | goal | measured | |\n|---|---|---|---|\n");
		for (Target target : allTargets()) {
			md.append("| ")
				.append(target.what())
				.append(" | ")
				.append(target.goal())
				.append(" | ")
				.append(target.measured())
				.append(" | ")
				.append(target.met() ? "met" : "**missed**")
				.append(" |\n");
		}
		md.append("\n## Figures (median [min – max] over rounds)\n\n");
		table(md, false);
		md.append("\n## Ratio to B (median of per-round ratios)\n\n");
		table(md, true);
		workloadsMarkdown(md);
		md.append("\n## Router's own work (JMH, stub transport)\n\n");
		md.append("`")
			.append(RouterOverheadBenchmark.class.getSimpleName())
			.append(".chat`: ")
			.append(fmt(this.jmhNanos))
			.append(" ± ")
			.append(fmt(this.jmhError))
			.append(" ns/op, ")
			.append(fmt(this.jmhBytes))
			.append(" B/op (`-prof gc`, `gc.alloc.rate.norm`).\n");
		md.append("\n## Mock server\n\n");
		double highest = highestRate();
		md.append("Over the c=64 figures the mock used ")
			.append(fmt(this.mockCpuMicrosPerRequest))
			.append(" µs of CPU per request, a ceiling of about ")
			.append(fmt(this.mockCeiling))
			.append(" calls/s on this machine's cores; the highest rate measured was ")
			.append(fmt(highest))
			.append(" calls/s (ceiling ")
			.append((this.mockCeiling >= 2 * highest) ? "≥" : "**<**")
			.append(" 2× highest). The mock shares the cores with the client, so this is what the mock alone ")
			.append("could serve, not a bound on the figures above. Its 20 ms answers waited ")
			.append(fmt(mockDelayMicros()))
			.append(" µs on average over the c=256 figures: the mock schedules its event-loop timers early by ")
			.append("the lateness it has seen lately, so that the ideal of c / 20 ms is the mock's real pace ")
			.append("and not one the machine's timer lateness puts out of every arm's reach.\n");
		md.append(MOCK_CHOICE);
		md.append("\n## How the figures are taken\n\n");
		md.append("- Latency: one closed-loop caller, mock answering at once (0 ms), HdrHistogram per round. The arms "
				+ "compared with each other (the plain-chat arms; each workload's arms) are measured in "
				+ BenchmarkRun.LATENCY_SLICES + " slices per round that alternate between them, each arm's slices "
				+ "pooled: a c=1 call on this shared 2-core machine has two latency levels about 50 µs apart (the "
				+ "client's and the mock's threads waking each other on one core or across cores), and the machine "
				+ "stays at one level for seconds, so an arm measured alone in its own window took whichever level "
				+ "that window met (B alone, window after window: 58, 101, 104, 106 µs). Runs before 2026-12-02 18:00 "
				+ "measured each arm in one window.\n");
		md.append("- Time to first token at c=1 (streams one at a time, sent at once): one caller starting each "
				+ "stream when the last has ended (read to its end), against the mock's `burst` mode, which sends "
				+ "the same stream's events as the streaming figure below but all at once instead of paced; the "
				+ "time runs from starting the call to its first delta, taken in slices as the latency is. This is "
				+ "the client's own time to the first token, to the microsecond. The figure over a thousand open "
				+ "paced streams below also shows what a loaded machine does to the tail, but its p99 carries "
				+ "milliseconds of scheduling noise: its control, two identical B clients interleaved, has landed "
				+ "up to 1.2 ms apart over a run. Both are targets. (Added 2026-12-02 19:30; earlier runs had only "
				+ "the loaded figure.)\n");
		md.append("- Throughput: closed loop at c=64 with 0 ms mock latency, and at c=256 with 20 ms (ideal ")
			.append(fmt(IDEAL_C256))
			.append(" calls/s), counting the calls completed within the window. At c=256 the callers start ")
			.append("spread over the first 20 ms and the window opens after that, so they do not run in lock-step ")
			.append("waves. Non-blocking arms (A–D) keep c ")
			.append("calls in flight from their callbacks; blocking peers (E–G) use c caller threads.\n");
		md.append("- Allocation: bytes allocated by every thread of the client JVM during the c=64 figure, "
				+ "divided by the calls made: the heap in use plus what every collection freed, from the "
				+ "collectors' notifications, so that threads which ended during the figure count too. (Runs "
				+ "before 2026-12-02 summed the live threads' counters, which missed those threads: "
				+ "LangChain4j's streaming model completes each call through `CompletableFuture`'s default "
				+ "async executor, which on 2 cores (common-pool parallelism 1) starts a thread per task, and its "
				+ "streamed tool call showed 23 KB where it allocates about 186 KB. For arms without such threads the two measures agree "
				+ "within 3 %.)\n");
		md.append("- Streaming: ")
			.append(this.config.streams())
			.append(" streams, their starts spread over half a stream's length so that all are open at once at ")
			.append("its end; the mock ")
			.append("sends a role chunk, 64 deltas ")
			.append(this.config.paceMillis())
			.append(" ms apart, a usage chunk and `[DONE]`. Time-to-first-token runs from starting the call to ")
			.append("the first delta (so it includes one pace); chunk gap is the time between deltas (ideal ")
			.append(this.config.paceMillis())
			.append(" ms). Every delta carries its index, so lost, duplicated ")
			.append("and reordered chunks are counted. The median gap is not ranked: it sits at the pace for ")
			.append("every arm that keeps up and drops below it only when late chunks arrive in bursts. ")
			.append("Arms A–C read every stream to the end of its body, so its connection goes back to the ")
			.append("pool: a client that cancels at `[DONE]` closes the connection instead, keeps a small pool, ")
			.append("and is not comparable with one that keeps a thousand streams' connections idle (the ")
			.append("later c=64 figures, leased first-in first-out over that pool, drop by a third for both).\n");
		md.append("- Streaming, B and C interleaved: twice per round, ")
			.append(this.config.streams())
			.append(" streams as above, but started alternately through B and through C (B first in each pair in ")
			.append("one figure, C first in the other). Both arms' streams meet the same machine at the same ")
			.append("moments, so the difference of their tails measures the router rather than the round: the ")
			.append("per-arm TTFT p99 varies by several milliseconds from round to round for every arm, far more ")
			.append("than the 100 µs being judged. The added time-to-first-token target is the difference of the ")
			.append("two arms' p99 over all their interleaved streams of the run (a p99 of one round's ")
			.append(this.config.streams())
			.append(" streams rests on its ten slowest); the median of the per-round differences is shown beside ")
			.append("it. A control follows each round's two figures: the same two figures with C replaced by a second ")
			.append("B client (B′, the same code with connections of its own). Its difference over B is what the ")
			.append("figure shows when nothing is added, the size of difference it cannot tell from noise, and is ")
			.append("shown beside the target.\n");
		md.append("- Retained heap: ")
			.append(this.config.retainedCalls())
			.append(" calls (or streams, after their first delta) held open by the mock, through a new client ")
			.append("each time, so every arm's calls open their own connections whatever its pool keeps idle ")
			.append("between figures (the figure is what a call in flight costs, its connection included). The ")
			.append("clients of earlier heap figures stay referenced, so that none is collected, and frees its ")
			.append("connections, in the middle of a later figure. The heap is measured after a full GC once it ")
			.append("has stopped shrinking, and again once all calls ")
			.append("are in flight and a sixth of the hold time has passed, so that a blocking client's thread ")
			.append("has also set up its side of the wait; the difference is divided by the calls in flight. A ")
			.append("first pass over all arms is not recorded.\n");
		md.append(WORKLOADS_HOW);
		md.append(ANTHROPIC_HOW);
		return md.toString();
	}

	/**
	 * One section per workload: its arms, its figures with the spread over rounds and the
	 * ratio to B, and its targets.
	 */
	private void workloadsMarkdown(StringBuilder md) {
		for (Map.Entry<Workload, Map<String, String>> entry : this.workloadArms.entrySet()) {
			Workload workload = entry.getKey();
			md.append("\n## ").append(workload.title()).append("\n\n");
			md.append("| arm | what | status |\n|---|---|---|\n");
			List<String> ran = new ArrayList<>();
			entry.getValue().forEach((id, name) -> {
				md.append("| ")
					.append(id)
					.append(" | ")
					.append(name)
					.append(" | ")
					.append(ran(workload, id) ? "ran" : "not run: " + notRunReason(workload, id))
					.append(" |\n");
				if (ran(workload, id)) {
					ran.add(id);
				}
			});
			if (!ran.isEmpty()) {
				md.append("\n| figure |");
				ran.forEach((id) -> md.append(' ').append(id).append(" |"));
				if (ran.contains("B")) {
					ran.stream()
						.filter((id) -> !"B".equals(id))
						.forEach((id) -> md.append(' ').append(id).append("/B |"));
				}
				md.append("\n|---|");
				ran.forEach((id) -> md.append("---:|"));
				if (ran.contains("B")) {
					ran.stream().filter((id) -> !"B".equals(id)).forEach((id) -> md.append("---:|"));
				}
				md.append('\n');
				for (Figure figure : workload.figures()) {
					md.append("| ").append(figure.label()).append(" |");
					for (String id : ran) {
						md.append(' ').append(cell(values(id, figure))).append(" |");
					}
					if (ran.contains("B")) {
						for (String id : ran) {
							if (!"B".equals(id)) {
								md.append(' ')
									.append(workload.compared().contains(figure) ? ratio(medianRatio(id, "B", figure))
											: "n/a")
									.append(" |");
							}
						}
					}
					md.append('\n');
				}
			}
		}
	}

	private static String cell(List<Double> values) {
		if (values.isEmpty()) {
			return "–";
		}
		if (min(values) == max(values)) {
			return fmt(median(values));
		}
		return fmt(median(values)) + " [" + fmt(min(values)) + " – " + fmt(max(values)) + "]";
	}

	private void table(StringBuilder md, boolean ratios) {
		md.append("| figure |");
		List<String> ids = new ArrayList<>();
		for (Arm arm : this.arms.values()) {
			if (ran(arm.id()) && !(ratios && "B".equals(arm.id()))) {
				ids.add(arm.id());
				md.append(' ').append(arm.id()).append(" |");
			}
		}
		md.append("\n|---|");
		ids.forEach((id) -> md.append("---:|"));
		md.append('\n');
		for (Figure figure : Figure.ALL) {
			md.append("| ").append(figure.label()).append(" |");
			for (String id : ids) {
				List<Double> values = values(id, figure);
				if (values.isEmpty()) {
					md.append(" – |");
				}
				else if (ratios) {
					md.append(' ').append(ratio(medianRatio(id, "B", figure))).append(" |");
				}
				else if (min(values) == max(values)) {
					md.append(' ').append(fmt(median(values))).append(" |");
				}
				else {
					md.append(' ')
						.append(fmt(median(values)))
						.append(" [")
						.append(fmt(min(values)))
						.append(" – ")
						.append(fmt(max(values)))
						.append("] |");
				}
			}
			md.append('\n');
		}
	}

	private static Map<String, String> environment() {
		Map<String, String> env = new LinkedHashMap<>();
		env.put("machine", Runtime.getRuntime().availableProcessors() + " cores, " + cpuModel() + ", "
				+ System.getProperty("os.name") + " " + System.getProperty("os.arch"));
		env.put("JDK", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
		String arguments = String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments());
		env.put("client JVM", arguments.isEmpty() ? "(defaults)" : "`" + arguments + "`");
		env.put("mock server JVM", "`-Xms256m -Xmx512m -XX:+UseParallelGC`");
		env.put("llm-router", version(dev.llmrouter.LlmRouter.class, "0.1.0-SNAPSHOT"));
		env.put("Reactor Netty", version(reactor.netty.http.client.HttpClient.class, "?"));
		env.put("Spring Framework", version(org.springframework.web.reactive.function.client.WebClient.class, "?"));
		env.put("Spring AI", version(org.springframework.ai.openai.OpenAiChatModel.class, "?"));
		env.put("OpenAI Java SDK", version(com.openai.client.okhttp.OpenAIOkHttpClient.class, "?"));
		env.put("Anthropic Java SDK", version(com.anthropic.client.okhttp.AnthropicOkHttpClient.class, "?"));
		env.put("Spring AI Anthropic", "2.0.1 on the Anthropic Java SDK 2.52.0, in a class loader of its own");
		env.put("LangChain4j", version(dev.langchain4j.model.openai.OpenAiChatModel.class, "?"));
		return env;
	}

	private static String cpuModel() {
		try {
			for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
				if (line.startsWith("model name")) {
					return line.substring(line.indexOf(':') + 1).trim();
				}
			}
		}
		catch (Exception ex) {
			// not Linux
		}
		return "unknown CPU";
	}

	private static String version(Class<?> type, String fallback) {
		String version = type.getPackage().getImplementationVersion();
		if (version == null) {
			String location = String.valueOf(type.getProtectionDomain().getCodeSource().getLocation());
			String[] parts = location.split("/");
			if (parts.length >= 2 && location.endsWith(".jar")) {
				return parts[parts.length - 2];
			}
		}
		return (version != null) ? version : fallback;
	}

	private static @Nullable Double round(double value) {
		if (Double.isNaN(value) || Double.isInfinite(value)) {
			return null;
		}
		return Math.round(value * 100) / 100.0;
	}

	static String fmt(double value) {
		if (Double.isNaN(value)) {
			return "n/a";
		}
		if (value == Math.rint(value) && Math.abs(value) < 1e15) {
			return String.format("%,.0f", value);
		}
		if (Math.abs(value) >= 100) {
			return String.format("%,.0f", value);
		}
		return String.format("%.1f", value);
	}

	static String ratio(double value) {
		return Double.isNaN(value) ? "n/a" : String.format("%.2f", value);
	}

}
