package dev.llmrouter.autoconfigure;

import dev.llmrouter.client.InvalidLlmClientException;
import dev.llmrouter.client.LlmClientFactory;
import dev.llmrouter.client.bad.twostrings.TwoStrings;
import dev.llmrouter.LlmRouter;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The start-up report of an {@code @LlmClient} method the proxy cannot serve.
 */
class LlmClientFailureAnalyzerTests {

	@Test
	void whenClientMethodCannotBeServedThenAnalysisNamesMethodAndFix() {
		InvalidLlmClientException cause = catchThrowableOfType(InvalidLlmClientException.class,
				() -> new LlmClientFactory(LlmRouter.builder()
					.group("gpt-4",
							(group) -> group.deployment("main",
									(deployment) -> deployment.model("gpt-4o").baseUrl("http://127.0.0.1:9/v1")))
					.build()).create(TwoStrings.class));
		FailureAnalysis analysis = new LlmClientFailureAnalyzer().analyze(
				new BeanCreationException(TwoStrings.class.getName(), "Instantiation of supplied bean failed", cause));
		assertThat(analysis.getDescription()).contains("Method: " + TwoStrings.class.getName() + "#translate")
			.contains("Problem: parameters 'text' and 'language' are both unannotated Strings");
		assertThat(analysis.getAction())
			.startsWith("Update the interface: Keep one String parameter as the user message");
	}

}
