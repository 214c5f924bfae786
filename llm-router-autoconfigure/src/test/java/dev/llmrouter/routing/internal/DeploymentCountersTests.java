package dev.llmrouter.routing.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The local counters of a deployment (issue 12, item 7): successes are counted exactly
 * and the latency average is updated in one atomic step under concurrent successes, so
 * that it is always an average of latencies that were recorded.
 */
class DeploymentCountersTests {

	private static final int THREADS = 4;

	private static final int SUCCESSES = 50_000;

	private final ExecutorService executor = Executors.newFixedThreadPool(THREADS + 1);

	private final DeploymentCounters counters = new DeploymentCounters();

	@AfterEach
	void shutDown() throws InterruptedException {
		this.executor.shutdownNow();
		assertThat(this.executor.awaitTermination(20, TimeUnit.SECONDS)).isTrue();
	}

	@Test
	void whenSuccessesFollowEachOtherThenTheAverageMovesAnEighthOfTheWayToEach() {
		this.counters.succeeded(800);
		assertThat(this.counters.averageLatencyNanos()).isEqualTo(800);
		this.counters.succeeded(1_600);
		assertThat(this.counters.averageLatencyNanos()).isEqualTo(900);
		assertThat(this.counters.successes()).isEqualTo(2);
	}

	@Test
	void whenThreadsRecordTheSameLatencyThenTheAverageIsExactlyThatLatency() throws Exception {
		run((thread, i) -> 1_234_567L, () -> {
		});
		assertThat(this.counters.averageLatencyNanos()).isEqualTo(1_234_567L);
		assertThat(this.counters.successes()).isEqualTo((long) THREADS * SUCCESSES);
	}

	@Test
	void whenThreadsRecordDifferentLatenciesThenEverySuccessCountsAndTheAverageStaysBetweenThem() throws Exception {
		long min = 1_000_000;
		long max = 9_000_000;
		List<Long> outside = new ArrayList<>();
		run((thread, i) -> ((thread + i) % 2 == 0) ? min : max, () -> {
			long average = this.counters.averageLatencyNanos();
			if (average != 0 && (average < min || average > max)) {
				synchronized (outside) {
					outside.add(average);
				}
			}
		});
		assertThat(outside).isEmpty();
		assertThat(this.counters.averageLatencyNanos()).isBetween(min, max);
		assertThat(this.counters.successes()).isEqualTo((long) THREADS * SUCCESSES);
	}

	/**
	 * Record {@link #SUCCESSES} successes on each of {@link #THREADS} threads started
	 * together, while another thread reads the counters until they are done.
	 */
	private void run(Latency latency, Runnable read) throws Exception {
		CountDownLatch start = new CountDownLatch(1);
		AtomicBoolean done = new AtomicBoolean();
		List<Future<?>> writers = new ArrayList<>();
		for (int t = 0; t < THREADS; t++) {
			int thread = t;
			writers.add(this.executor.submit(() -> {
				start.await();
				for (int i = 0; i < SUCCESSES; i++) {
					this.counters.succeeded(latency.of(thread, i));
				}
				return null;
			}));
		}
		Future<?> reader = this.executor.submit(() -> {
			start.await();
			while (!done.get()) {
				read.run();
			}
			return null;
		});
		start.countDown();
		for (Future<?> writer : writers) {
			writer.get(60, TimeUnit.SECONDS);
		}
		done.set(true);
		reader.get(60, TimeUnit.SECONDS);
	}

	@FunctionalInterface
	private interface Latency {

		long of(int thread, int index);

	}

}
