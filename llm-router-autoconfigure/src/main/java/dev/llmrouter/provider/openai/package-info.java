/**
 * The OpenAI-compatible provider adapter.
 */
@NullMarked
package dev.llmrouter.provider.openai;

import org.jspecify.annotations.NullMarked;
