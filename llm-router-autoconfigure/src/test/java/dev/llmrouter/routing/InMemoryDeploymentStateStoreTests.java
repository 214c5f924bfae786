package dev.llmrouter.routing;

import java.util.concurrent.Callable;

import dev.llmrouter.routing.InMemoryDeploymentStateStore.FailureWindow;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The in-memory deployment state store (issue 12, items 5 and 7): its failure window, a
 * ring of the latest failure times that counts the failures of the last minute correctly
 * however many times it has wrapped around, and the store's semantics of attempts (an
 * in-flight lease and a request of the current minute, refused at the request limit),
 * tokens per minute and cooldowns (never shortened, cleared with the failures).
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

	@Test
	void whenAnAttemptStartsThenItTakesAnInFlightLeaseAndCountsARequestUntilItEnds() {
		SharedDeploymentState state = newState();
		assertThat(state.attemptStarted(1_000, Long.MAX_VALUE).block()).isTrue();
		assertThat(state.attemptStarted(2_000, Long.MAX_VALUE).block()).isTrue();
		assertThat(state.inFlight()).isEqualTo(2);
		assertThat(state.requestsThisMinute(2_000)).isEqualTo(2);
		state.attemptEnded(3_000, 0).block();
		assertThat(state.inFlight()).isOne();
		state.attemptEnded(3_000, 0).block();
		assertThat(state.inFlight()).isZero();
		assertThat(state.requestsThisMinute(3_000)).isEqualTo(2);
	}

	@Test
	void whenTheRequestLimitIsReachedThenAnAttemptIsRefusedWithoutALeaseOrARequest() {
		SharedDeploymentState state = newState();
		assertThat(state.attemptStarted(1_000, 2).block()).isTrue();
		assertThat(state.attemptStarted(1_001, 2).block()).isTrue();
		assertThat(state.attemptStarted(1_002, 2).block()).isFalse();
		assertThat(state.inFlight()).isEqualTo(2);
		assertThat(state.requestsThisMinute(1_002)).isEqualTo(2);
	}

	@Test
	void whenAttemptsEndThenTheirRequestsStillCountTowardsTheLimitOfTheMinute() {
		SharedDeploymentState state = newState();
		state.attemptStarted(1_000, 1).block();
		state.attemptEnded(1_001, 0).block();
		assertThat(state.inFlight()).isZero();
		assertThat(state.attemptStarted(MINUTE - 1, 1).block()).isFalse();
	}

	@Test
	void whenTheNextMinuteStartsThenRequestsCountFromZeroAndTheLimitAllowsAttemptsAgain() {
		SharedDeploymentState state = newState();
		state.attemptStarted(MINUTE - 1, 1).block();
		assertThat(state.attemptStarted(MINUTE - 1, 1).block()).isFalse();
		assertThat(state.requestsThisMinute(MINUTE)).isZero();
		assertThat(state.attemptStarted(MINUTE, 1).block()).isTrue();
		assertThat(state.requestsThisMinute(MINUTE)).isOne();
		assertThat(state.inFlight()).isEqualTo(2);
	}

	@Test
	void whenAttemptsEndWithTokensThenTheyCountInTheMinuteTheyEnded() {
		SharedDeploymentState state = newState();
		state.attemptStarted(1_000, Long.MAX_VALUE).block();
		state.attemptStarted(1_000, Long.MAX_VALUE).block();
		state.attemptEnded(2_000, 120).block();
		state.attemptEnded(3_000, 0).block();
		assertThat(state.tokensThisMinute(3_000)).isEqualTo(120);
		state.attemptStarted(MINUTE + 1, Long.MAX_VALUE).block();
		state.attemptEnded(MINUTE + 2, 30).block();
		assertThat(state.tokensThisMinute(MINUTE + 2)).isEqualTo(30);
	}

	@Test
	void whenACooldownIsSetThenTheLocalViewReadsItsEnd() {
		SharedDeploymentState state = newState();
		assertThat(state.cooldownUntil()).isZero();
		assertThat(state.coolDownUntil(5_000).block()).isTrue();
		assertThat(state.cooldownUntil()).isEqualTo(5_000);
	}

	@Test
	void whenAShorterCooldownIsAskedForThenTheLongerOneStays() {
		SharedDeploymentState state = newState();
		state.coolDownUntil(10_000).block();
		assertThat(state.coolDownUntil(5_000).block()).isFalse();
		assertThat(state.coolDownUntil(10_000).block()).isFalse();
		assertThat(state.cooldownUntil()).isEqualTo(10_000);
		assertThat(state.coolDownUntil(12_000).block()).isTrue();
		assertThat(state.cooldownUntil()).isEqualTo(12_000);
	}

	@Test
	void whenTheCooldownIsClearedThenItEndsAndAShorterOneCanBeSet() {
		SharedDeploymentState state = newState();
		state.coolDownUntil(10_000).block();
		state.clearCooldown().block();
		assertThat(state.cooldownUntil()).isZero();
		assertThat(state.coolDownUntil(5_000).block()).isTrue();
		assertThat(state.cooldownUntil()).isEqualTo(5_000);
	}

	@Test
	void whenTheCooldownIsClearedThenAttemptsInFlightAndRequestsAreKept() {
		SharedDeploymentState state = newState();
		state.attemptStarted(1_000, Long.MAX_VALUE).block();
		state.coolDownUntil(10_000).block();
		state.clearCooldown().block();
		assertThat(state.inFlight()).isOne();
		assertThat(state.requestsThisMinute(1_000)).isOne();
	}

	@Test
	void whenTheSameDeploymentIsAskedForTwiceThenTheStateIsShared() {
		DeploymentStateStore store = DeploymentStateStore.inMemory();
		store.state("gpt", "a").coolDownUntil(5_000).block();
		assertThat(store.state("gpt", "a").cooldownUntil()).isEqualTo(5_000);
		assertThat(store.state("gpt", "b").cooldownUntil()).isZero();
		assertThat(store.state("gpt-b", "").cooldownUntil()).isZero();
		assertThat(DeploymentStateStore.inMemory().state("gpt", "a").cooldownUntil()).isZero();
	}

	@Test
	void whenChangesAreMadeThenTheirResultsAreReadyWithoutWaiting() {
		SharedDeploymentState state = newState();
		assertThat(state.attemptStarted(1_000, Long.MAX_VALUE)).isInstanceOf(Callable.class);
		assertThat(state.attemptEnded(1_000, 0)).isInstanceOf(Callable.class);
		assertThat(state.failed(1_000)).isInstanceOf(Callable.class);
		assertThat(state.coolDownUntil(1_000)).isInstanceOf(Callable.class);
		assertThat(state.clearCooldown()).isInstanceOf(Callable.class);
	}

	@Test
	void whenChangesAreNotSubscribedToThenTheyAreStillMade() {
		SharedDeploymentState state = newState();
		state.attemptStarted(1_000, Long.MAX_VALUE);
		state.coolDownUntil(5_000);
		assertThat(state.inFlight()).isOne();
		assertThat(state.cooldownUntil()).isEqualTo(5_000);
		state.attemptEnded(2_000, 10);
		state.clearCooldown();
		assertThat(state.inFlight()).isZero();
		assertThat(state.tokensThisMinute(2_000)).isEqualTo(10);
		assertThat(state.cooldownUntil()).isZero();
	}

	private static SharedDeploymentState newState() {
		return DeploymentStateStore.inMemory().state("gpt", "a");
	}

}
