package dev.llmrouter.bench;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A ~45-second run (on a quiet machine) of the same harness as the full benchmark, with
 * tiny parameters: it proves every arm can be driven, that the figures are sane, that
 * streams lose and duplicate no chunks, and that the arms of the tool-call and embedding
 * workloads read the mock's answers exactly. Its report goes to {@code target/smoke/},
 * never over the committed one.
 *
 * @author llm-router
 */
class BenchmarkSmokeTests {

	private static final List<String> ROUTER_AND_BASELINES = List.of("A", "B", "C", "D");

	private static Results results;

	@BeforeAll
	static void run() throws Exception {
		results = new BenchmarkRun(BenchmarkConfig.SMOKE).run();
		BenchmarkMain.write(results, Path.of("target/smoke/latest.json"), Path.of("target/smoke/benchmarks.md"));
	}

	@Test
	void whenSmokeRunsThenTheRouterAndBaselineArmsRan() {
		assertThat(ROUTER_AND_BASELINES).allSatisfy((id) -> assertThat(results.ran(id)).as(id).isTrue());
	}

	@Test
	void whenSmokeRunsThenEveryArmThatRanMadeCallsAtBothConcurrencies() {
		for (String id : List.of("A", "B", "C", "D", "E", "F", "G")) {
			if (results.ran(id)) {
				assertThat(results.median(id, Figure.THR_64)).as(id).isGreaterThan(10);
				assertThat(results.median(id, Figure.THR_256)).as(id).isGreaterThan(10);
				assertThat(results.median(id, Figure.LAT_P50)).as(id).isPositive();
				assertThat(results.median(id, Figure.ALLOC)).as(id).isPositive();
			}
		}
	}

	@Test
	void whenSmokeRunsThenRouterCallsDoNotFail() {
		assertThat(results.median("C", Figure.ERRORS)).isZero();
		assertThat(results.median("D", Figure.ERRORS)).isZero();
	}

	@Test
	void whenSmokeRunsThenNoStreamLosesOrDuplicatesChunks() {
		for (String id : List.of("A", "B", "C", "D", "E", "F", "G")) {
			if (results.ran(id)) {
				assertThat(results.median(id, Figure.LOST)).as(id + " lost").isZero();
				assertThat(results.median(id, Figure.DUPLICATED)).as(id + " duplicated").isZero();
				assertThat(results.median(id, Figure.UNFINISHED)).as(id + " unfinished").isZero();
				assertThat(results.median(id, Figure.TTFT_P50)).as(id + " ttft").isPositive();
				assertThat(results.median(id, Figure.TTFT_C1_P50)).as(id + " ttft at c=1").isPositive();
				assertThat(results.median(id, Figure.TTFT_C1_P99)).as(id + " ttft at c=1")
					.isGreaterThanOrEqualTo(results.median(id, Figure.TTFT_C1_P50));
			}
		}
	}

	@Test
	void whenSmokeRunsThenTheInterleavedStreamFigureIsTakenForBAndC() {
		assertThat(results.median("B", Figure.TTFT_P99_PAIRED)).isPositive();
		assertThat(results.median("C", Figure.TTFT_P99_PAIRED)).isPositive();
		assertThat(results.values("A", Figure.TTFT_P99_PAIRED)).isEmpty();
		assertThat(results.targets()).anySatisfy((target) -> assertThat(target.what()).contains("interleaved"));
		assertThat(results.targets()).anySatisfy(
				(target) -> assertThat(target.what()).startsWith("Added time-to-first-token of C over B at c=1, p99"));
		assertThat(results.controlNote("")).contains("control, B′");
		assertThat(results.targets()).filteredOn((target) -> target.what().contains("time-to-first-token"))
			.filteredOn((target) -> target.what().contains("interleaved"))
			.allSatisfy((target) -> assertThat(target.measured()).contains("control, B′"));
	}

	@Test
	void whenSmokeRunsThenRetainedHeapAndRouterOwnWorkAreMeasured() {
		assertThat(results.median("C", Figure.RETAINED_CALL)).isPositive();
		assertThat(results.median("C", Figure.RETAINED_STREAM)).isPositive();
		assertThat(results.jmhNanos()).isPositive();
		assertThat(results.jmhBytes()).isPositive();
	}

	@Test
	void whenSmokeRunsThenTheBaselineOfEveryWorkloadRanWithoutFailures() {
		for (Workload workload : Workload.values()) {
			assertThat(results.ran(workload, "B")).as(workload.key()).isTrue();
			assertThat(results.median("B", workload.errors())).as(workload.key()).isZero();
			assertThat(results.median("B", workload.latencyP50())).as(workload.key()).isPositive();
		}
	}

	@Test
	void whenSmokeRunsThenEveryWorkloadArmThatRanReadTheMocksAnswerOnEveryCall() {
		for (Workload workload : Workload.values()) {
			for (char id : workload.arms().toCharArray()) {
				String arm = String.valueOf(id);
				if (results.ran(workload, arm)) {
					assertThat(results.median(arm, workload.errors())).as(workload.key() + " " + arm).isZero();
					assertThat(results.median(arm, workload.throughput())).as(workload.key() + " " + arm).isPositive();
					assertThat(results.median(arm, workload.allocation())).as(workload.key() + " " + arm).isPositive();
				}
			}
		}
	}

	@Test
	void whenSmokeRunsThenTheRouterArmOfEveryWorkloadRan() {
		for (Workload workload : Workload.values()) {
			String reason = results.notRunReason(workload, "C");
			assertThat(results.ran(workload, "C")).as("%s: %s", workload.key(), reason).isTrue();
		}
	}

	@Test
	void whenSmokeRunsThenEveryArmOfTheAnthropicWorkloadStreamedItsDeltas() {
		Workload anthropic = Workload.ANTHROPIC;
		assertThat(results.ran(anthropic, "E")).as("E: %s", results.notRunReason(anthropic, "E")).isTrue();
		assertThat(results.ran(anthropic, "F")).as("F: %s", results.notRunReason(anthropic, "F")).isTrue();
		for (char id : anthropic.arms().toCharArray()) {
			String arm = String.valueOf(id);
			if (results.ran(anthropic, arm)) {
				assertThat(results.median(arm, anthropic.ttftP50())).as(arm + " ttft").isPositive();
				assertThat(results.median(arm, anthropic.ttftP99())).as(arm + " ttft").isPositive();
				assertThat(results.median(arm, anthropic.ttftC1P50())).as(arm + " ttft at c=1").isPositive();
			}
		}
		// the baseline and the router read every stream to its end without losing a chunk
		for (String arm : List.of("B", "C")) {
			if (results.ran(anthropic, arm)) {
				assertThat(results.values(arm, anthropic.streamFailures())).as(arm).isNotEmpty().containsOnly(0.0);
				assertThat(results.median(arm, anthropic.ttftP99Paired())).as(arm).isPositive();
			}
		}
		assertThat(results.allTargets()).anySatisfy((target) -> assertThat(target.what())
			.startsWith(anthropic.title() + ": added time-to-first-token of C over B, p99"));
		assertThat(results.allTargets()).anySatisfy((target) -> assertThat(target.what())
			.isEqualTo(anthropic.title() + ": added latency of C over B at c=1, p99"));
		assertThat(results.allTargets()).anySatisfy((target) -> assertThat(target.what())
			.startsWith(anthropic.title() + ": added time-to-first-token of C over B at c=1, p99"));
	}

	@Test
	void whenSmokeRunsThenTheReportHasASectionAndTargetsPerWorkload() {
		String markdown = results.toMarkdown();
		for (Workload workload : Workload.values()) {
			assertThat(markdown).contains("## " + workload.title() + "\n");
			assertThat(results.allTargets()).anySatisfy((target) -> assertThat(target.what())
				.isEqualTo(workload.title() + ": added latency of C over B at c=1, p50"));
		}
	}

	@Test
	void whenSmokeRunsThenTheReportNamesEveryTarget() {
		assertThat(results.targets()).hasSizeGreaterThanOrEqualTo(13);
		assertThat(results.toMarkdown()).contains("| C |", "Ratio to B", "Router's own work");
	}

}
