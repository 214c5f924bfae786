package dev.llmrouter.client.structured;

import org.jspecify.annotations.Nullable;

public record Verdict(Sentiment sentiment, double confidence, @Nullable String reason) {

}
