/**
 * Deployment state shared across the instances of an application through Redis:
 * {@link dev.llmrouter.redis.RedisDeploymentStateStore}.
 */
@NullMarked
package dev.llmrouter.redis;

import org.jspecify.annotations.NullMarked;
