/**
 * TEMPORARY stand-ins for the {@code llmrouter} Actuator endpoint and the
 * {@code llm.router.*} meters, active only while {@code dev.llmrouter.actuate} is not on
 * the class path. Delete this package once the starter provides them.
 */
@NullMarked
package dev.llmrouter.sample.standin;

import org.jspecify.annotations.NullMarked;
