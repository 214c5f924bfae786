/**
 * Model groups, deployments, selection strategies, cooldowns and fallbacks: the router
 * itself.
 */
@NullMarked
package dev.llmrouter.routing;

import org.jspecify.annotations.NullMarked;
