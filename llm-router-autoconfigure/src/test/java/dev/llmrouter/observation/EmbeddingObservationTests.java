package dev.llmrouter.observation;

import dev.llmrouter.EmbeddingRequest;
import dev.llmrouter.LlmRouter;
import dev.llmrouter.test.EmbeddingWire;
import dev.llmrouter.test.MockLlmServer;
import dev.llmrouter.test.MockLlmServer.Reply;
import dev.llmrouter.test.TestTimer;
import io.micrometer.common.KeyValue;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The observations of embedding calls: the same call and attempt observations as chat,
 * with {@code gen_ai.operation.name=embeddings} and input tokens only.
 */
class EmbeddingObservationTests {

	private static final float[] VECTOR = { 0.25f, -0.5f, 0.75f };

	private final MockLlmServer server = new MockLlmServer();

	private final TestTimer timer = new TestTimer();

	private final TestObservationRegistry observations = TestObservationRegistry.create();

	@AfterEach
	void close() {
		this.server.close();
	}

	@Test
	void whenEmbeddingCallSucceedsThenOneCallObservationNamedEmbeddings() throws Exception {
		this.server.enqueue(EmbeddingWire.base64(VECTOR));
		this.timer.run(router(this.observations).embedAsync(EmbeddingRequest.of("embed", "hi"))).get();
		TestObservationRegistryAssert.assertThat(this.observations)
			.hasNumberOfObservationsWithNameEqualTo("gen_ai.client.operation.duration", 1)
			.hasObservationWithNameEqualTo("gen_ai.client.operation.duration")
			.that()
			.hasContextualNameEqualTo("embeddings embed")
			.hasLowCardinalityKeyValue("gen_ai.operation.name", "embeddings")
			.hasLowCardinalityKeyValue("gen_ai.system", "openai")
			.hasLowCardinalityKeyValue("gen_ai.request.model", "embed")
			.hasLowCardinalityKeyValue("gen_ai.response.model", "text-embedding-3-small")
			.hasLowCardinalityKeyValue("error.type", "none")
			.hasHighCardinalityKeyValue("gen_ai.usage.input_tokens", "8")
			.doesNotHaveHighCardinalityKeyValueWithKey("gen_ai.usage.output_tokens")
			.hasHighCardinalityKeyValue("llm.router.deployment", "a")
			.doesNotHaveError();
	}

	@Test
	void whenEmbeddingAttemptFailsThenEachAttemptIsAChildEmbeddingsObservation() throws Exception {
		this.server.enqueue(Reply.status(503), EmbeddingWire.base64(VECTOR));
		this.timer.run(router(this.observations).embedAsync(EmbeddingRequest.of("embed", "hi"))).get();
		TestObservationRegistryAssert.assertThat(this.observations)
			.hasNumberOfObservationsWithNameEqualTo("llm.router.attempt", 2)
			.forAllObservationsWithNameEqualTo("llm.router.attempt",
					(attempt) -> attempt.hasContextualNameEqualTo("embeddings m")
						.hasLowCardinalityKeyValue("gen_ai.operation.name", "embeddings")
						.hasParentObservation())
			.hasAnObservation((attempt) -> attempt.hasNameEqualTo("llm.router.attempt")
				.hasLowCardinalityKeyValue("error.type", "ServiceUnavailableException")
				.hasHighCardinalityKeyValue("http.response.status_code", "503"))
			.hasObservationWithNameEqualTo("gen_ai.client.operation.duration")
			.that()
			.hasHighCardinalityKeyValue("llm.router.retry.count", "1");
	}

	@Test
	void whenMeterHandlersRegisteredThenTokenUsageRecordsInputTokensOnly() throws Exception {
		MeterRegistry meters = new SimpleMeterRegistry();
		ObservationRegistry registry = ObservationRegistry.create();
		registry.observationConfig()
			.observationHandler(new DefaultMeterObservationHandler(meters))
			.observationHandler(new GenAiTokenUsageObservationHandler(meters));
		this.server.enqueue(EmbeddingWire.base64(VECTOR));
		this.timer.run(router(registry).embedAsync(EmbeddingRequest.of("embed", "hi"))).get();
		assertThat(meters.get("gen_ai.client.operation.duration")
			.tags("gen_ai.operation.name", "embeddings", "gen_ai.request.model", "embed")
			.timer()
			.count()).isEqualTo(1);
		DistributionSummary input = meters.get("gen_ai.client.token.usage")
			.tags("gen_ai.token.type", "input", "gen_ai.operation.name", "embeddings")
			.summary();
		assertThat(input.totalAmount()).isEqualTo(8);
		assertThat(meters.find("gen_ai.client.token.usage").tags("gen_ai.token.type", "output").summary()).isNull();
	}

	@Test
	void whenObservedThenNoInputTextInAnyKeyValue() throws Exception {
		this.server.enqueue(EmbeddingWire.base64(VECTOR));
		this.timer.run(router(this.observations).embedAsync(EmbeddingRequest.of("embed", "the secret input"))).get();
		TestObservationRegistryAssert.assertThat(this.observations).hasHandledContextsThatSatisfy((contexts) -> {
			assertThat(contexts).hasSize(2);
			for (Observation.Context context : contexts) {
				for (KeyValue keyValue : context.getAllKeyValues()) {
					assertThat(keyValue.getValue()).doesNotContain("secret");
				}
			}
		});
	}

	private LlmRouter router(ObservationRegistry registry) {
		return LlmRouter.builder()
			.timer(this.timer)
			.random(() -> 0.5)
			.component(ObservationRegistry.class, registry)
			.group("embed", (group) -> group.deployment("a",
					(deployment) -> deployment.model("m").baseUrl(this.server.baseUrl()).apiKey("sk-test-123456789")))
			.build();
	}

}
