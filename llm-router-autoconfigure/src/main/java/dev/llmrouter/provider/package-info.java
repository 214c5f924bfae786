/**
 * The provider SPI: one attempt against one deployment.
 */
@NullMarked
package dev.llmrouter.provider;

import org.jspecify.annotations.NullMarked;
