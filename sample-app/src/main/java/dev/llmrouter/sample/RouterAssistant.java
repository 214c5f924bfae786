package dev.llmrouter.sample;

import dev.llmrouter.ChatChunk;
import dev.llmrouter.ChatMessage;
import dev.llmrouter.ChatRequest;
import dev.llmrouter.ChatResponse;
import dev.llmrouter.LlmRouter;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * {@link Assistant} calls made on {@link LlmRouter} directly: what the
 * {@code @LlmClient("fast")} interface {@code SampleAssistant} does for you.
 *
 * @author llm-router
 */
@Component
public class RouterAssistant implements Assistant {

	static final String GROUP = "fast";

	static final String SYSTEM_MESSAGE = "You are a concise assistant.";

	private final LlmRouter router;

	RouterAssistant(LlmRouter router) {
		this.router = router;
	}

	@Override
	public Mono<ChatResponse> ask(String question) {
		return this.router.chatAsync(request(question));
	}

	@Override
	public Flux<String> askStreaming(String question) {
		return this.router.stream(request(question)).map(ChatChunk::content).filter((content) -> !content.isEmpty());
	}

	private ChatRequest request(String question) {
		return ChatRequest.builder()
			.model(GROUP)
			.message(ChatMessage.system(SYSTEM_MESSAGE))
			.message(ChatMessage.user(question))
			.build();
	}

}
