package dev.llmrouter;

import java.time.Duration;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * One attempt of a routed call: which deployment was tried, how it ended and how long the
 * router waited before making it.
 *
 * @param modelGroup the model group the attempt belonged to
 * @param deployment the deployment id that was called
 * @param outcome {@link #SUCCESS} or the simple name of the exception type that ended it,
 * such as {@code RateLimitException}
 * @param status the HTTP status of the provider's answer, or {@code 0} if there was none
 * @param duration how long the attempt took
 * @param backoff how long the router waited before making the attempt
 * ({@link Duration#ZERO} for the first one)
 */
public record Attempt(String modelGroup, String deployment, String outcome, int status, Duration duration,
		Duration backoff) {

	/** The outcome of a successful attempt. */
	public static final String SUCCESS = "success";

	public Attempt {
		Objects.requireNonNull(modelGroup, "modelGroup must not be null");
		Objects.requireNonNull(deployment, "deployment must not be null");
		Objects.requireNonNull(outcome, "outcome must not be null");
		Objects.requireNonNull(duration, "duration must not be null");
		Objects.requireNonNull(backoff, "backoff must not be null");
	}

	/**
	 * Whether the attempt succeeded.
	 * @return {@code true} for a successful attempt
	 */
	public boolean succeeded() {
		return SUCCESS.equals(this.outcome);
	}

	/**
	 * The HTTP status of the attempt, if the provider answered with one.
	 * @return the status, or empty for a transport failure or timeout
	 */
	public OptionalInt httpStatus() {
		return (this.status > 0) ? OptionalInt.of(this.status) : OptionalInt.empty();
	}

}
