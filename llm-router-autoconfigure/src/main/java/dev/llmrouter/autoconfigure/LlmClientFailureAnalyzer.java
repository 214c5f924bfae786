package dev.llmrouter.autoconfigure;

import dev.llmrouter.client.InvalidLlmClientException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports an {@link InvalidLlmClientException} at start-up with the method that cannot be
 * served and the fix.
 *
 * @author llm-router
 */
class LlmClientFailureAnalyzer extends AbstractFailureAnalyzer<InvalidLlmClientException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidLlmClientException cause) {
		return new FailureAnalysis("An @LlmClient method cannot be served.\n\n    Method: " + cause.method()
				+ "\n    Problem: " + cause.problem() + "\n", "Update the interface: " + cause.action(), cause);
	}

}
