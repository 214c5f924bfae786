/**
 * The sample's simulated providers, OpenAI-compatible and Anthropic: the project's test
 * fixture {@code MockLlmServer} started in-process, with a configurable mix of failures,
 * latency, token pacing and tool support per simulated deployment.
 */
@NullMarked
package dev.llmrouter.sample.sim;

import org.jspecify.annotations.NullMarked;
