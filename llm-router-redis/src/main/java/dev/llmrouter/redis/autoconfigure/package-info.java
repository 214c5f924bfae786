/**
 * Auto-configuration of the Redis deployment state store.
 */
@NullMarked
package dev.llmrouter.redis.autoconfigure;

import org.jspecify.annotations.NullMarked;
