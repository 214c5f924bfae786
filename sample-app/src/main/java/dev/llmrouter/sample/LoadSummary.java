package dev.llmrouter.sample;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.llmrouter.CallMetadata;
import dev.llmrouter.ChatResponse;
import dev.llmrouter.error.LlmException;
import org.jspecify.annotations.Nullable;

/**
 * What {@code POST /load} returns once every call it fired has ended.
 *
 * @param requested how many calls were fired
 * @param succeeded calls that got an answer
 * @param failed calls that failed after every retry and fallback
 * @param retries retries over all calls
 * @param fallbacks fallbacks over all calls
 * @param elapsedMs how long the burst took
 * @param servedBy answers by {@code group/deployment}
 * @param errors failed calls by exception simple name
 * @author llm-router
 */
public record LoadSummary(int requested, int succeeded, int failed, int retries, int fallbacks, long elapsedMs,
		Map<String, Integer> servedBy, Map<String, Integer> errors) {

	/**
	 * Adds up the outcomes of a burst. Not thread-safe: feed it from a serialized stream
	 * of outcomes.
	 */
	static final class Tally {

		private final int requested;

		private final long startNanos = System.nanoTime();

		private int succeeded;

		private int failed;

		private int retries;

		private int fallbacks;

		private final Map<String, Integer> servedBy = new TreeMap<>();

		private final Map<String, Integer> errors = new TreeMap<>();

		Tally(int requested) {
			this.requested = requested;
		}

		Tally add(Outcome outcome) {
			String error = outcome.error();
			if (error == null) {
				this.succeeded++;
				this.servedBy.merge(outcome.servedBy(), 1, Integer::sum);
			}
			else {
				this.failed++;
				this.errors.merge(error, 1, Integer::sum);
			}
			this.retries += outcome.retries();
			this.fallbacks += outcome.fallbacks();
			return this;
		}

		LoadSummary summary() {
			return new LoadSummary(this.requested, this.succeeded, this.failed, this.retries, this.fallbacks,
					(System.nanoTime() - this.startNanos) / 1_000_000, this.servedBy, this.errors);
		}

	}

	/**
	 * How one call of a burst ended (for an agent question: its calls together).
	 *
	 * @param servedBy {@code group/deployment} that gave the answer
	 * @param retries retries over its calls
	 * @param fallbacks fallbacks over its calls
	 * @param error the simple name of the exception it failed with, {@code null} if it
	 * succeeded
	 */
	record Outcome(String servedBy, int retries, int fallbacks, @Nullable String error) {

		static Outcome of(ChatResponse response) {
			CallMetadata metadata = response.metadata();
			return new Outcome(metadata.modelGroup() + "/" + metadata.deployment(), metadata.retryCount(),
					metadata.fallbackCount(), null);
		}

		static Outcome of(AgentResult result) {
			List<AgentResult.Turn> turns = result.turns();
			AgentResult.Turn last = turns.get(turns.size() - 1);
			return new Outcome(last.group() + "/" + last.deployment(),
					turns.stream().mapToInt(AgentResult.Turn::retryCount).sum(),
					turns.stream().mapToInt(AgentResult.Turn::fallbackCount).sum(), null);
		}

		static Outcome of(LlmException failure) {
			CallMetadata metadata = failure.metadata();
			return new Outcome(metadata.modelGroup(), metadata.retryCount(), metadata.fallbackCount(),
					failure.getClass().getSimpleName());
		}

	}

}
