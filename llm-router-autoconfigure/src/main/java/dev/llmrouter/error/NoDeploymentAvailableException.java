package dev.llmrouter.error;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * Every deployment of a group is cooling down. {@link #retryAfter()} tells how long until
 * the first one is available again.
 *
 * @author llm-router
 */
public class NoDeploymentAvailableException extends RateLimitException {

	/**
	 * Create a new instance.
	 * @param message the message
	 * @param retryAfter the time until a deployment is available again
	 * @param cause the failure that cooled the last deployment, if known
	 */
	public NoDeploymentAvailableException(String message, @Nullable Duration retryAfter, @Nullable Throwable cause) {
		super(message, 0, retryAfter, cause);
	}

	@Override
	public ErrorType errorType() {
		return ErrorType.NO_DEPLOYMENT_AVAILABLE;
	}

}
