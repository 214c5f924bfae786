/**
 * The sample application.
 */
@NullMarked
package dev.llmrouter.sample;

import org.jspecify.annotations.NullMarked;
