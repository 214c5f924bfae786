package dev.llmrouter.routing.internal;

import dev.llmrouter.error.ErrorType;
import dev.llmrouter.RetryPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link RetryCounts}: the per-error-type retry counts of CONTRACT §3 ("Retry count"),
 * {@code enabled(T) ? request.numRetries ?? policy(T) ?? group.numRetries : 0}, with a
 * group's policy overriding the global one field by field.
 */
class RetryCountsTests {

	@ParameterizedTest
	@EnumSource(ErrorType.class)
	void whenNoPolicyIsSetThenTypesRetriedByDefaultGetNumRetriesAndOthersNone(ErrorType type) {
		RetryCounts counts = new RetryCounts(RetryPolicy.UNSET, 2);
		assertThat(counts.count(type, null)).isEqualTo(type.isRetriedByDefault() ? 2 : 0);
	}

	@Test
	void whenGroupPolicySetsSomeFieldsThenTheOthersComeFromTheGlobalPolicy() {
		RetryPolicy global = RetryPolicy.builder()
			.timeoutErrorRetries(1)
			.rateLimitErrorRetries(3)
			.badRequestErrorRetries(2)
			.build();
		RetryPolicy group = RetryPolicy.builder().rateLimitErrorRetries(5).authenticationErrorRetries(1).build();
		RetryCounts counts = new RetryCounts(group.orElse(global), 4);
		assertThat(counts.effective()).isEqualTo(new RetryPolicy(1, 5, 4, 2, 1, 0, 0));
	}

	@Test
	void whenGroupPolicySetsAFieldToZeroThenItDisablesTheGlobalCount() {
		RetryPolicy global = RetryPolicy.builder().internalServerErrorRetries(3).build();
		RetryPolicy group = RetryPolicy.builder().internalServerErrorRetries(0).build();
		RetryCounts counts = new RetryCounts(group.orElse(global), 2);
		assertThat(counts.count(ErrorType.INTERNAL_SERVER, null)).isZero();
	}

	@Test
	void whenRequestGivesNumRetriesThenItOverridesEveryEnabledType() {
		RetryCounts counts = new RetryCounts(RetryPolicy.builder().rateLimitErrorRetries(1).build(), 2);
		assertThat(counts.count(ErrorType.RATE_LIMIT, 6)).isEqualTo(6);
		assertThat(counts.count(ErrorType.TIMEOUT, 6)).isEqualTo(6);
	}

	@Test
	void whenRequestGivesNumRetriesThenDisabledTypesStayDisabled() {
		RetryCounts counts = new RetryCounts(RetryPolicy.builder().timeoutErrorRetries(0).build(), 2);
		assertThat(counts.count(ErrorType.TIMEOUT, 6)).isZero();
		assertThat(counts.count(ErrorType.BAD_REQUEST, 6)).isZero();
		assertThat(counts.count(ErrorType.NOT_FOUND, 6)).isZero();
		assertThat(counts.count(ErrorType.TOTAL_TIMEOUT, 6)).isZero();
		assertThat(counts.count(ErrorType.MID_STREAM, 6)).isZero();
	}

	@Test
	void whenTypeHasNoFieldOfItsOwnThenItReadsTheFieldThatGovernsIt() {
		RetryCounts counts = new RetryCounts(
				RetryPolicy.builder().badRequestErrorRetries(1).rateLimitErrorRetries(4).build(), 2);
		assertThat(counts.count(ErrorType.CONTEXT_WINDOW_EXCEEDED, null)).isEqualTo(1);
		assertThat(counts.count(ErrorType.NO_DEPLOYMENT_AVAILABLE, null)).isEqualTo(4);
	}

	@Test
	void whenNumRetriesIsZeroThenNothingIsRetriedUnlessThePolicySaysSo() {
		RetryCounts counts = new RetryCounts(RetryPolicy.builder().rateLimitErrorRetries(2).build(), 0);
		assertThat(counts.effective()).isEqualTo(new RetryPolicy(0, 2, 0, 0, 0, 0, 0));
	}

	@Test
	void whenEffectivePolicyIsReadThenEveryFieldIsSet() {
		RetryCounts counts = new RetryCounts(RetryPolicy.builder().contentPolicyViolationErrorRetries(1).build(), 3);
		assertThat(counts.effective()).isEqualTo(new RetryPolicy(3, 3, 3, 0, 0, 1, 0));
	}

}
