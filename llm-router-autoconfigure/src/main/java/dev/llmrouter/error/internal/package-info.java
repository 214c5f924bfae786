/**
 * The one place that classifies failures, and the parsing of providers' wait hints.
 * Internal: not for use outside llm-router.
 */
@NullMarked
package dev.llmrouter.error.internal;

import org.jspecify.annotations.NullMarked;
