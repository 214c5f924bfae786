package dev.llmrouter.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.HdrHistogram.Histogram;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * One side-by-side run: starts the mock, warms every arm up, measures the arms round by
 * round, interleaved, then the retained heap and the JMH figure.
 *
 * @author llm-router
 */
final class BenchmarkRun {

	private static final long STARTED = System.nanoTime();

	/**
	 * The slices a concurrency-1 latency figure is taken in: see {@link #latencies}.
	 */
	static final int LATENCY_SLICES = 6;

	private final BenchmarkConfig config;

	private final Results results;

	private final List<Target> heapClients = new ArrayList<>();

	/**
	 * The second B client of each streamed workload's control figure ("" for plain chat).
	 */
	private final java.util.Map<String, Target> controls = new java.util.HashMap<>();

	private final List<BoundWorkload> workloads = new ArrayList<>();

	BenchmarkRun(BenchmarkConfig config) {
		this.config = config;
		this.results = new Results(config);
	}

	Results run() throws Exception {
		long started = System.nanoTime();
		try (MockProcess mock = MockProcess.start(this.config.paceMillis(), this.config.holdMillis())) {
			log("mock server pid " + mock.pid() + " at " + mock.root());
			List<Bound> arms = bind(mock);
			bindWorkloads(mock);
			for (Bound arm : arms) {
				warmUp(arm, mock);
			}
			for (BoundWorkload arm : this.workloads) {
				warmUp(arm, mock);
			}
			for (int round = 0; round < this.config.rounds(); round++) {
				Map<String, Target> chat = new java.util.LinkedHashMap<>();
				arms.stream().filter((arm) -> arm.failure == null).forEach((arm) -> chat.put(arm.arm.id(), arm.d0));
				Map<String, Driver.Load> chatLatency = latencies(chat, round);
				Map<String, Target> chatBurst = new java.util.LinkedHashMap<>();
				arms.stream()
					.filter((arm) -> arm.failure == null)
					.forEach((arm) -> chatBurst.put(arm.arm.id(), arm.burst));
				Map<String, Driver.Load> chatFirstTokens = firstTokens(chatBurst, round);
				for (Map.Entry<String, Driver.Load> first : chatFirstTokens.entrySet()) {
					recordFirstTokens(first.getKey(), Figure.TTFT_C1_P50, Figure.TTFT_C1_P99, first.getValue(), "",
							round);
				}
				for (int i = 0; i < arms.size(); i++) {
					// rotate the order so that no arm always runs first or last in a
					// round
					Bound arm = arms.get((i + round) % arms.size());
					if (arm.failure == null) {
						measureRound(arm, chatLatency.get(arm.arm.id()), chatFirstTokens.get(arm.arm.id()), mock,
								round);
					}
				}
				pairedStreams(arms, mock, round);
				Map<BoundWorkload, Driver.Load> workloadLatency = new java.util.HashMap<>();
				Map<BoundWorkload, Driver.Load> workloadFirstTokens = new java.util.HashMap<>();
				for (Workload workload : Workload.values()) {
					List<BoundWorkload> bound = this.workloads.stream()
						.filter((arm) -> arm.workload == workload && arm.failure == null)
						.toList();
					Map<String, Target> targets = new java.util.LinkedHashMap<>();
					bound.forEach((arm) -> targets.put(arm.id, arm.d0));
					Map<String, Driver.Load> figures = latencies(targets, round);
					bound.forEach((arm) -> workloadLatency.put(arm, figures.get(arm.id)));
					if (workload.streamed()) {
						Map<String, Target> burst = new java.util.LinkedHashMap<>();
						bound.forEach((arm) -> burst.put(arm.id, arm.burst));
						Map<String, Driver.Load> first = firstTokens(burst, round);
						for (BoundWorkload arm : bound) {
							workloadFirstTokens.put(arm, first.get(arm.id));
							recordFirstTokens(arm.id, workload.ttftC1P50(), workload.ttftC1P99(), first.get(arm.id),
									workload.key() + " ", round);
						}
					}
				}
				for (int i = 0; i < this.workloads.size(); i++) {
					BoundWorkload arm = this.workloads.get((i + round) % this.workloads.size());
					if (arm.failure == null) {
						measureRound(arm, workloadLatency.get(arm), workloadFirstTokens.get(arm), mock, round);
					}
				}
				for (Workload workload : Workload.values()) {
					if (workload.streamed()) {
						pairedStreams(workload, mock, round);
					}
				}
			}
			// a first pass, not recorded: the first heap figures after the load rounds
			// still carry their leftovers (and came out negative for the first arm); the
			// smoke, with one pass, skips it
			int first = (this.config.retainedRounds() > 1) ? -1 : 0;
			for (int round = first; round < this.config.retainedRounds(); round++) {
				for (Bound arm : arms) {
					if (arm.failure == null) {
						retained(arm, mock, round >= 0);
					}
				}
			}
		}
		jmh();
		this.results.seconds((System.nanoTime() - started) / 1e9);
		return this.results;
	}

	private List<Bound> bind(MockProcess mock) {
		List<Bound> bound = new ArrayList<>();
		for (Arm arm : Arms.all()) {
			if (this.config.arms().indexOf(arm.id()) < 0) {
				continue;
			}
			Bound target = new Bound(arm);
			try {
				target.d0 = arm.factory().create(mock.root(), "d0");
				target.d20 = arm.factory().create(mock.root(), "d20");
				target.burst = arm.factory().create(mock.root(), MockServerMain.BURST);
				// proves the hold mode builds; the heap figures build their own
				arm.factory().create(mock.root(), Arms.HOLD);
			}
			catch (Throwable ex) {
				notRun(target, "could not be built: " + ex);
			}
			this.results.arm(arm);
			bound.add(target);
		}
		return bound;
	}

	/**
	 * The arms of every {@link Workload} that are among the selected arms, bound to the
	 * mock's {@code d0} mode.
	 */
	private void bindWorkloads(MockProcess mock) {
		for (Workload workload : Workload.values()) {
			for (char letter : workload.arms().toCharArray()) {
				String id = String.valueOf(letter);
				if (this.config.arms().indexOf(letter) < 0) {
					continue;
				}
				BoundWorkload arm = new BoundWorkload(workload, id);
				this.results.workloadArm(workload, id);
				try {
					arm.d0 = workload.create(id, mock.root(), "d0");
					if (workload.streamed()) {
						arm.burst = workload.create(id, mock.root(), MockServerMain.BURST);
					}
				}
				catch (Throwable ex) {
					notRun(arm, "could not be built: " + ex);
				}
				this.workloads.add(arm);
			}
		}
	}

	/**
	 * One checked call (its answer must be the mock's), then closed-loop calls at c=64
	 * until a quarter of the plain-chat warm-up is done.
	 */
	private void warmUp(BoundWorkload arm, MockProcess mock) throws InterruptedException {
		if (arm.failure != null) {
			return;
		}
		log("warming up " + arm.workload.key() + " " + arm.id + " (" + arm.workload.armName(arm.id) + ")");
		try {
			String first = arm.d0.async() ? arm.d0.chatAsync().block(Duration.ofSeconds(60)) : arm.d0.chat();
			if (first == null || first.isEmpty()) {
				notRun(arm, "the first call returned nothing");
				return;
			}
			long calls = 0;
			while (calls < this.config.warmupCalls() / 4) {
				Driver.Load load = Driver.closedLoop(arm.d0, 64,
						TimeUnit.MILLISECONDS.toNanos(Math.min(500, this.config.throughputMillis())));
				if (load.errors() > load.calls()) {
					notRun(arm, "calls fail against the mock (" + load.errors() + " errors, " + load.calls() + " ok)");
					return;
				}
				calls += load.calls();
			}
			drain(mock);
			if (arm.workload.streamed()) {
				Driver.StreamLoad streams = Driver.streams(arm.d0, 64, rampNanos(), streamTimeoutNanos());
				if (streams.completed() == 0) {
					notRun(arm, "streams fail against the mock (" + streams.errors() + " failed of " + streams.started()
							+ ")");
					return;
				}
				drain(mock);
				if (!warmUpFirstTokens(arm.burst)) {
					notRun(arm, "streams sent at once fail against the mock");
					return;
				}
			}
		}
		catch (Throwable ex) {
			notRun(arm, "failed during warm-up: " + ex);
		}
	}

	/**
	 * The concurrency-1 latency of arms compared with each other, taken in
	 * {@link #LATENCY_SLICES} slices that alternate between them (the order rotating by
	 * slice and round), each arm's slices pooled into one figure. A c=1 call's latency on
	 * a shared 2-core machine has two levels about 50 µs apart, by whether the client's
	 * and the mock's threads wake each other on one core or across cores, and the machine
	 * stays at one level for seconds: an arm measured alone in its own window (as runs
	 * before 2026-12-02 18:00 did) took whichever level that window met, which made a
	 * difference of the router's look like ±50 µs. Sliced, every arm meets the same
	 * levels for the same share of its calls.
	 */
	private Map<String, Driver.Load> latencies(Map<String, Target> targets, int round) throws InterruptedException {
		return sliced(targets, round, (target, nanos) -> Driver.closedLoop(target, 1, nanos));
	}

	/**
	 * The time-to-first-token at concurrency 1 of arms compared with each other, against
	 * the mock's {@code burst} mode (a stream's events sent at once), taken in slices as
	 * {@link #latencies} are: the client's own time to the first token, to the
	 * microsecond, where the figure over a thousand paced streams carries the machine's
	 * milliseconds of scheduling noise.
	 */
	private Map<String, Driver.Load> firstTokens(Map<String, Target> targets, int round) throws InterruptedException {
		return sliced(targets, round, Driver::firstTokens);
	}

	private Map<String, Driver.Load> sliced(Map<String, Target> targets, int round, Slice figure)
			throws InterruptedException {
		List<String> ids = List.copyOf(targets.keySet());
		Map<String, Driver.Load> figures = new java.util.HashMap<>();
		long slice = TimeUnit.MILLISECONDS.toNanos(this.config.latencyMillis()) / LATENCY_SLICES;
		for (int s = 0; s < LATENCY_SLICES; s++) {
			for (int i = 0; i < ids.size(); i++) {
				String id = ids.get((i + s + round) % ids.size());
				figures.merge(id, figure.measure(targets.get(id), slice), Driver.Load::plus);
			}
		}
		return figures;
	}

	private void recordFirstTokens(String id, Figure p50, Figure p99, Driver.Load load, String prefix, int round) {
		this.results.add(id, p50, micros(load.latency(), 50));
		this.results.add(id, p99, micros(load.latency(), 99));
		log(String.format(
				"round %d %s%s first tokens (c=1, burst): ttft p50 %.1f µs, p99 %.1f µs, %d streams, %d errors",
				round + 1, prefix, id, micros(load.latency(), 50), micros(load.latency(), 99), load.calls(),
				load.errors()));
	}

	/**
	 * Streams one after another against the {@code burst} mode for as long as the c=1
	 * latency figure takes.
	 * @return whether any succeeded
	 */
	private boolean warmUpFirstTokens(Target burst) throws InterruptedException {
		Driver.Load load = Driver.firstTokens(burst, TimeUnit.MILLISECONDS.toNanos(this.config.latencyMillis()));
		return load.calls() > 0;
	}

	/**
	 * One slice of a sliced figure.
	 */
	@FunctionalInterface
	private interface Slice {

		Driver.Load measure(Target target, long nanos) throws InterruptedException;

	}

	/**
	 * @param firstTokens the arm's time-to-first-token figure at c=1 this round, whose
	 * failed streams count as failed calls; {@code null} for a workload that does not
	 * stream
	 */
	private void measureRound(BoundWorkload arm, Driver.Load latency, Driver.Load firstTokens, MockProcess mock,
			int round) throws InterruptedException {
		Workload workload = arm.workload;
		this.results.add(arm.id, workload.latencyP50(), micros(latency.latency(), 50));
		this.results.add(arm.id, workload.latencyP99(), micros(latency.latency(), 99));
		Driver.Load c64 = Driver.closedLoop(arm.d0, 64, TimeUnit.MILLISECONDS.toNanos(this.config.throughputMillis()));
		this.results.add(arm.id, workload.throughput(), c64.throughput());
		this.results.add(arm.id, workload.allocation(), c64.allocatedPerCall());
		long errors = latency.errors() + c64.errors() + ((firstTokens != null) ? firstTokens.errors() : 0);
		this.results.add(arm.id, workload.errors(), errors);
		drain(mock);
		log(String.format("round %d %s %s: p50 %.1f µs, p99 %.1f µs, c64 %.0f/s, alloc %.0f B, errors %d", round + 1,
				workload.key(), arm.id, micros(latency.latency(), 50), micros(latency.latency(), 99), c64.throughput(),
				c64.allocatedPerCall(), errors));
		if (workload.streamed()) {
			Driver.StreamLoad streams = Driver.streams(arm.d0, this.config.streams(), rampNanos(),
					streamTimeoutNanos());
			this.results.add(arm.id, workload.ttftP50(), micros(streams.ttft(), 50));
			this.results.add(arm.id, workload.ttftP99(), micros(streams.ttft(), 99));
			this.results.add(arm.id, workload.streamFailures(),
					streams.lost() + streams.duplicated() + streams.started() - streams.completed());
			drain(mock);
			log(String.format("round %d %s %s streams: ttft p50 %.0f µs, p99 %.0f µs, %d/%d ok, lost %d, dup %d",
					round + 1, workload.key(), arm.id, micros(streams.ttft(), 50), micros(streams.ttft(), 99),
					streams.completed(), streams.started(), streams.lost(), streams.duplicated()));
		}
	}

	/**
	 * A streamed workload's B and C streams started alternately, twice per round (B first
	 * in each pair, then C), pooled over the run: see
	 * {@link #pairedStreams(List, MockProcess, int)}.
	 */
	private void pairedStreams(Workload workload, MockProcess mock, int round) throws InterruptedException {
		BoundWorkload b = find(workload, "B");
		BoundWorkload c = find(workload, "C");
		if (b == null || c == null) {
			return;
		}
		Histogram[] ttft = { new Histogram(3), new Histogram(3) };
		long[] failures = new long[2];
		for (int figure = 0; figure < 2; figure++) {
			boolean bFirst = (figure + round) % 2 == 0;
			drain(mock);
			List<Driver.StreamLoad> loads = Driver.streams(bFirst ? List.of(b.d0, c.d0) : List.of(c.d0, b.d0),
					this.config.streams(), rampNanos(), streamTimeoutNanos());
			for (int i = 0; i < 2; i++) {
				int arm = ((i == 0) == bFirst) ? 0 : 1;
				Driver.StreamLoad load = loads.get(i);
				ttft[arm].add(load.ttft());
				failures[arm] += load.lost() + load.duplicated() + load.started() - load.completed();
			}
		}
		drain(mock);
		for (int arm = 0; arm < 2; arm++) {
			String id = (arm == 0) ? "B" : "C";
			this.results.add(id, workload.ttftP99Paired(), micros(ttft[arm], 99));
			this.results.add(id, workload.streamFailures(), failures[arm]);
			this.results.pairedTtft(workload.key() + ":" + id, ttft[arm]);
		}
		log(String.format("round %d %s B+C interleaved: ttft p99 B %.0f µs, C %.0f µs", round + 1, workload.key(),
				micros(ttft[0], 99), micros(ttft[1], 99)));
		Target control = this.controls.get(workload.key());
		if (control == null) {
			control = workload.create("B", mock.root(), "d0");
			this.controls.put(workload.key(), control);
			Driver.streams(control, this.config.streams(), rampNanos(), streamTimeoutNanos());
		}
		controlStreams(b.d0, control, workload.key() + ":", mock, round);
	}

	/**
	 * The noise floor of the interleaved figure: the same two figures with B's streams
	 * interleaved with those of a second B client (B′, its own connections) instead of
	 * C's. B′ runs the same code as B, so the difference of their p99 is what the figure
	 * shows when nothing is added: how far apart two identical arms land.
	 */
	private void controlStreams(Target b, Target control, String prefix, MockProcess mock, int round)
			throws InterruptedException {
		Histogram[] ttft = { new Histogram(3), new Histogram(3) };
		for (int figure = 0; figure < 2; figure++) {
			boolean bFirst = (figure + round) % 2 == 0;
			drain(mock);
			List<Driver.StreamLoad> loads = Driver.streams(bFirst ? List.of(b, control) : List.of(control, b),
					this.config.streams(), rampNanos(), streamTimeoutNanos());
			for (int i = 0; i < 2; i++) {
				ttft[((i == 0) == bFirst) ? 0 : 1].add(loads.get(i).ttft());
			}
		}
		drain(mock);
		this.results.controlTtft(prefix + "B", ttft[0]);
		this.results.controlTtft(prefix + "B'", ttft[1]);
		log(String.format("round %d %sB+B' interleaved (control): ttft p99 B %.0f µs, B' %.0f µs", round + 1, prefix,
				micros(ttft[0], 99), micros(ttft[1], 99)));
	}

	private BoundWorkload find(Workload workload, String id) {
		for (BoundWorkload arm : this.workloads) {
			if (arm.workload == workload && arm.id.equals(id) && arm.failure == null) {
				return arm;
			}
		}
		return null;
	}

	private void warmUp(Bound arm, MockProcess mock) throws InterruptedException {
		if (arm.failure != null) {
			return;
		}
		log("warming up " + arm.arm.id() + " (" + arm.arm.name() + ")");
		try {
			// one call first: it pays for connecting and class loading, and proves the
			// arm works
			String first = arm.d0.async() ? arm.d0.chatAsync().block(Duration.ofSeconds(60)) : arm.d0.chat();
			if (first == null || first.isEmpty()) {
				notRun(arm, "the first call returned no content");
				return;
			}
			long calls = 0;
			while (calls < this.config.warmupCalls()) {
				Driver.Load load = Driver.closedLoop(arm.d0, 64,
						TimeUnit.MILLISECONDS.toNanos(Math.min(500, this.config.throughputMillis())));
				if (load.errors() > load.calls()) {
					notRun(arm, "calls fail against the mock (" + load.errors() + " errors, " + load.calls() + " ok)");
					return;
				}
				calls += load.calls();
			}
			// the c=256 figure's path on its own: its pool grows to 256 connections and
			// the
			// JIT sees calls that wait, which the 0 ms calls above never do
			Driver.closedLoop(arm.d20, 256, TimeUnit.MILLISECONDS.toNanos(this.config.throughputMillis() * 3 / 2),
					TimeUnit.MILLISECONDS.toNanos(MockServerMain.SLOW_MILLIS));
			Driver.StreamLoad streams = Driver.streams(arm.d0, 64, rampNanos(), streamTimeoutNanos());
			if (streams.completed() == 0) {
				notRun(arm, "streams fail against the mock");
			}
			drain(mock);
			if (arm.failure == null && !warmUpFirstTokens(arm.burst)) {
				notRun(arm, "streams sent at once fail against the mock");
			}
		}
		catch (Throwable ex) {
			notRun(arm, "failed during warm-up: " + ex);
		}
	}

	/**
	 * @param firstTokens the arm's time-to-first-token figure at c=1 this round, whose
	 * failed streams count as failed calls
	 */
	private void measureRound(Bound arm, Driver.Load latency, Driver.Load firstTokens, MockProcess mock, int round)
			throws InterruptedException {
		String id = arm.arm.id();
		this.results.add(id, Figure.LAT_P50, micros(latency.latency(), 50));
		this.results.add(id, Figure.LAT_P99, micros(latency.latency(), 99));
		MockProcess.Stats mockBefore = mock.stats();
		Driver.Load c64 = Driver.closedLoop(arm.d0, 64, TimeUnit.MILLISECONDS.toNanos(this.config.throughputMillis()));
		this.results.mockLoad(mockBefore, mock.stats());
		this.results.add(id, Figure.THR_64, c64.throughput());
		this.results.add(id, Figure.ALLOC, c64.allocatedPerCall());
		MockProcess.Stats slowBefore = mock.stats();
		Driver.Load c256 = Driver.closedLoop(arm.d20, 256,
				TimeUnit.MILLISECONDS.toNanos(this.config.throughputMillis()),
				TimeUnit.MILLISECONDS.toNanos(MockServerMain.SLOW_MILLIS));
		this.results.mockDelays(slowBefore, mock.stats());
		this.results.add(id, Figure.THR_256, c256.throughput());
		drain(mock);
		Driver.StreamLoad streams = Driver.streams(arm.d0, this.config.streams(), rampNanos(), streamTimeoutNanos());
		this.results.add(id, Figure.TTFT_P50, micros(streams.ttft(), 50));
		this.results.add(id, Figure.TTFT_P99, micros(streams.ttft(), 99));
		this.results.add(id, Figure.GAP_P50, micros(streams.gaps(), 50));
		this.results.add(id, Figure.GAP_P99, micros(streams.gaps(), 99));
		this.results.add(id, Figure.LOST, streams.lost());
		this.results.add(id, Figure.DUPLICATED, streams.duplicated());
		this.results.add(id, Figure.UNFINISHED, streams.started() - streams.completed());
		this.results.add(id, Figure.ERRORS, latency.errors() + c64.errors() + c256.errors() + firstTokens.errors());
		drain(mock);
		log(String.format(
				"round %d %s: p50 %.1f µs, c64 %.0f/s, c256 %.0f/s, alloc %.0f B, ttft p99 %.0f µs, "
						+ "streams %d/%d ok, lost %d, dup %d",
				round + 1, id, micros(latency.latency(), 50), c64.throughput(), c256.throughput(),
				c64.allocatedPerCall(), micros(streams.ttft(), 99), streams.completed(), streams.started(),
				streams.lost(), streams.duplicated()));
	}

	/**
	 * B's and C's streams started alternately in one figure: both arms meet the same
	 * machine at the same moments, so the difference of their tails is the router's and
	 * not the round's. Two such figures per round, one with B's stream first in each pair
	 * and one with C's; their streams are pooled, per round and over the run.
	 */
	private void pairedStreams(List<Bound> arms, MockProcess mock, int round) throws InterruptedException {
		Bound b = find(arms, "B");
		Bound c = find(arms, "C");
		if (b == null || c == null) {
			return;
		}
		Histogram[] ttft = { new Histogram(3), new Histogram(3) };
		Histogram[] gaps = { new Histogram(3), new Histogram(3) };
		for (int figure = 0; figure < 2; figure++) {
			boolean bFirst = (figure + round) % 2 == 0;
			drain(mock);
			List<Driver.StreamLoad> loads = Driver.streams(bFirst ? List.of(b.d0, c.d0) : List.of(c.d0, b.d0),
					this.config.streams(), rampNanos(), streamTimeoutNanos());
			for (int i = 0; i < 2; i++) {
				int arm = ((i == 0) == bFirst) ? 0 : 1;
				Driver.StreamLoad load = loads.get(i);
				ttft[arm].add(load.ttft());
				gaps[arm].add(load.gaps());
				this.results.pairedIntegrity((arm == 0) ? "B" : "C", load.lost() + load.duplicated(),
						load.started() - load.completed());
			}
		}
		drain(mock);
		for (int arm = 0; arm < 2; arm++) {
			String id = (arm == 0) ? "B" : "C";
			this.results.add(id, Figure.TTFT_P99_PAIRED, micros(ttft[arm], 99));
			this.results.add(id, Figure.GAP_P99_PAIRED, micros(gaps[arm], 99));
			this.results.pairedTtft(id, ttft[arm]);
		}
		log(String.format("round %d B+C interleaved: ttft p99 B %.0f µs, C %.0f µs", round + 1, micros(ttft[0], 99),
				micros(ttft[1], 99)));
		Target control = this.controls.get("");
		if (control == null) {
			control = b.arm.factory().create(mock.root(), "d0");
			this.controls.put("", control);
			Driver.streams(control, this.config.streams(), rampNanos(), streamTimeoutNanos());
		}
		controlStreams(b.d0, control, "", mock, round);
	}

	/**
	 * A new client for one heap figure, kept referenced until the run ends: a dropped
	 * client that the JVM collects later (the JDK client shuts down, and lets go of its
	 * idle connections, once it notices it is unreferenced) would free its memory in the
	 * middle of a later figure and take it off that figure's calls.
	 */
	private Target heapClient(Bound arm, MockProcess mock) {
		Target client = arm.arm.factory().create(mock.root(), Arms.HOLD);
		this.heapClients.add(client);
		return client;
	}

	private static Bound find(List<Bound> arms, String id) {
		for (Bound arm : arms) {
			if (arm.arm.id().equals(id) && arm.failure == null) {
				return arm;
			}
		}
		return null;
	}

	private void retained(Bound arm, MockProcess mock, boolean record) throws InterruptedException {
		// a new client for each figure: every arm's calls then open their own
		// connections, whatever its pool keeps idle between figures (Reactor Netty keeps
		// all, OkHttp five, the JDK client until its keep-alive runs out), so the figure
		// is what a call in flight costs, its connection included
		Driver.Retained call = Driver.retained(heapClient(arm, mock), mock, this.config.retainedCalls(), false,
				this.config.holdMillis());
		drain(mock);
		Arms.closeHoldPools();
		Driver.Retained stream = Driver.retained(heapClient(arm, mock), mock, this.config.retainedCalls(), true,
				this.config.holdMillis());
		drain(mock);
		Arms.closeHoldPools();
		if (record) {
			this.results.add(arm.arm.id(), Figure.RETAINED_CALL, call.bytesPerCall());
			this.results.add(arm.arm.id(), Figure.RETAINED_STREAM, stream.bytesPerCall());
		}
		log(String.format("retained %s%s: %.0f B per call (%d in flight), %.0f B per stream (%d open)", arm.arm.id(),
				record ? "" : " (not recorded)", call.bytesPerCall(), call.inFlight(), stream.bytesPerCall(),
				stream.inFlight()));
	}

	private void jmh() throws RunnerException {
		Options options = new OptionsBuilder().include(RouterOverheadBenchmark.class.getName() + ".*")
			.forks(this.config.jmhForks())
			.warmupIterations(this.config.jmhIterations())
			.warmupTime(TimeValue.milliseconds(this.config.jmhMillis()))
			.measurementIterations(this.config.jmhIterations() + 2)
			.measurementTime(TimeValue.milliseconds(this.config.jmhMillis()))
			.addProfiler(GCProfiler.class)
			.jvmArgs("-Xms512m", "-Xmx512m", "-XX:+UseParallelGC")
			.shouldFailOnError(true)
			.build();
		Collection<RunResult> runs = new Runner(options).run();
		for (RunResult run : runs) {
			Result<?> primary = run.getPrimaryResult();
			double bytes = Double.NaN;
			for (Map.Entry<String, Result> secondary : run.getSecondaryResults().entrySet()) {
				if (secondary.getKey().endsWith("gc.alloc.rate.norm")) {
					bytes = secondary.getValue().getScore();
				}
			}
			this.results.jmh(primary.getScore(), primary.getScoreError(), bytes);
		}
	}

	/**
	 * Stream starts are spread over half a stream's length.
	 */
	private long rampNanos() {
		return TimeUnit.MILLISECONDS.toNanos(this.config.paceMillis() * MockServerMain.DELTAS / 2);
	}

	private long streamTimeoutNanos() {
		return TimeUnit.MILLISECONDS.toNanos(this.config.paceMillis() * MockServerMain.DELTAS * 2 + 3000);
	}

	/**
	 * Wait (bounded) until the mock has nothing in flight, so that one arm's leftovers do
	 * not load the next arm's figure.
	 */
	private static void drain(MockProcess mock) {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
		while (mock.stats().pending() > 0 && System.nanoTime() < deadline) {
			LockSupport.parkNanos(20_000_000);
		}
	}

	private void notRun(BoundWorkload arm, String reason) {
		arm.failure = reason;
		this.results.workloadNotRun(arm.workload, arm.id, reason);
		log(arm.workload.key() + " arm " + arm.id + " not run: " + reason);
	}

	private void notRun(Bound arm, String reason) {
		arm.failure = reason;
		this.results.notRun(arm.arm.id(), reason);
		log("arm " + arm.arm.id() + " not run: " + reason);
	}

	private static double micros(Histogram histogram, double percentile) {
		return (histogram.getTotalCount() == 0) ? Double.NaN : histogram.getValueAtPercentile(percentile) / 1000.0;
	}

	static void log(String message) {
		System.out.printf("[bench +%.1fs] %s%n", (System.nanoTime() - STARTED) / 1e9, message);
		System.out.flush();
	}

	private static final class Bound {

		final Arm arm;

		Target d0;

		Target d20;

		Target burst;

		String failure;

		Bound(Arm arm) {
			this.arm = arm;
		}

	}

	private static final class BoundWorkload {

		final Workload workload;

		final String id;

		Target d0;

		Target burst;

		String failure;

		BoundWorkload(Workload workload, String id) {
			this.workload = workload;
			this.id = id;
		}

	}

}
