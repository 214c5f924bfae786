/**
 * The {@code anthropic} adapter: Anthropic's Messages API.
 */
@NullMarked
package dev.llmrouter.provider.anthropic;

import org.jspecify.annotations.NullMarked;
