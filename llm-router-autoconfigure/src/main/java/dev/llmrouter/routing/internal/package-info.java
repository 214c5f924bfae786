/**
 * The engine: the one attempt loop every call runs through, the pure retry decision, the
 * builder's implementation and the read-only view it publishes. Internal: not for use
 * outside llm-router.
 */
@NullMarked
package dev.llmrouter.routing.internal;

import org.jspecify.annotations.NullMarked;
