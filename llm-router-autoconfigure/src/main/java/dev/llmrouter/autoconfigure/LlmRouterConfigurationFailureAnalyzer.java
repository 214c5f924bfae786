package dev.llmrouter.autoconfigure;

import dev.llmrouter.routing.InvalidRouterConfigurationException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports an {@link InvalidRouterConfigurationException} at start-up with the property
 * that caused it and the fix.
 *
 * @author llm-router
 */
class LlmRouterConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<InvalidRouterConfigurationException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidRouterConfigurationException cause) {
		return new FailureAnalysis("The LLM router configuration is invalid.\n\n    Property: " + cause.property()
				+ "\n    Problem: " + cause.problem() + "\n",
				"Update your application's configuration: " + cause.action(), cause);
	}

}
