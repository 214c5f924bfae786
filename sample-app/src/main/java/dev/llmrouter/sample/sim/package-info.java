/**
 * The sample's simulated OpenAI-compatible provider: the project's test fixture
 * {@code MockLlmServer} started in-process, with a configurable mix of failures, latency
 * and token pacing per simulated deployment.
 */
@NullMarked
package dev.llmrouter.sample.sim;

import org.jspecify.annotations.NullMarked;
