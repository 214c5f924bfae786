/**
 * Auto-configuration of the LLM router and its configuration properties.
 */
@NullMarked
package dev.llmrouter.autoconfigure;

import org.jspecify.annotations.NullMarked;
