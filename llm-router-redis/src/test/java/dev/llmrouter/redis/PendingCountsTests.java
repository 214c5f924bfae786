package dev.llmrouter.redis;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link PendingCounts}: the counts of a batch, by minute.
 */
class PendingCountsTests {

	private final PendingCounts counts = new PendingCounts();

	@Test
	void countsOfOneMinuteAddUpAndAreTakenOnce() {
		this.counts.add(5, 1, 0);
		this.counts.add(5, 1, 30);
		assertThat(this.counts.take()).containsExactly(new Batch(5, 2, 30));
		assertThat(this.counts.take()).isEmpty();
	}

	@Test
	void aBatchThatSpansTheTurnOfAMinuteKeepsBothMinutesApart() {
		this.counts.add(5, 3, 10);
		this.counts.add(6, 1, 0);
		this.counts.add(5, 0, 4); // an attempt of minute 5 that ended late
		assertThat(this.counts.take()).containsExactly(new Batch(5, 3, 14), new Batch(6, 1, 0));
	}

	@Test
	void countsGivenBackAfterAFailedWriteJoinTheNextBatch() {
		this.counts.add(5, 2, 0);
		Batch failed = this.counts.take().get(0);
		this.counts.add(5, 1, 0);
		this.counts.add(failed.minute(), failed.requests(), failed.tokens());
		assertThat(this.counts.take()).containsExactly(new Batch(5, 3, 0));
	}

	@Test
	void countsOfMinutesLongGoneAreDropped() {
		this.counts.add(5, 2, 0);
		this.counts.add(8, 1, 0);
		this.counts.add(3, 9, 9);
		assertThat(this.counts.take()).containsExactly(new Batch(8, 1, 0));
	}

}
