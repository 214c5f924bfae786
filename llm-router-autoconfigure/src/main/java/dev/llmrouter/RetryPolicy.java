package dev.llmrouter;

import org.jspecify.annotations.Nullable;

/**
 * Retry counts per error type, as LiteLLM's {@code RetryPolicy}. Every field is optional:
 * an unset field leaves the decision to the next level (group policy, then global policy,
 * then the type's default). A field set to {@code 0} disables retries for that type; a
 * positive value enables them and is the number of retries (not counting the first
 * attempt).
 * <p>
 * A group's policy overrides the global one field by field: see
 * {@link #orElse(RetryPolicy)}.
 *
 * @param timeoutErrorRetries retries after a timeout or HTTP 408
 * @param rateLimitErrorRetries retries after HTTP 429 or when no deployment is available
 * @param internalServerErrorRetries retries after HTTP 5xx, 409 or a connection failure
 * @param badRequestErrorRetries retries after HTTP 400/422 (context window errors
 * included)
 * @param authenticationErrorRetries retries after HTTP 401/403
 * @param contentPolicyViolationErrorRetries retries after a content-filter rejection
 * @param unsupportedParamsRetries retries after an unsupported-parameter rejection
 * @author llm-router
 */
public record RetryPolicy(@Nullable Integer timeoutErrorRetries, @Nullable Integer rateLimitErrorRetries,
		@Nullable Integer internalServerErrorRetries, @Nullable Integer badRequestErrorRetries,
		@Nullable Integer authenticationErrorRetries, @Nullable Integer contentPolicyViolationErrorRetries,
		@Nullable Integer unsupportedParamsRetries) {

	/** A policy with no field set. */
	public static final RetryPolicy UNSET = new RetryPolicy(null, null, null, null, null, null, null);

	public RetryPolicy {
		requireNonNegative(timeoutErrorRetries, "timeoutErrorRetries");
		requireNonNegative(rateLimitErrorRetries, "rateLimitErrorRetries");
		requireNonNegative(internalServerErrorRetries, "internalServerErrorRetries");
		requireNonNegative(badRequestErrorRetries, "badRequestErrorRetries");
		requireNonNegative(authenticationErrorRetries, "authenticationErrorRetries");
		requireNonNegative(contentPolicyViolationErrorRetries, "contentPolicyViolationErrorRetries");
		requireNonNegative(unsupportedParamsRetries, "unsupportedParamsRetries");
	}

	private static void requireNonNegative(@Nullable Integer value, String name) {
		if (value != null && value < 0) {
			throw new IllegalArgumentException(name + " must not be negative, was " + value);
		}
	}

	/**
	 * A builder for a policy.
	 * @return the builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * This policy with its unset fields taken from {@code base}.
	 * @param base the less specific policy
	 * @return the merged policy
	 */
	public RetryPolicy orElse(RetryPolicy base) {
		return new RetryPolicy(first(this.timeoutErrorRetries, base.timeoutErrorRetries),
				first(this.rateLimitErrorRetries, base.rateLimitErrorRetries),
				first(this.internalServerErrorRetries, base.internalServerErrorRetries),
				first(this.badRequestErrorRetries, base.badRequestErrorRetries),
				first(this.authenticationErrorRetries, base.authenticationErrorRetries),
				first(this.contentPolicyViolationErrorRetries, base.contentPolicyViolationErrorRetries),
				first(this.unsupportedParamsRetries, base.unsupportedParamsRetries));
	}

	private static @Nullable Integer first(@Nullable Integer value, @Nullable Integer fallback) {
		return (value != null) ? value : fallback;
	}

	/**
	 * Builds a {@link RetryPolicy}.
	 */
	public static final class Builder {

		private @Nullable Integer timeoutErrorRetries;

		private @Nullable Integer rateLimitErrorRetries;

		private @Nullable Integer internalServerErrorRetries;

		private @Nullable Integer badRequestErrorRetries;

		private @Nullable Integer authenticationErrorRetries;

		private @Nullable Integer contentPolicyViolationErrorRetries;

		private @Nullable Integer unsupportedParamsRetries;

		private Builder() {
		}

		/**
		 * Retries after a timeout or HTTP 408.
		 * @param retries the count, {@code 0} to disable
		 * @return this builder
		 */
		public Builder timeoutErrorRetries(@Nullable Integer retries) {
			this.timeoutErrorRetries = retries;
			return this;
		}

		/**
		 * Retries after HTTP 429.
		 * @param retries the count, {@code 0} to disable
		 * @return this builder
		 */
		public Builder rateLimitErrorRetries(@Nullable Integer retries) {
			this.rateLimitErrorRetries = retries;
			return this;
		}

		/**
		 * Retries after HTTP 5xx, 409 or a connection failure.
		 * @param retries the count, {@code 0} to disable
		 * @return this builder
		 */
		public Builder internalServerErrorRetries(@Nullable Integer retries) {
			this.internalServerErrorRetries = retries;
			return this;
		}

		/**
		 * Retries after HTTP 400/422.
		 * @param retries the count, {@code 0} to disable
		 * @return this builder
		 */
		public Builder badRequestErrorRetries(@Nullable Integer retries) {
			this.badRequestErrorRetries = retries;
			return this;
		}

		/**
		 * Retries after HTTP 401/403.
		 * @param retries the count, {@code 0} to disable
		 * @return this builder
		 */
		public Builder authenticationErrorRetries(@Nullable Integer retries) {
			this.authenticationErrorRetries = retries;
			return this;
		}

		/**
		 * Retries after a content-filter rejection.
		 * @param retries the count, {@code 0} to disable
		 * @return this builder
		 */
		public Builder contentPolicyViolationErrorRetries(@Nullable Integer retries) {
			this.contentPolicyViolationErrorRetries = retries;
			return this;
		}

		/**
		 * Retries after an unsupported-parameter rejection.
		 * @param retries the count, {@code 0} to disable
		 * @return this builder
		 */
		public Builder unsupportedParamsRetries(@Nullable Integer retries) {
			this.unsupportedParamsRetries = retries;
			return this;
		}

		/**
		 * Build the policy.
		 * @return the policy
		 */
		public RetryPolicy build() {
			return new RetryPolicy(this.timeoutErrorRetries, this.rateLimitErrorRetries,
					this.internalServerErrorRetries, this.badRequestErrorRetries, this.authenticationErrorRetries,
					this.contentPolicyViolationErrorRetries, this.unsupportedParamsRetries);
		}

	}

}
