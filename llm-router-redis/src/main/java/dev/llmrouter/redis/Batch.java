package dev.llmrouter.redis;

/**
 * Counts of one minute written to Redis together.
 *
 * @param minute the minute of the router's clock
 * @param requests requests started
 * @param tokens tokens used
 * @author llm-router
 */
record Batch(long minute, long requests, long tokens) {
}
