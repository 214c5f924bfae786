/**
 * The public API: {@link dev.llmrouter.LlmRouter} and the request, response and metadata
 * types.
 */
@NullMarked
package dev.llmrouter;

import org.jspecify.annotations.NullMarked;
