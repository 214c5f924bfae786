/**
 * Actuator endpoint and health contributor of the router.
 */
@NullMarked
package dev.llmrouter.actuate;

import org.jspecify.annotations.NullMarked;
