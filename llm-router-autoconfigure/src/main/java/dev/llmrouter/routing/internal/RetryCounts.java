package dev.llmrouter.routing.internal;

import dev.llmrouter.error.ErrorType;
import dev.llmrouter.RetryPolicy;
import org.jspecify.annotations.Nullable;

/**
 * How many retries a group makes for each error type (CONTRACT §3):
 *
 * <pre>
 * enabled(T) = policy(T) != null ? policy(T) &gt; 0 : T.isRetriedByDefault()
 * count(T)   = !enabled(T) ? 0 : request.numRetries ?? policy(T) ?? group.numRetries ?? numRetries
 * policy(T)  = group.retryPolicy.T ?? retryPolicy.T
 * </pre>
 *
 * Resolved once per group; only a request's own {@code numRetries} is applied per call.
 *
 * @author llm-router
 */
final class RetryCounts {

	private static final ErrorType[] TYPES = ErrorType.values();

	private final boolean[] enabled = new boolean[TYPES.length];

	private final int[] counts = new int[TYPES.length];

	private final RetryPolicy effective;

	/**
	 * Resolve the counts of a group.
	 * @param policy the group's policy merged over the global one
	 * @param numRetries the group's count, else the global one
	 */
	RetryCounts(RetryPolicy policy, int numRetries) {
		for (ErrorType type : TYPES) {
			Integer field = field(policy, type);
			boolean on = (field != null) ? field > 0 : type.isRetriedByDefault();
			this.enabled[type.ordinal()] = on;
			this.counts[type.ordinal()] = !on ? 0 : (field != null) ? field : numRetries;
		}
		this.effective = new RetryPolicy(count(ErrorType.TIMEOUT, null), count(ErrorType.RATE_LIMIT, null),
				count(ErrorType.INTERNAL_SERVER, null), count(ErrorType.BAD_REQUEST, null),
				count(ErrorType.AUTHENTICATION, null), count(ErrorType.CONTENT_POLICY_VIOLATION, null),
				count(ErrorType.UNSUPPORTED_PARAMS, null));
	}

	/**
	 * The retry count for an error type.
	 * @param type the type of the latest error
	 * @param requestNumRetries the request's own count, or {@code null}
	 * @return how many retries (not counting the first attempt) the group may make
	 */
	int count(ErrorType type, @Nullable Integer requestNumRetries) {
		if (!this.enabled[type.ordinal()]) {
			return 0;
		}
		return (requestNumRetries != null) ? requestNumRetries : this.counts[type.ordinal()];
	}

	/**
	 * The counts as a policy with every field set, as the view shows them.
	 * @return the effective policy
	 */
	RetryPolicy effective() {
		return this.effective;
	}

	/**
	 * The policy field that governs an error type.
	 */
	static @Nullable Integer field(RetryPolicy policy, ErrorType type) {
		return switch (type) {
			case TIMEOUT -> policy.timeoutErrorRetries();
			case RATE_LIMIT, NO_DEPLOYMENT_AVAILABLE -> policy.rateLimitErrorRetries();
			case INTERNAL_SERVER -> policy.internalServerErrorRetries();
			case BAD_REQUEST, CONTEXT_WINDOW_EXCEEDED -> policy.badRequestErrorRetries();
			case AUTHENTICATION -> policy.authenticationErrorRetries();
			case CONTENT_POLICY_VIOLATION -> policy.contentPolicyViolationErrorRetries();
			case UNSUPPORTED_PARAMS -> policy.unsupportedParamsRetries();
			case NOT_FOUND, TOTAL_TIMEOUT, MID_STREAM, QUOTA_EXCEEDED -> null;
		};
	}

}
