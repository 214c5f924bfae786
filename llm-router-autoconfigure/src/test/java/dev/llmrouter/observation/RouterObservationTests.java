package dev.llmrouter.observation;

import java.util.List;
import java.util.concurrent.ExecutionException;

import dev.llmrouter.ChatChunk;
import dev.llmrouter.ChatRequest;
import dev.llmrouter.LlmRouter;
import dev.llmrouter.error.InternalServerException;
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
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The observations of routed calls and their attempts: OpenTelemetry GenAI keys, parent
 * and child, and the meters Micrometer's handlers make of them.
 */
class RouterObservationTests {

	private final MockLlmServer server = new MockLlmServer();

	private final TestTimer timer = new TestTimer();

	private final TestObservationRegistry observations = TestObservationRegistry.create();

	@AfterEach
	void close() {
		this.server.close();
	}

	@Test
	void whenCallSucceedsThenOneChatObservationWithGenAiKeys() throws Exception {
		this.timer.run(router(this.observations).chatAsync(ChatRequest.of("gpt", "hi"))).get();
		TestObservationRegistryAssert.assertThat(this.observations)
			.hasNumberOfObservationsWithNameEqualTo("gen_ai.client.operation.duration", 1)
			.hasObservationWithNameEqualTo("gen_ai.client.operation.duration")
			.that()
			.hasContextualNameEqualTo("chat gpt")
			.hasLowCardinalityKeyValue("gen_ai.operation.name", "chat")
			.hasLowCardinalityKeyValue("gen_ai.system", "openai")
			.hasLowCardinalityKeyValue("gen_ai.request.model", "gpt")
			.hasLowCardinalityKeyValue("gen_ai.response.model", "mock-model")
			.hasLowCardinalityKeyValue("error.type", "none")
			.hasHighCardinalityKeyValue("gen_ai.usage.input_tokens", "9")
			.hasHighCardinalityKeyValue("gen_ai.usage.output_tokens", "12")
			.hasHighCardinalityKeyValue("llm.router.deployment", "a")
			.hasHighCardinalityKeyValue("llm.router.retry.count", "0")
			.doesNotHaveError();
	}

	@Test
	void whenAttemptFailsThenEachAttemptIsAChildObservation() throws Exception {
		this.server.enqueue(Reply.status(500));
		this.timer.run(router(this.observations).chatAsync(ChatRequest.of("gpt", "hi"))).get();
		TestObservationRegistryAssert.assertThat(this.observations)
			.hasNumberOfObservationsWithNameEqualTo("llm.router.attempt", 2)
			.forAllObservationsWithNameEqualTo("llm.router.attempt",
					(attempt) -> attempt.hasContextualNameEqualTo("chat m")
						.hasLowCardinalityKeyValue("gen_ai.request.model", "m")
						.hasLowCardinalityKeyValue("llm.router.deployment", "a")
						.hasLowCardinalityKeyValue("llm.router.model.group", "gpt")
						.hasParentObservation())
			.hasAnObservation((attempt) -> attempt.hasNameEqualTo("llm.router.attempt")
				.hasLowCardinalityKeyValue("error.type", "InternalServerException")
				.hasHighCardinalityKeyValue("http.response.status_code", "500")
				.hasHighCardinalityKeyValue("llm.router.attempt", "1"))
			.hasAnObservation((attempt) -> attempt.hasNameEqualTo("llm.router.attempt")
				.hasLowCardinalityKeyValue("error.type", "none")
				.hasLowCardinalityKeyValue("gen_ai.response.model", "mock-model")
				.hasHighCardinalityKeyValue("llm.router.attempt", "2"))
			.hasHandledContextsThatSatisfy(
					(contexts) -> assertThat(contexts).filteredOn(AttemptObservationContext.class::isInstance)
						.allSatisfy((attempt) -> assertThat(attempt.getParentObservation().getContextView().getName())
							.isEqualTo("gen_ai.client.operation.duration")));
	}

	@Test
	void whenCallFailsThenChatObservationHasTheErrorType() {
		this.server.byDefault(Reply.status(500));
		assertThatExceptionOfType(ExecutionException.class)
			.isThrownBy(() -> this.timer.run(router(this.observations).chatAsync(ChatRequest.of("gpt", "hi"))).get())
			.withCauseInstanceOf(InternalServerException.class);
		TestObservationRegistryAssert.assertThat(this.observations)
			.hasObservationWithNameEqualTo("gen_ai.client.operation.duration")
			.that()
			.hasLowCardinalityKeyValue("error.type", "InternalServerException")
			.hasLowCardinalityKeyValue("gen_ai.response.model", "m")
			.hasHighCardinalityKeyValue("llm.router.retry.count", "2")
			.hasError();
	}

	@Test
	void whenStreamingThenUsageFromTheLastChunk() {
		this.server.enqueue(Reply.sse("Hel", "lo"));
		List<ChatChunk> chunks = router(this.observations).stream(ChatRequest.of("gpt", "hi")).collectList().block();
		assertThat(chunks).isNotEmpty();
		TestObservationRegistryAssert.assertThat(this.observations)
			.hasNumberOfObservationsWithNameEqualTo("llm.router.attempt", 1)
			.hasObservationWithNameEqualTo("gen_ai.client.operation.duration")
			.that()
			.hasLowCardinalityKeyValue("gen_ai.response.model", "m")
			.hasHighCardinalityKeyValue("gen_ai.usage.input_tokens", "5")
			.hasHighCardinalityKeyValue("gen_ai.usage.output_tokens", "2");
	}

	@Test
	void whenMeterHandlersRegisteredThenOperationDurationAndTokenUsageRecorded() throws Exception {
		MeterRegistry meters = new SimpleMeterRegistry();
		ObservationRegistry registry = ObservationRegistry.create();
		registry.observationConfig()
			.observationHandler(new DefaultMeterObservationHandler(meters))
			.observationHandler(new GenAiTokenUsageObservationHandler(meters));
		this.timer.run(router(registry).chatAsync(ChatRequest.of("gpt", "hi"))).get();
		assertThat(meters.get("gen_ai.client.operation.duration")
			.tags("gen_ai.operation.name", "chat", "gen_ai.system", "openai", "gen_ai.request.model", "gpt",
					"gen_ai.response.model", "mock-model")
			.timer()
			.count()).isEqualTo(1);
		DistributionSummary input = meters.get("gen_ai.client.token.usage")
			.tags("gen_ai.token.type", "input", "gen_ai.request.model", "gpt", "gen_ai.response.model", "mock-model")
			.summary();
		DistributionSummary output = meters.get("gen_ai.client.token.usage")
			.tags("gen_ai.token.type", "output")
			.summary();
		assertThat(input.totalAmount()).isEqualTo(9);
		assertThat(output.totalAmount()).isEqualTo(12);
		assertThat(input.getId().getTag("error.type")).isNull();
	}

	@Test
	void whenObservedThenNoPromptOrCompletionTextInAnyKeyValue() throws Exception {
		this.server.enqueue(Reply.completion("the secret completion"));
		this.timer.run(router(this.observations).chatAsync(ChatRequest.of("gpt", "the secret prompt"))).get();
		TestObservationRegistryAssert.assertThat(this.observations).hasHandledContextsThatSatisfy((contexts) -> {
			assertThat(contexts).hasSize(2);
			for (Observation.Context context : contexts) {
				for (KeyValue keyValue : context.getAllKeyValues()) {
					assertThat(keyValue.getValue()).doesNotContain("secret");
				}
			}
		});
	}

	@Test
	void whenAttemptObservationsDisabledByPredicateThenOnlyTheCallIsObserved() throws Exception {
		this.observations.observationConfig()
			.observationPredicate((name, context) -> !name.equals("llm.router.attempt"));
		this.server.enqueue(Reply.status(500));
		this.timer.run(router(this.observations).chatAsync(ChatRequest.of("gpt", "hi"))).get();
		TestObservationRegistryAssert.assertThat(this.observations)
			.hasNumberOfObservationsEqualTo(1)
			.hasObservationWithNameEqualTo("gen_ai.client.operation.duration")
			.that()
			.hasLowCardinalityKeyValue("gen_ai.system", "openai");
	}

	@Test
	void whenCallObservationsDisabledByPredicateThenNothingIsObserved() throws Exception {
		this.observations.observationConfig().observationPredicate((name, context) -> false);
		this.timer.run(router(this.observations).chatAsync(ChatRequest.of("gpt", "hi"))).get();
		TestObservationRegistryAssert.assertThat(this.observations).doesNotHaveAnyObservation();
	}

	private LlmRouter router(ObservationRegistry registry) {
		return LlmRouter.builder()
			.timer(this.timer)
			.random(() -> 0.5)
			.component(ObservationRegistry.class, registry)
			.group("gpt", (group) -> group.deployment("a",
					(deployment) -> deployment.model("m").baseUrl(this.server.baseUrl()).apiKey("sk-test-123456789")))
			.build();
	}

}
