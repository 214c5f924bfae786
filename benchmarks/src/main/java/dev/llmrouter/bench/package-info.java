/**
 * Side-by-side performance harness: a loopback mock OpenAI server in its own JVM, the
 * arms that call it, the interleaved driver and the report.
 */
@NullMarked
package dev.llmrouter.bench;

import org.jspecify.annotations.NullMarked;
