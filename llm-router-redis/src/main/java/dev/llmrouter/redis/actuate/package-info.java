/**
 * Actuator support of the Redis state store.
 */
@NullMarked
package dev.llmrouter.redis.actuate;

import org.jspecify.annotations.NullMarked;
