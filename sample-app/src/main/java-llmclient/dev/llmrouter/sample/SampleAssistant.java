package dev.llmrouter.sample;

import dev.llmrouter.ChatResponse;
import dev.llmrouter.client.LlmClient;
import dev.llmrouter.client.SystemMessage;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The sample's declarative client: every call goes to the {@code fast} model group, with
 * its retries, cooldowns and fallbacks, and the same system message as
 * {@link RouterAssistant}.
 * <p>
 * Not compiled until {@code @LlmClient} is merged: move this file to
 * {@code src/main/java/dev/llmrouter/sample/} and change the constructor parameter of
 * {@link AskController} from {@code RouterAssistant} to {@code SampleAssistant}.
 *
 * @author llm-router
 */
@LlmClient("fast")
@SystemMessage("You are a concise assistant.")
public interface SampleAssistant extends Assistant {

	@Override
	Mono<ChatResponse> ask(String question);

	@Override
	Flux<String> askStreaming(String question);

}
