/**
 * The exception family of the router: every failure a caller sees is an
 * {@link dev.llmrouter.error.LlmException} with one
 * {@link dev.llmrouter.error.ErrorType}.
 */
@NullMarked
package dev.llmrouter.error;

import org.jspecify.annotations.NullMarked;
