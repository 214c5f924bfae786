/**
 * Declarative LLM clients: interfaces annotated {@link dev.llmrouter.client.LlmClient}
 * whose methods become calls through the {@link dev.llmrouter.LlmRouter}.
 */
@NullMarked
package dev.llmrouter.client;

import org.jspecify.annotations.NullMarked;
