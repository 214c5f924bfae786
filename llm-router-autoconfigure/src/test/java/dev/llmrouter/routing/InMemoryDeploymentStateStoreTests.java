package dev.llmrouter.routing;

import dev.llmrouter.routing.InMemoryDeploymentStateStore.FailureWindow;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The failure window of {@link InMemoryDeploymentStateStore} (issue 12, item 7): a ring
 * of the latest failure times that counts the failures of the last minute correctly
 * however many times it has wrapped around.
 */
class InMemoryDeploymentStateStoreTests {

	private static final int CAPACITY = FailureWindow.CAPACITY;

	private static final long MINUTE = 60_000;

	@Test
	void whenFailuresWrapAroundTheRingThenEachCountIsTheFailuresOfTheLastMinute() {
		FailureWindow window = new FailureWindow();
		long spacing = 100;
		long perMinute = MINUTE / spacing;
		for (int i = 0; i < 3 * CAPACITY + 7; i++) {
			assertThat(window.add(i * spacing)).as("failure %d", i).isEqualTo((int) Math.min(i + 1, perMinute));
		}
	}

	@Test
	void whenMoreFailuresThanTheRingHoldsComeWithinAMinuteThenTheCountIsItsCapacity() {
		FailureWindow window = new FailureWindow();
		for (int i = 0; i < 3 * CAPACITY + 7; i++) {
			assertThat(window.add(i)).as("failure %d", i).isEqualTo(Math.min(i + 1, CAPACITY));
		}
	}

	@Test
	void whenAMinuteHasPassedSinceTheLatestFailuresThenTheyNoLongerCount() {
		FailureWindow window = new FailureWindow();
		long last = 0;
		for (int i = 0; i < 2 * CAPACITY + 3; i++) {
			last = i * 10L;
			window.add(last);
		}
		assertThat(window.add(last + MINUTE)).isEqualTo(1);
		assertThat(window.add(last + MINUTE + 1)).isEqualTo(2);
	}

	@Test
	void whenAFailureIsJustUnderAMinuteOldThenItStillCounts() {
		FailureWindow window = new FailureWindow();
		for (int i = 0; i < CAPACITY; i++) {
			window.add(1_000);
		}
		window.add(2_000);
		assertThat(window.add(1_000 + MINUTE - 1)).isEqualTo(CAPACITY);
		assertThat(window.add(1_000 + MINUTE)).isEqualTo(3);
	}

	@Test
	void whenClearedAfterWrappingAroundThenTheCountStartsAgain() {
		FailureWindow window = new FailureWindow();
		for (int i = 0; i < CAPACITY + CAPACITY / 2; i++) {
			window.add(i);
		}
		window.clear();
		assertThat(window.add(CAPACITY * 2)).isEqualTo(1);
		assertThat(window.add(CAPACITY * 2 + 1)).isEqualTo(2);
	}

	@Test
	void whenTheStoreRecordsFailuresThenItCountsThoseOfTheLastMinute() {
		SharedDeploymentState state = DeploymentStateStore.inMemory().state("gpt", "a");
		for (int i = 0; i < CAPACITY + 5; i++) {
			state.failed(i * 1_000L).block();
		}
		assertThat(state.failed((CAPACITY + 5) * 1_000L).block()).isEqualTo(60);
		state.clearCooldown().block();
		assertThat(state.failed((CAPACITY + 6) * 1_000L).block()).isEqualTo(1);
	}

}
