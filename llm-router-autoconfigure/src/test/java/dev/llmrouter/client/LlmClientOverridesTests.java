package dev.llmrouter.client;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import dev.llmrouter.ChatResponse;
import dev.llmrouter.client.overrides.FallingBackAssistant;
import dev.llmrouter.client.overrides.OneShotAssistant;
import dev.llmrouter.client.overrides.OverridesTestApplication;
import dev.llmrouter.error.InternalServerException;
import dev.llmrouter.error.LlmTimeoutException;
import dev.llmrouter.test.MockLlmServer;
import dev.llmrouter.test.MockLlmServer.Reply;
import dev.llmrouter.test.TestTimer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@code @LlmClient} and {@code @LlmCall} overrides flow into the router's retry, timeout
 * and fallback machinery. Waits run on a virtual-time timer.
 */
@SpringBootTest(classes = OverridesTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE)
class LlmClientOverridesTests {

	private static final MockLlmServer server = new MockLlmServer();

	private static final JsonMapper json = JsonMapper.builder().build();

	@Autowired
	private OneShotAssistant oneShot;

	@Autowired
	private FallingBackAssistant fallingBack;

	@Autowired
	private TestTimer timer;

	@DynamicPropertySource
	static void groups(DynamicPropertyRegistry registry) {
		registry.add("llm.router.allowed-fails", () -> 1000);
		group(registry, "gpt-4", "gpt-4o");
		group(registry, "backup", "backup-model");
	}

	private static void group(DynamicPropertyRegistry registry, String group, String model) {
		String deployment = "llm.router.groups." + group + ".deployments.main.";
		registry.add(deployment + "model", () -> model);
		registry.add(deployment + "base-url", server::baseUrl);
	}

	@AfterEach
	void answerAgain() {
		server.byDefault(Reply.completion("Hello from the mock"));
	}

	@AfterAll
	static void close() {
		server.close();
	}

	@Test
	void whenNoOverrideThenTheConfiguredRetriesApply() {
		server.byDefault(Reply.status(500));
		int before = server.hits();
		assertThatExceptionOfType(ExecutionException.class)
			.isThrownBy(() -> this.timer.run(this.oneShot.ask("Hi")).get())
			.withCauseInstanceOf(InternalServerException.class);
		assertThat(server.hits() - before).isEqualTo(3);
	}

	@Test
	void whenLlmCallNumRetriesZeroThenExactlyOneAttempt() {
		server.byDefault(Reply.status(500));
		int before = server.hits();
		assertThatExceptionOfType(InternalServerException.class).isThrownBy(() -> this.oneShot.askOnce("Hi"))
			.satisfies((ex) -> assertThat(ex.metadata().attempts()).hasSize(1));
		assertThat(server.hits() - before).isEqualTo(1);
	}

	@Test
	void whenLlmCallTimeoutThenTheAttemptTimesOutAfterIt() {
		server.enqueue(Reply.hang());
		List<Duration> before = this.timer.advanced();
		assertThatExceptionOfType(ExecutionException.class)
			.isThrownBy(() -> this.timer.run(this.oneShot.askQuickly("Hi")).get())
			.withCauseInstanceOf(LlmTimeoutException.class);
		assertThat(waitedSince(before)).isEqualTo(Duration.ofSeconds(3));
	}

	@Test
	void whenLlmCallTotalTimeoutThenTheCallEndsAfterIt() {
		server.byDefault(Reply.hang());
		List<Duration> before = this.timer.advanced();
		assertThatExceptionOfType(ExecutionException.class)
			.isThrownBy(() -> this.timer.run(this.oneShot.askWithin("Hi")).get())
			.withCauseInstanceOf(LlmTimeoutException.class);
		assertThat(waitedSince(before)).isEqualTo(Duration.ofSeconds(5));
	}

	@Test
	void whenTypeFallbacksThenTheFallbackGroupAnswers() {
		server.enqueue(Reply.status(500));
		int before = server.hits();
		ChatResponse response = this.fallingBack.ask("Hi");
		assertThat(response.metadata().modelGroup()).isEqualTo("backup");
		assertThat(response.metadata().fallbackCount()).isEqualTo(1);
		assertThat(models(before)).containsExactly("gpt-4o", "backup-model");
	}

	@Test
	void whenLlmCallNumRetriesThenItWinsOverTheTypeOne() throws Exception {
		server.enqueue(Reply.status(500), Reply.status(500));
		int before = server.hits();
		ChatResponse response = this.timer
			.run(Mono.fromCallable(() -> this.fallingBack.askWithOneRetry("Hi"))
				.subscribeOn(Schedulers.boundedElastic()))
			.get();
		assertThat(response.metadata().modelGroup()).isEqualTo("backup");
		assertThat(models(before)).containsExactly("gpt-4o", "gpt-4o", "backup-model");
	}

	private Duration waitedSince(List<Duration> before) {
		return this.timer.advanced()
			.subList(before.size(), this.timer.advanced().size())
			.stream()
			.reduce(Duration.ZERO, Duration::plus);
	}

	private static List<Object> models(int from) {
		List<MockLlmServer.RecordedRequest> requests = server.requests();
		return requests.subList(from, requests.size())
			.stream()
			.map((request) -> json.readValue(request.body(), Map.class).get("model"))
			.toList();
	}

}
