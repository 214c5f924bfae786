package dev.llmrouter.sample;

import java.util.List;

import dev.llmrouter.Attempt;
import dev.llmrouter.CallMetadata;
import dev.llmrouter.ChatResponse;
import org.jspecify.annotations.Nullable;

/**
 * What {@code GET /ask} returns: the answer and how the router got it.
 *
 * @param answer the answer text
 * @param group the model group that answered
 * @param deployment the deployment that answered
 * @param retryCount attempts minus one over the whole call
 * @param fallbackCount how many fallback groups the call moved to
 * @param attempts every attempt, in order
 * @author llm-router
 */
public record AskResult(String answer, String group, @Nullable String deployment, int retryCount, int fallbackCount,
		List<AttemptView> attempts) {

	static AskResult of(ChatResponse response) {
		CallMetadata metadata = response.metadata();
		return new AskResult(response.content(), metadata.modelGroup(), metadata.deployment(), metadata.retryCount(),
				metadata.fallbackCount(), AttemptView.of(metadata));
	}

	/**
	 * One attempt, with times in milliseconds.
	 *
	 * @param group the model group
	 * @param deployment the deployment called
	 * @param outcome {@code success} or the simple name of the exception that ended it
	 * @param status the HTTP status, {@code 0} if there was none
	 * @param durationMs how long the attempt took
	 * @param backoffMs how long the router waited before it
	 */
	public record AttemptView(String group, String deployment, String outcome, int status, long durationMs,
			long backoffMs) {

		static List<AttemptView> of(CallMetadata metadata) {
			return metadata.attempts().stream().map(AttemptView::of).toList();
		}

		static AttemptView of(Attempt attempt) {
			return new AttemptView(attempt.modelGroup(), attempt.deployment(), attempt.outcome(), attempt.status(),
					attempt.duration().toMillis(), attempt.backoff().toMillis());
		}

	}

}
