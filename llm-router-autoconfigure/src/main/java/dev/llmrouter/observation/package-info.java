/**
 * Listener SPI, Micrometer meters and observations.
 */
@NullMarked
package dev.llmrouter.observation;

import org.jspecify.annotations.NullMarked;
