package dev.llmrouter.client.app;

import java.util.concurrent.CompletableFuture;

import dev.llmrouter.ChatChunk;
import dev.llmrouter.ChatRequest;
import dev.llmrouter.ChatResponse;
import dev.llmrouter.client.LlmCall;
import dev.llmrouter.client.LlmClient;
import dev.llmrouter.client.Param;
import dev.llmrouter.client.SystemMessage;
import dev.llmrouter.client.UserMessage;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

@LlmClient("gpt-4")
@SystemMessage("You are a concise assistant.")
public interface Assistant {

	String ask(String question);

	@UserMessage("Translate {text} into {language}.")
	String translate(@Param("text") String text, @Param("language") String language);

	@UserMessage("Summarise in {words} words: {text}")
	String summarise(String text, int words);

	@SystemMessage("Answer in {language}.")
	String askIn(String question, @Param("language") String language);

	@UserMessage("Tell me a joke.")
	String joke();

	Flux<String> askStreaming(String question);

	Flux<ChatChunk> askChunks(String question);

	Mono<String> askAsync(String question);

	Mono<ChatResponse> askAsyncWithMetadata(String question);

	CompletableFuture<String> askLater(String question);

	CompletableFuture<ChatResponse> askLaterWithMetadata(String question);

	ChatResponse askWithMetadata(String question);

	ChatResponse chat(ChatRequest request);

	@LlmCall(model = "gpt-4-long")
	String askLong(String question);

	default String askPolitely(String question) {
		return ask("Please, " + question);
	}

}
