/**
 * What the built-in provider adapters share and users should not call.
 */
@NullMarked
package dev.llmrouter.provider.internal;

import org.jspecify.annotations.NullMarked;
