package dev.llmrouter.provider.openai;

import java.util.List;
import java.util.function.Consumer;

import dev.llmrouter.ChatChunk;
import dev.llmrouter.ChatRequest;
import dev.llmrouter.ChatResponse;
import dev.llmrouter.EmbeddingRequest;
import dev.llmrouter.LlmRouter;
import dev.llmrouter.test.MockLlmServer;
import dev.llmrouter.test.MockLlmServer.RecordedRequest;
import dev.llmrouter.test.MockLlmServer.Reply;
import dev.llmrouter.test.TestTimer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the request paths of the {@code azure-openai} adapter over real HTTP: the
 * classic deployments path with {@code api-version}, and the v1 API, for chat, streams
 * and embeddings, with the key in {@code api-key}.
 */
class AzureOpenAiPathTests {

	private static final String API_KEY = "azure-test-SECRETKEY1234567890";

	private final MockLlmServer server = new MockLlmServer();

	private final TestTimer timer = new TestTimer();

	@AfterEach
	void close() {
		this.server.close();
	}

	@Test
	void whenAzureDeploymentIsSetThenChatGoesToTheDeploymentsPathWithTheDefaultApiVersion() {
		ChatResponse response = router((d) -> d.baseUrl(root()).azureDeployment("gpt-4o-prod"))
			.chat(ChatRequest.of("gpt", "hi"));
		assertThat(response.content()).isNotEmpty();
		RecordedRequest request = lastRequest();
		assertThat(request.uri()).isEqualTo("/openai/deployments/gpt-4o-prod/chat/completions?api-version=2024-10-21");
		assertThat(request.header("api-key")).isEqualTo(API_KEY);
		assertThat(request.header("Authorization")).isNull();
	}

	@Test
	void whenApiVersionIsSetThenItIsTheQuery() {
		router((d) -> d.baseUrl(root() + "/").azureDeployment("gpt-4o-prod").apiVersion("2025-04-01-preview"))
			.chat(ChatRequest.of("gpt", "hi"));
		assertThat(lastRequest().uri())
			.isEqualTo("/openai/deployments/gpt-4o-prod/chat/completions?api-version=2025-04-01-preview");
	}

	@Test
	void whenAzureDeploymentIsSetThenStreamGoesToTheDeploymentsPath() {
		this.server.enqueue(Reply.sse("Hel", "lo"));
		List<ChatChunk> chunks = router((d) -> d.baseUrl(root()).azureDeployment("gpt-4o-prod"))
			.stream(ChatRequest.of("gpt", "hi"))
			.collectList()
			.block();
		assertThat(ChatResponse.fromChunks(chunks).content()).isEqualTo("Hello");
		RecordedRequest request = lastRequest();
		assertThat(request.uri()).isEqualTo("/openai/deployments/gpt-4o-prod/chat/completions?api-version=2024-10-21");
		assertThat(request.streaming()).isTrue();
		assertThat(request.header("api-key")).isEqualTo(API_KEY);
	}

	@Test
	void whenAzureDeploymentIsSetThenEmbeddingsGoToTheDeploymentsPath() {
		this.server.enqueue(Reply.embeddings(new float[] { 1, 2, 3 }));
		float[] vector = embeddingRouter(
				(d) -> d.baseUrl(root()).azureDeployment("embed-prod").apiVersion("2024-06-01"))
			.embed(EmbeddingRequest.of("embed", List.of("text")))
			.embeddings()
			.get(0)
			.vector();
		assertThat(vector).containsExactly(1, 2, 3);
		RecordedRequest request = lastRequest();
		assertThat(request.uri()).isEqualTo("/openai/deployments/embed-prod/embeddings?api-version=2024-06-01");
		assertThat(request.header("api-key")).isEqualTo(API_KEY);
	}

	@Test
	void whenAzureDeploymentIsNotSetThenChatGoesToTheV1ApiWithTheModelAsDeploymentName() {
		router((d) -> d.baseUrl(root())).chat(ChatRequest.of("gpt", "hi"));
		RecordedRequest request = lastRequest();
		assertThat(request.uri()).isEqualTo("/openai/v1/chat/completions");
		assertThat(request.json().get("model").asString()).isEqualTo("gpt-4o-prod");
		assertThat(request.header("api-key")).isEqualTo(API_KEY);
	}

	@Test
	void whenBaseUrlEndsInOpenAiV1ThenItIsUsedAsItIs() {
		router((d) -> d.baseUrl(root() + "/openai/v1/")).chat(ChatRequest.of("gpt", "hi"));
		assertThat(lastRequest().uri()).isEqualTo("/openai/v1/chat/completions");
	}

	@Test
	void whenAzureDeploymentIsNotSetThenStreamAndEmbeddingsGoToTheV1Api() {
		this.server.enqueue(Reply.sse("a"));
		router((d) -> d.baseUrl(root())).stream(ChatRequest.of("gpt", "hi")).blockLast();
		assertThat(lastRequest().uri()).isEqualTo("/openai/v1/chat/completions");
		this.server.enqueue(Reply.embeddings(new float[] { 1 }));
		embeddingRouter((d) -> d.baseUrl(root() + "/openai/v1")).embed(EmbeddingRequest.of("embed", "text"));
		assertThat(lastRequest().uri()).isEqualTo("/openai/v1/embeddings");
		assertThat(lastRequest().header("api-key")).isEqualTo(API_KEY);
	}

	@Test
	void whenOneAdapterServesSeveralDeploymentsThenEachKeepsItsOwnPath() {
		LlmRouter router = LlmRouter.builder()
			.numRetries(0)
			.timer(this.timer)
			.group("a", (g) -> g.deployment("a1", (d) -> azure(d).baseUrl(root()).azureDeployment("first")))
			.group("b", (g) -> g.deployment("b1", (d) -> azure(d).baseUrl(root())))
			.build();
		router.chat(ChatRequest.of("a", "hi"));
		router.chat(ChatRequest.of("b", "hi"));
		router.chat(ChatRequest.of("a", "hi"));
		assertThat(this.server.requests()).extracting(RecordedRequest::uri)
			.containsExactly("/openai/deployments/first/chat/completions?api-version=2024-10-21",
					"/openai/v1/chat/completions", "/openai/deployments/first/chat/completions?api-version=2024-10-21");
	}

	private String root() {
		return "http://127.0.0.1:" + this.server.port();
	}

	private LlmRouter router(Consumer<LlmRouter.DeploymentSpec> customizer) {
		return LlmRouter.builder()
			.numRetries(0)
			.timer(this.timer)
			.group("gpt", (group) -> group.deployment("east", (deployment) -> customizer.accept(azure(deployment))))
			.build();
	}

	private LlmRouter embeddingRouter(Consumer<LlmRouter.DeploymentSpec> customizer) {
		return LlmRouter.builder()
			.numRetries(0)
			.timer(this.timer)
			.group("embed",
					(group) -> group.deployment("east",
							(deployment) -> customizer.accept(azure(deployment).model("text-embedding-3-small"))))
			.build();
	}

	private static LlmRouter.DeploymentSpec azure(LlmRouter.DeploymentSpec deployment) {
		return deployment.provider("azure-openai").model("gpt-4o-prod").apiKey(API_KEY);
	}

	private RecordedRequest lastRequest() {
		List<RecordedRequest> requests = this.server.requests();
		assertThat(requests).isNotEmpty();
		return requests.get(requests.size() - 1);
	}

}
