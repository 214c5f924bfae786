package dev.llmrouter.bench;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A ~30-second run of the same harness as the full benchmark, with tiny parameters: it
 * proves every arm can be driven, that the figures are sane, and that streams lose and
 * duplicate no chunks. Its report goes to {@code target/smoke/}, never over the committed
 * one.
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
			}
		}
	}

	@Test
	void whenSmokeRunsThenTheInterleavedStreamFigureIsTakenForBAndC() {
		assertThat(results.median("B", Figure.TTFT_P99_PAIRED)).isPositive();
		assertThat(results.median("C", Figure.TTFT_P99_PAIRED)).isPositive();
		assertThat(results.values("A", Figure.TTFT_P99_PAIRED)).isEmpty();
		assertThat(results.targets()).anySatisfy((target) -> assertThat(target.what()).contains("interleaved"));
	}

	@Test
	void whenSmokeRunsThenRetainedHeapAndRouterOwnWorkAreMeasured() {
		assertThat(results.median("C", Figure.RETAINED_CALL)).isPositive();
		assertThat(results.median("C", Figure.RETAINED_STREAM)).isPositive();
		assertThat(results.jmhNanos()).isPositive();
		assertThat(results.jmhBytes()).isPositive();
	}

	@Test
	void whenSmokeRunsThenTheReportNamesEveryTarget() {
		assertThat(results.targets()).hasSizeGreaterThanOrEqualTo(13);
		assertThat(results.toMarkdown()).contains("| C |", "Ratio to B", "Router's own work");
	}

}
