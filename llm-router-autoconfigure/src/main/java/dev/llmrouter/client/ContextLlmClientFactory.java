package dev.llmrouter.client;

import dev.llmrouter.LlmRouter;

import org.springframework.beans.factory.ObjectProvider;

/**
 * The shared {@link LlmClientFactory} that {@link AbstractLlmClientsRegistrar} registers
 * in an application context: structured answers are described and read as the context's
 * {@link StructuredOutputSettings} bean says, or with the defaults when there is none.
 * One constructor, so that ahead-of-time processing can generate its instantiation.
 *
 * @author llm-router
 */
class ContextLlmClientFactory extends LlmClientFactory {

	ContextLlmClientFactory(LlmRouter router, ObjectProvider<StructuredOutputSettings> structuredOutput) {
		super(router, structuredOutput.getIfUnique(StructuredOutputSettings::defaults));
	}

}
