/**
 * A simulated OpenAI-compatible provider served by the sample app itself, with a
 * configurable mix of failures, latency and token pacing per simulated deployment.
 */
@NullMarked
package dev.llmrouter.sample.sim;

import org.jspecify.annotations.NullMarked;
