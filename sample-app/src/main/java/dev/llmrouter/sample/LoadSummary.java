package dev.llmrouter.sample;

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
			if (outcome.error() == null) {
				this.succeeded++;
				this.servedBy.merge(outcome.metadata().modelGroup() + "/" + outcome.metadata().deployment(), 1,
						Integer::sum);
			}
			else {
				this.failed++;
				this.errors.merge(outcome.error(), 1, Integer::sum);
			}
			count(outcome.metadata());
			return this;
		}

		private void count(CallMetadata metadata) {
			this.retries += metadata.retryCount();
			this.fallbacks += metadata.fallbackCount();
		}

		LoadSummary summary() {
			return new LoadSummary(this.requested, this.succeeded, this.failed, this.retries, this.fallbacks,
					(System.nanoTime() - this.startNanos) / 1_000_000, this.servedBy, this.errors);
		}

	}

	/**
	 * How one call of a burst ended.
	 *
	 * @param metadata the call's metadata
	 * @param error the simple name of the exception it failed with, {@code null} if it
	 * succeeded
	 */
	record Outcome(CallMetadata metadata, @Nullable String error) {

		static Outcome of(ChatResponse response) {
			return new Outcome(response.metadata(), null);
		}

		static Outcome of(LlmException failure) {
			return new Outcome(failure.metadata(), failure.getClass().getSimpleName());
		}

	}

}
