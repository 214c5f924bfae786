/**
 * Routing as users see it: selection strategies, the read-only
 * {@link dev.llmrouter.RouterView} of groups, deployments and their live state, and the
 * {@link dev.llmrouter.routing.DeploymentStateStore} seam for state shared across
 * instances.
 */
@NullMarked
package dev.llmrouter.routing;

import dev.llmrouter.RouterView;
import org.jspecify.annotations.NullMarked;
