package dev.llmrouter.observation;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import dev.llmrouter.ChatRequest;
import dev.llmrouter.ChatResponse;
import dev.llmrouter.LlmRouter;
import dev.llmrouter.error.InternalServerException;
import dev.llmrouter.test.MockLlmServer;
import dev.llmrouter.test.MockLlmServer.Reply;
import dev.llmrouter.test.TestTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Exact meter counts and tags of {@link LlmRouterMetrics} and
 * {@link DeploymentAvailabilityMeterBinder} after scripted failures over real HTTP.
 */
class LlmRouterMetricsTests {

	private final MockLlmServer server = new MockLlmServer();

	private final MockLlmServer backupServer = new MockLlmServer();

	private final TestTimer timer = new TestTimer();

	private final MeterRegistry registry = new SimpleMeterRegistry();

	@AfterEach
	void close() {
		this.server.close();
		this.backupServer.close();
	}

	@Test
	void whenTwoServerErrorsThenSuccessThenTwoRetriesThreeAttemptsOneSuccessfulRequest() throws Exception {
		LlmRouter router = singleDeploymentRouter();
		this.server.enqueue(Reply.status(500), Reply.status(500));
		this.timer.run(router.chatAsync(ChatRequest.of("gpt", "hi"))).get();
		assertThat(count("llm.router.retries", "model.group", "gpt", "error.type", "InternalServerException"))
			.isEqualTo(2);
		assertThat(this.registry.find("llm.router.retries").counters()).hasSize(1);
		assertThat(count("llm.router.attempts", "model.group", "gpt", "deployment", "a", "outcome",
				"InternalServerException", "error.type", "InternalServerException"))
			.isEqualTo(2);
		assertThat(count("llm.router.attempts", "model.group", "gpt", "deployment", "a", "outcome", "success",
				"error.type", "none"))
			.isEqualTo(1);
		assertThat(this.registry.find("llm.router.attempts").counters()).hasSize(2);
		Timer requests = this.registry.get("llm.router.requests")
			.tags("model.group", "gpt", "outcome", "success")
			.timer();
		assertThat(requests.count()).isEqualTo(1);
		assertThat(this.registry.find("llm.router.requests").timers()).hasSize(1);
		assertThat(this.registry.find("llm.router.fallbacks").counters()).isEmpty();
	}

	@Test
	void whenRequestTimedThenDurationIsAttemptsPlusBackoffOnRouterClock() throws Exception {
		LlmRouter router = singleDeploymentRouter();
		this.server.enqueue(Reply.status(500));
		this.timer.run(router.chatAsync(ChatRequest.of("gpt", "hi"))).get();
		Timer requests = this.registry.get("llm.router.requests").timer();
		assertThat(requests.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(1000);
	}

	@Test
	void whenEveryAttemptFailsThenRequestCountedAsFailure() {
		LlmRouter router = singleDeploymentRouter();
		this.server.byDefault(Reply.status(500));
		assertThatExceptionOfType(ExecutionException.class)
			.isThrownBy(() -> this.timer.run(router.chatAsync(ChatRequest.of("gpt", "hi"))).get())
			.withCauseInstanceOf(InternalServerException.class);
		assertThat(this.registry.get("llm.router.requests").tags("outcome", "failure").timer().count()).isEqualTo(1);
		assertThat(this.registry.find("llm.router.requests").tags("outcome", "success").timer()).isNull();
		assertThat(count("llm.router.attempts", "outcome", "InternalServerException")).isEqualTo(3);
	}

	@Test
	void whenGroupFailsAndFallbackAnswersThenFallbackCountedWithSuccess() throws Exception {
		LlmRouter router = LlmRouter.builder()
			.timer(this.timer)
			.random(() -> 0.5)
			.component(LlmRouterListener.class, new LlmRouterMetrics(this.registry))
			.group("gpt",
					(group) -> group.numRetries(0)
						.fallbacks("backup")
						.deployment("a", (deployment) -> deployment.model("m").baseUrl(this.server.baseUrl())))
			.group("backup",
					(group) -> group.deployment("b",
							(deployment) -> deployment.model("m").baseUrl(this.backupServer.baseUrl())))
			.build();
		this.server.enqueue(Reply.status(500));
		this.timer.run(router.chatAsync(ChatRequest.of("gpt", "hi"))).get();
		assertThat(count("llm.router.fallbacks", "from", "gpt", "to", "backup", "outcome", "success")).isEqualTo(1);
		assertThat(this.registry.find("llm.router.fallbacks").counters()).hasSize(1);
		assertThat(this.registry.get("llm.router.requests")
			.tags("model.group", "gpt", "outcome", "success")
			.timer()
			.count()).isEqualTo(1);
		assertThat(count("llm.router.attempts", "model.group", "backup", "deployment", "b", "outcome", "success"))
			.isEqualTo(1);
	}

	@Test
	void whenRateLimitedWithAnotherDeploymentThenCooldownCountedAndGaugeDrops() throws Exception {
		LlmRouter router = LlmRouter.builder()
			.timer(this.timer)
			.random(() -> 0.5)
			.component(LlmRouterListener.class, new LlmRouterMetrics(this.registry))
			.group("gpt",
					(group) -> group
						.deployment("a", (deployment) -> deployment.model("m").baseUrl(this.server.baseUrl()))
						.deployment("b", (deployment) -> deployment.model("m").baseUrl(this.server.baseUrl())))
			.build();
		new DeploymentAvailabilityMeterBinder(router).bindTo(this.registry);
		assertThat(gauge("a")).isEqualTo(1);
		assertThat(gauge("b")).isEqualTo(1);
		this.server.enqueue(Reply.rateLimited(Map.of("Retry-After", "30")));
		ChatResponse response = this.timer.run(router.chatAsync(ChatRequest.of("gpt", "hi"))).get();
		String cooled = response.metadata().attempts().get(0).deployment();
		String other = response.metadata().deployment();
		assertThat(other).isNotEqualTo(cooled);
		assertThat(gauge(cooled)).isEqualTo(0);
		assertThat(gauge(other)).isEqualTo(1);
		assertThat(count("llm.router.cooldowns", "model.group", "gpt", "deployment", cooled)).isEqualTo(1);
		assertThat(this.registry.find("llm.router.cooldowns").counters()).hasSize(1);
		this.timer.advance(Duration.ofSeconds(30));
		assertThat(gauge(cooled)).isEqualTo(1);
	}

	private LlmRouter singleDeploymentRouter() {
		return LlmRouter.builder()
			.timer(this.timer)
			.random(() -> 0.5)
			.component(LlmRouterListener.class, new LlmRouterMetrics(this.registry))
			.group("gpt", (group) -> group.deployment("a",
					(deployment) -> deployment.model("m").baseUrl(this.server.baseUrl()).apiKey("sk-test-123456789")))
			.build();
	}

	private double count(String name, String... tags) {
		return this.registry.get(name).tags(tags).counters().stream().mapToDouble((counter) -> counter.count()).sum();
	}

	private double gauge(String deployment) {
		return this.registry.get(DeploymentAvailabilityMeterBinder.METER_NAME)
			.tags("model.group", "gpt", "deployment", deployment)
			.gauge()
			.value();
	}

}
