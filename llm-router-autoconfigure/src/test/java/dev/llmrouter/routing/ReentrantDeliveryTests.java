package dev.llmrouter.routing;

import java.time.Duration;
import java.util.List;

import dev.llmrouter.ChatChunk;
import dev.llmrouter.ChatRequest;
import dev.llmrouter.ChatResponse;
import dev.llmrouter.LlmRouter;
import dev.llmrouter.provider.LlmProvider;
import dev.llmrouter.provider.ProviderEndpoint;
import dev.llmrouter.test.TestTimer;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A stream whose attempt emits synchronously when asked for more, to a caller that asks
 * for one chunk at a time from within its {@code onNext}: every chunk arrives, in order,
 * and the stream completes.
 */
class ReentrantDeliveryTests {

	private static final List<ChatChunk> CHUNKS = List.of(new ChatChunk("a", null, null),
			new ChatChunk("b", null, null), new ChatChunk("c", null, null), new ChatChunk("", "stop", null));

	private final LlmRouter router = LlmRouter.builder()
		.timer(new TestTimer())
		.component(LlmProvider.class, new SynchronousProvider())
		.group("gpt",
				(group) -> group.deployment("only",
						(deployment) -> deployment.provider("sync").model("m").baseUrl("http://127.0.0.1:9/v1")))
		.build();

	@Test
	void whenTheCallerRequestsOneAtATimeFromOnNextThenEveryChunkArrivesAndTheStreamCompletes() {
		List<String> contents = this.router.stream(ChatRequest.of("gpt", "hi"))
			.limitRate(1)
			.map(ChatChunk::content)
			.collectList()
			.block(Duration.ofSeconds(10));
		assertThat(contents).containsExactly("a", "b", "c", "");
	}

	@Test
	void whenTheCallerRequestsOneByOneThenEachRequestGetsOneChunk() {
		StepVerifier.create(this.router.stream(ChatRequest.of("gpt", "hi")).map(ChatChunk::content), 1)
			.expectNext("a")
			.thenRequest(2)
			.expectNext("b", "c")
			.thenRequest(1)
			.expectNext("")
			.expectComplete()
			.verify(Duration.ofSeconds(10));
	}

	private static final class SynchronousProvider implements LlmProvider {

		@Override
		public String id() {
			return "sync";
		}

		@Override
		public Mono<ChatResponse> chat(ProviderEndpoint endpoint, ChatRequest request) {
			return Mono.error(new UnsupportedOperationException());
		}

		@Override
		public Flux<ChatChunk> stream(ProviderEndpoint endpoint, ChatRequest request) {
			return Flux.fromIterable(CHUNKS);
		}

	}

}
