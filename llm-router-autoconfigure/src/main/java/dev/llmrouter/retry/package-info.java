/**
 * Retry policy, backoff and the Resilience4j retry engine.
 */
@NullMarked
package dev.llmrouter.retry;

import org.jspecify.annotations.NullMarked;
