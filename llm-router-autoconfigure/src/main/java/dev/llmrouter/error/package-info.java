/**
 * The exception family of the router and {@link dev.llmrouter.error.FailureClassifier},
 * the one place that classifies failures.
 */
@NullMarked
package dev.llmrouter.error;

import org.jspecify.annotations.NullMarked;
