package dev.llmrouter.client.structured;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import dev.llmrouter.client.LlmClient;
import dev.llmrouter.client.SystemMessage;
import reactor.core.publisher.Mono;

@LlmClient("gpt-4")
@SystemMessage("Classify the sentiment.")
public interface Classifier {

	Verdict classify(String text);

	Mono<Verdict> classifyAsync(String text);

	List<Verdict> classifyAll(String text);

	CompletableFuture<List<Verdict>> classifyAllLater(String text);

	Sentiment sentiment(String text);

	Order extract(String text);

}
