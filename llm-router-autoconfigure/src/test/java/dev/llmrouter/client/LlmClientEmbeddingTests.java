package dev.llmrouter.client;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import dev.llmrouter.EmbeddingResponse;
import dev.llmrouter.client.embeddings.Embedder;
import dev.llmrouter.client.embeddings.EmbeddingsTestApplication;
import dev.llmrouter.client.embeddings.FallingBackEmbedder;
import dev.llmrouter.error.LlmTimeoutException;
import dev.llmrouter.error.ServiceUnavailableException;
import dev.llmrouter.test.EmbeddingWire;
import dev.llmrouter.test.MockLlmServer;
import dev.llmrouter.test.MockLlmServer.Reply;
import dev.llmrouter.test.TestTimer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * {@code @LlmClient} embedding methods (CONTRACT §5) in a user application, against a
 * loopback OpenAI-compatible server: vectors for one text and for many, their
 * {@code Mono} forms, and the interface's and method's overrides. Waits run on a
 * virtual-time timer.
 */
@SpringBootTest(classes = EmbeddingsTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE)
class LlmClientEmbeddingTests {

	private static final float[] FIRST = { 0.0023064255f, -0.009327292f, 0.015797347f };

	private static final float[] SECOND = { 1.0f / 3, -2.0f / 3, Float.MIN_VALUE };

	private static final MockLlmServer server = new MockLlmServer();

	private static final JsonMapper json = JsonMapper.builder().build();

	@Autowired
	private Embedder embedder;

	@Autowired
	private FallingBackEmbedder fallingBack;

	@Autowired
	private TestTimer timer;

	private int hitsBefore;

	@DynamicPropertySource
	static void groups(DynamicPropertyRegistry registry) {
		registry.add("llm.router.allowed-fails", () -> 1000);
		group(registry, "embed", "text-embedding-3-small");
		group(registry, "embed-backup", "backup-embedding-model");
	}

	private static void group(DynamicPropertyRegistry registry, String group, String model) {
		String deployment = "llm.router.groups." + group + ".deployments.main.";
		registry.add(deployment + "model", () -> model);
		registry.add(deployment + "base-url", server::baseUrl);
	}

	@BeforeEach
	void countHits() {
		this.hitsBefore = server.hits();
	}

	@AfterAll
	static void close() {
		server.close();
	}

	@Test
	void whenEmbedThenTheTextIsTheOnlyInputAndTheVectorIsExact() {
		server.enqueue(EmbeddingWire.base64(FIRST));
		assertThat(this.embedder.embed("hello")).containsExactly(FIRST);
		JsonNode body = lastBody();
		assertThat(body.get("model").asString()).isEqualTo("text-embedding-3-small");
		assertThat(body.get("input").size()).isEqualTo(1);
		assertThat(body.get("input").get(0).asString()).isEqualTo("hello");
		assertThat(body.has("messages")).isFalse();
	}

	@Test
	void whenEmbedAllThenEveryTextIsAnInputAndVectorsComeInOrder() {
		server.enqueue(EmbeddingWire.floats(FIRST, SECOND));
		List<float[]> vectors = this.embedder.embedAll(List.of("one", "two"));
		assertThat(vectors).hasSize(2);
		assertThat(vectors.get(0)).containsExactly(FIRST);
		assertThat(vectors.get(1)).containsExactly(SECOND);
		JsonNode input = lastBody().get("input");
		assertThat(input.size()).isEqualTo(2);
		assertThat(input.get(0).asString()).isEqualTo("one");
		assertThat(input.get(1).asString()).isEqualTo("two");
	}

	@Test
	void whenEmbedAsyncThenTheMonoGivesTheVector() {
		server.enqueue(EmbeddingWire.base64(SECOND));
		assertThat(this.embedder.embedAsync("hello").block(Duration.ofSeconds(20))).containsExactly(SECOND);
	}

	@Test
	void whenEmbedAllAsyncThenTheMonoGivesTheVectors() {
		server.enqueue(EmbeddingWire.base64(FIRST, SECOND));
		List<float[]> vectors = this.embedder.embedAllAsync(List.of("one", "two")).block(Duration.ofSeconds(20));
		assertThat(vectors).hasSize(2);
		assertThat(vectors.get(1)).containsExactly(SECOND);
	}

	@Test
	void whenEmbedAllIsGivenNoTextsThenNoCallIsMade() {
		assertThat(this.embedder.embedAll(List.of())).isEmpty();
		assertThat(this.embedder.embedAllAsync(List.of()).block(Duration.ofSeconds(5))).isEmpty();
		assertThat(server.hits()).isEqualTo(this.hitsBefore);
	}

	@Test
	void whenTheTextIsNullThenIllegalArgumentNamingTheMethod() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.embedder.embed(null))
			.withMessageContaining("Embedder#embed");
		assertThat(server.hits()).isEqualTo(this.hitsBefore);
	}

	@Test
	void whenMethodReturnsEmbeddingResponseThenUsageAndMetadataCome() {
		server.enqueue(EmbeddingWire.base64(FIRST, SECOND));
		EmbeddingResponse response = this.embedder.embedWithMetadata(List.of("one", "two"));
		assertThat(response.embeddings()).hasSize(2);
		assertThat(response.usage().promptTokens()).isEqualTo(8);
		assertThat(response.metadata().modelGroup()).isEqualTo("embed");
	}

	@Test
	void whenLlmCallSetsNoRetriesThenTheFirstFailureEndsTheCall() {
		server.enqueue(Reply.status(503), EmbeddingWire.base64(FIRST));
		assertThatExceptionOfType(ServiceUnavailableException.class).isThrownBy(() -> this.embedder.embedOnce("x"));
		assertThat(server.hits()).isEqualTo(this.hitsBefore + 1);
		assertThat(this.embedder.embed("drain the scripted answer")).containsExactly(FIRST);
	}

	@Test
	void whenLlmCallSetsATimeoutThenTheAttemptTimesOutAfterIt() throws Exception {
		server.enqueue(Reply.hang());
		CompletableFuture<float[]> call = this.embedder.embedQuickly("x").toFuture();
		Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> server.hits() == this.hitsBefore + 1);
		this.timer.step(Duration.ofSeconds(3));
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(call::get)
			.withCauseExactlyInstanceOf(LlmTimeoutException.class);
	}

	@Test
	void whenLlmCallNamesAnotherGroupThenThatGroupServes() {
		server.enqueue(EmbeddingWire.base64(FIRST));
		this.embedder.embedOnBackup("x");
		assertThat(lastBody().get("model").asString()).isEqualTo("backup-embedding-model");
	}

	@Test
	void whenTheInterfaceNamesFallbacksThenTheyServeAfterTheGroupFails() {
		server.enqueue(Reply.status(500), EmbeddingWire.base64(SECOND));
		EmbeddingResponse response = this.fallingBack.embed("x");
		assertThat(response.vector()).containsExactly(SECOND);
		assertThat(response.metadata().modelGroup()).isEqualTo("embed-backup");
		assertThat(response.metadata().attempts()).hasSize(2);
		assertThat(lastBody().get("model").asString()).isEqualTo("backup-embedding-model");
	}

	private static JsonNode lastBody() {
		List<MockLlmServer.RecordedRequest> requests = server.requests();
		MockLlmServer.RecordedRequest last = requests.get(requests.size() - 1);
		assertThat(last.uri()).endsWith("/v1/embeddings");
		return json.readTree(last.body());
	}

}
