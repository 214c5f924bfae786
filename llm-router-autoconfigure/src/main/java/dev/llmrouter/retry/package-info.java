/**
 * The retry rules as values: per-error-type retry counts
 * ({@link dev.llmrouter.retry.RetryPolicy}) and the backoff between retries
 * ({@link dev.llmrouter.retry.Backoff}).
 */
@NullMarked
package dev.llmrouter.retry;

import org.jspecify.annotations.NullMarked;
