package dev.llmrouter.actuate;

import dev.llmrouter.ChatChunk;
import dev.llmrouter.ChatRequest;
import dev.llmrouter.ChatResponse;
import dev.llmrouter.LlmRouter;
import dev.llmrouter.actuate.LlmRouterEndpoint.GroupDescriptor;
import dev.llmrouter.actuate.LlmRouterEndpoint.RouterDescriptor;
import dev.llmrouter.provider.LlmProvider;
import dev.llmrouter.provider.ProviderEndpoint;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code llmrouter} endpoint shows which groups serve embedding calls: those whose
 * every deployment's adapter does.
 */
class LlmRouterEndpointEmbeddingTests {

	private static final String URL = "http://127.0.0.1:9/v1";

	private final LlmRouterEndpoint endpoint = new LlmRouterEndpoint(LlmRouter.builder()
		.component(LlmProvider.class, new ChatOnlyProvider())
		.group("embed", (g) -> g.deployment("a", (d) -> d.model("text-embedding-3-small").baseUrl(URL)))
		.group("mixed",
				(g) -> g.deployment("a", (d) -> d.model("text-embedding-3-small").baseUrl(URL))
					.deployment("b", (d) -> d.provider("chat-only").model("m").baseUrl(URL)))
		.group("chat", (g) -> g.deployment("c", (d) -> d.provider("chat-only").model("m").baseUrl(URL)))
		.build());

	@Test
	void whenEveryDeploymentsAdapterEmbedsThenTheGroupServesEmbeddings() {
		RouterDescriptor router = this.endpoint.router();
		assertThat(router.groups().get("embed").embeddings()).isTrue();
		assertThat(router.groups().get("embed").deployments().get("a").embeddings()).isTrue();
	}

	@Test
	void whenOneDeploymentsAdapterCannotEmbedThenTheGroupDoesNotServeEmbeddings() {
		GroupDescriptor mixed = this.endpoint.group("mixed");
		assertThat(mixed).isNotNull();
		assertThat(mixed.embeddings()).isFalse();
		assertThat(mixed.deployments().get("a").embeddings()).isTrue();
		assertThat(mixed.deployments().get("b").embeddings()).isFalse();
	}

	@Test
	void whenNoDeploymentsAdapterEmbedsThenTheGroupDoesNotServeEmbeddings() {
		assertThat(this.endpoint.router().groups().get("chat").embeddings()).isFalse();
	}

	/** An adapter with chat only, as one for a provider without embeddings would be. */
	static final class ChatOnlyProvider implements LlmProvider {

		@Override
		public String id() {
			return "chat-only";
		}

		@Override
		public Mono<ChatResponse> chat(ProviderEndpoint endpoint, ChatRequest request) {
			return Mono.error(new UnsupportedOperationException());
		}

		@Override
		public Flux<ChatChunk> stream(ProviderEndpoint endpoint, ChatRequest request) {
			return Flux.error(new UnsupportedOperationException());
		}

	}

}
