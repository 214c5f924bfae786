package dev.llmrouter.error;

/**
 * The classification of a failure, which decides how it is retried, whether it cools a
 * deployment down and where it falls back to. Every {@link LlmException} has exactly one.
 *
 * @author llm-router
 */
public enum ErrorType {

	/** An attempt, first-chunk or idle timeout, or HTTP 408. */
	TIMEOUT(true, true),

	/** HTTP 429. */
	RATE_LIMIT(true, true),

	/**
	 * A 429 or 402 saying the account's quota or credit is spent
	 * ({@code insufficient_quota}, {@code billing_error}, ...): never retried on that
	 * deployment, which cools for {@code quota-cooldown-time}; the call moves on to
	 * another deployment, then to the fallbacks.
	 */
	QUOTA_EXCEEDED(false, true),

	/**
	 * HTTP 5xx or 409, a connection failure, or a malformed or truncated provider body.
	 */
	INTERNAL_SERVER(true, true),

	/** HTTP 400 or 422 (and other 4xx not listed here). */
	BAD_REQUEST(false, false),

	/** A 400 saying the context length was exceeded. */
	CONTEXT_WINDOW_EXCEEDED(false, false),

	/**
	 * A 400 from a content filter or moderation, or
	 * {@code finish_reason: content_filter}.
	 */
	CONTENT_POLICY_VIOLATION(false, false),

	/** A 400 naming an unsupported parameter or value. */
	UNSUPPORTED_PARAMS(false, false),

	/** HTTP 401 or 403. */
	AUTHENTICATION(false, false),

	/** HTTP 404: never retried. */
	NOT_FOUND(false, false),

	/** The call's total timeout was spent: never retried. */
	TOTAL_TIMEOUT(false, false),

	/** Every deployment of the group is cooling down. */
	NO_DEPLOYMENT_AVAILABLE(true, false),

	/** A stream failed after content was delivered: never retried. */
	MID_STREAM(false, false);

	private final boolean retriedByDefault;

	private final boolean coolsDeployment;

	ErrorType(boolean retriedByDefault, boolean coolsDeployment) {
		this.retriedByDefault = retriedByDefault;
		this.coolsDeployment = coolsDeployment;
	}

	/**
	 * Whether this type is retried when the retry policy does not say otherwise.
	 * @return {@code true} for timeouts, rate limits, server errors and unavailable
	 * groups
	 */
	public boolean isRetriedByDefault() {
		return this.retriedByDefault;
	}

	/**
	 * Whether a failure of this type counts towards a deployment's cooldown. Errors
	 * caused by the request (400 family, authentication, not found) never cool a
	 * deployment.
	 * @return {@code true} if the failure counts
	 */
	public boolean coolsDeployment() {
		return this.coolsDeployment;
	}

}
