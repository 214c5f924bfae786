package dev.llmrouter;

/**
 * Token usage reported by the provider.
 *
 * @param promptTokens tokens in the prompt
 * @param completionTokens tokens in the completion
 * @param totalTokens prompt and completion tokens together
 */
public record Usage(long promptTokens, long completionTokens, long totalTokens) {

}
