package dev.llmrouter.routing;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import dev.llmrouter.RouterView;
import dev.llmrouter.RoutingStrategy;
import dev.llmrouter.Attempt;
import dev.llmrouter.ChatChunk;
import dev.llmrouter.ChatRequest;
import dev.llmrouter.ChatResponse;
import dev.llmrouter.LlmRouter;
import dev.llmrouter.error.AuthenticationException;
import dev.llmrouter.error.LlmException;
import dev.llmrouter.error.NoDeploymentAvailableException;
import dev.llmrouter.error.QuotaExceededException;
import dev.llmrouter.test.MockLlmServer;
import dev.llmrouter.test.MockLlmServer.Reply;
import dev.llmrouter.test.TestTimer;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * How the classification of CONTRACT §3 routes a call, over real HTTP in OpenAI's wire
 * format: a spent quota moves the call on at once and cools its deployment for
 * {@code quota-cooldown-time}; a context-length 400 goes to
 * {@code context-window-fallbacks}; a moderation 403 to {@code content-policy-fallbacks};
 * an error inside a 200 stream is classified by its type and code; a rate limit's reset
 * headers are waited for.
 */
class ErrorClassificationRoutingTests {

	/** OpenAI's 429 for an account whose quota is spent (error codes guide). */
	private static final Reply INSUFFICIENT_QUOTA = Reply.json(429,
			"{\"error\":{\"message\":\"You exceeded your current quota, please check your plan and billing details.\","
					+ "\"type\":\"insufficient_quota\",\"param\":null,\"code\":\"insufficient_quota\"}}",
			Map.of("x-ratelimit-remaining-requests", "0", "x-ratelimit-reset-requests", "20ms"));

	private final Map<String, MockLlmServer> servers = new LinkedHashMap<>();

	private final TestTimer timer = new TestTimer();

	private final RetryRegistry registry = RetryRegistry.ofDefaults();

	@AfterEach
	void close() {
		this.servers.values().forEach(MockLlmServer::close);
	}

	@Test
	void whenQuotaIsSpentThenTheCallMovesToTheOtherDeploymentAtOnce() throws Exception {
		server("a").byDefault(INSUFFICIENT_QUOTA);
		LlmRouter router = router((builder) -> {
		});
		ChatResponse response = call(router, "gpt");
		assertThat(response.metadata().attempts()).extracting(Attempt::deployment).containsExactly("a", "b");
		assertThat(response.metadata().attempts().get(0).outcome()).isEqualTo("QuotaExceededException");
		assertThat(server("a").hits()).isOne();
		assertThat(server("backup").hits()).isZero();
		assertThat(this.timer.advanced()).isEmpty();
	}

	@Test
	void whenQuotaIsSpentThenTheDeploymentCoolsForTheDefaultQuotaCooldownTime() throws Exception {
		server("a").byDefault(INSUFFICIENT_QUOTA);
		LlmRouter router = router((builder) -> {
		});
		call(router, "gpt");
		assertCooledFor(router, "gpt", "a", Duration.ofHours(1));
		assertThat(call(router, "gpt").metadata().attempts()).extracting(Attempt::deployment).containsExactly("b");
		assertThat(server("a").hits()).isOne();
	}

	@Test
	void whenQuotaCooldownTimeIsLongerThanMaxCooldownTimeThenTheDeploymentCoolsForQuotaCooldownTime() throws Exception {
		server("a").byDefault(INSUFFICIENT_QUOTA);
		LlmRouter router = router(
				(builder) -> builder.quotaCooldownTime(Duration.ofHours(6)).maxCooldownTime(Duration.ofMinutes(10)));
		call(router, "gpt");
		assertCooledFor(router, "gpt", "a", Duration.ofHours(6));
	}

	@Test
	void whenQuotaIsSpentOnEveryDeploymentThenTheCallGoesToTheFallbacksWithoutWaiting() throws Exception {
		server("a").byDefault(INSUFFICIENT_QUOTA);
		server("b").byDefault(INSUFFICIENT_QUOTA);
		ChatResponse response = call(router((builder) -> {
		}), "gpt");
		assertThat(response.metadata().attempts()).extracting(Attempt::deployment)
			.containsExactly("a", "b", "backup-1");
		assertThat(response.metadata().modelGroup()).isEqualTo("backup");
		assertThat(server("a").hits()).isOne();
		assertThat(server("b").hits()).isOne();
		assertThat(this.timer.advanced()).isEmpty();
	}

	@Test
	void whenQuotaIsSpentOnEveryDeploymentThenResilience4jCountsOneFailedCallWithOneRetry() throws Exception {
		server("a").byDefault(INSUFFICIENT_QUOTA);
		server("b").byDefault(INSUFFICIENT_QUOTA);
		call(router((builder) -> {
		}), "gpt");
		Retry.Metrics gpt = this.registry.retry("llm-router.gpt").getMetrics();
		assertThat(gpt.getNumberOfFailedCallsWithRetryAttempt()).isOne();
		assertThat(gpt.getNumberOfTotalCalls()).isOne();
		Retry.Metrics backup = this.registry.retry("llm-router.backup").getMetrics();
		assertThat(backup.getNumberOfSuccessfulCallsWithoutRetryAttempt()).isOne();
	}

	@Test
	void whenQuotaIsSpentInAGroupOfOneThenItCoolsAndTheNextCallGoesStraightToTheFallbacks() throws Exception {
		server("solo").byDefault(INSUFFICIENT_QUOTA);
		LlmRouter router = router((builder) -> {
		});
		ChatResponse first = call(router, "solo");
		assertThat(first.metadata().attempts()).extracting(Attempt::deployment).containsExactly("solo-1", "backup-1");
		ChatResponse second = call(router, "solo");
		assertThat(second.metadata().attempts()).extracting(Attempt::deployment).containsExactly("backup-1");
		assertThat(server("solo").hits()).isOne();
		assertThat(this.timer.advanced()).isEmpty();
	}

	@Test
	void whenQuotaIsSpentInAGroupOfOneWithoutFallbacksThenTheNextCallFailsAtOnceNamingTheQuota() throws Exception {
		server("alone").byDefault(INSUFFICIENT_QUOTA);
		LlmRouter router = router((builder) -> {
		});
		assertThat(failure(router, "alone")).isExactlyInstanceOf(QuotaExceededException.class);
		LlmException second = failure(router, "alone");
		assertThat(second).isExactlyInstanceOf(NoDeploymentAvailableException.class);
		assertThat(second.retryAfter())
			.hasValueSatisfying((wait) -> assertThat(wait).isGreaterThan(Duration.ofMinutes(59))
				.isLessThanOrEqualTo(Duration.ofHours(1)));
		assertThat(server("alone").hits()).isOne();
		assertThat(this.timer.advanced()).isEmpty();
	}

	@Test
	void whenContextLengthIsExceededThenTheCallGoesStraightToTheContextWindowFallbacks() throws Exception {
		server("a").byDefault(Reply.json(400,
				"{\"error\":{\"message\":\"This model's maximum context length is 128000 tokens. However, your messages "
						+ "resulted in 130000 tokens. Please reduce the length of the messages.\",\"type\":"
						+ "\"invalid_request_error\",\"param\":\"messages\",\"code\":\"context_length_exceeded\"}}",
				Map.of()));
		ChatResponse response = call(router((builder) -> {
		}), "gpt");
		assertThat(response.metadata().attempts()).extracting(Attempt::deployment).containsExactly("a", "long-1");
		assertThat(response.metadata().modelGroup()).isEqualTo("long");
		assertThat(server("b").hits()).isZero();
		assertThat(server("backup").hits()).isZero();
	}

	@Test
	void whenModerationRejectsWith403ThenTheCallGoesStraightToTheContentPolicyFallbacks() throws Exception {
		server("a").byDefault(
				Reply.json(403,
						"{\"error\":{\"message\":\"Your request was blocked by our moderation system.\",\"type\":"
								+ "\"invalid_request_error\",\"param\":null,\"code\":\"moderation_blocked\"}}",
						Map.of()));
		ChatResponse response = call(router((builder) -> {
		}), "gpt");
		assertThat(response.metadata().attempts()).extracting(Attempt::deployment).containsExactly("a", "safe-1");
		assertThat(response.metadata().attempts().get(0).outcome()).isEqualTo("ContentPolicyViolationException");
		assertThat(server("b").hits()).isZero();
	}

	@Test
	void whenAStreamReportsContextLengthInsideA200ThenItGoesToTheContextWindowFallbacks() {
		server("a").byDefault(Reply.raw(200, "text/event-stream",
				"data: {\"error\":{\"message\":\"This model's maximum context length is 8192 tokens.\",\"type\":"
						+ "\"invalid_request_error\",\"param\":\"messages\",\"code\":\"context_length_exceeded\"}}\n\n"));
		server("long").byDefault(Reply.sse("Hel", "lo"));
		List<ChatChunk> chunks = this.timer.run(router((builder) -> {
		}).stream(ChatRequest.of("gpt", "hi")).collectList()).join();
		assertThat(chunks).extracting(ChatChunk::content).contains("Hel", "lo");
		assertThat(server("a").hits()).isOne();
		assertThat(server("b").hits()).isZero();
		assertThat(server("long").hits()).isOne();
	}

	@Test
	void whenAStreamReportsAnInvalidKeyInsideA200ThenAuthenticationWithoutRetryOrStatus() {
		server("alone").byDefault(Reply.raw(200, "text/event-stream",
				"data: {\"error\":{\"message\":\"Incorrect API key provided.\",\"type\":\"invalid_request_error\","
						+ "\"param\":null,\"code\":\"invalid_api_key\"}}\n\n"));
		CompletableFuture<List<ChatChunk>> result = this.timer.run(router((builder) -> {
		}).stream(ChatRequest.of("alone", "hi")).collectList());
		ExecutionException thrown = catchThrowableOfType(ExecutionException.class,
				() -> result.get(30, TimeUnit.SECONDS));
		LlmException error = (LlmException) thrown.getCause();
		assertThat(error).isExactlyInstanceOf(AuthenticationException.class);
		assertThat(error.statusCode()).isEmpty();
		assertThat(error.getMessage()).doesNotContain("HTTP");
		assertThat(server("alone").hits()).isOne();
	}

	@Test
	void whenRateLimitedWithOnlyAResetHeaderThenTheRetryWaitsForTheReset() throws Exception {
		server("solo").enqueue(Reply.json(429,
				"{\"error\":{\"message\":\"Rate limit reached for gpt-4o on tokens per min (TPM).\",\"type\":\"tokens\","
						+ "\"param\":null,\"code\":\"rate_limit_exceeded\"}}",
				Map.of("x-ratelimit-remaining-requests", "499", "x-ratelimit-reset-requests", "120ms",
						"x-ratelimit-remaining-tokens", "0", "x-ratelimit-reset-tokens", "7s")));
		ChatResponse response = call(router((builder) -> {
		}), "solo");
		assertThat(response.metadata().attempts()).extracting(Attempt::deployment).containsExactly("solo-1", "solo-1");
		assertThat(this.timer.advanced()).containsExactly(Duration.ofSeconds(7));
	}

	private MockLlmServer server(String name) {
		return this.servers.computeIfAbsent(name, (key) -> new MockLlmServer());
	}

	/**
	 * Group {@code gpt} (deployments {@code a}, {@code b}, round robin) falls back to
	 * {@code backup}, with context-window fallback {@code long} and content-policy
	 * fallback {@code safe}; group {@code solo} (one deployment) falls back to
	 * {@code backup}; group {@code alone} has one deployment and no fallbacks.
	 */
	private LlmRouter router(Consumer<LlmRouter.Builder> settings) {
		LlmRouter.Builder builder = LlmRouter.builder()
			.timer(this.timer)
			.random(() -> 0.5)
			.component(RetryRegistry.class, this.registry)
			.routingStrategy(RoutingStrategy.ROUND_ROBIN)
			.group("gpt",
					(g) -> g.deployment("a", (d) -> d.model("m").baseUrl(server("a").baseUrl()))
						.deployment("b", (d) -> d.model("m").baseUrl(server("b").baseUrl()))
						.fallbacks("backup")
						.contextWindowFallbacks("long")
						.contentPolicyFallbacks("safe"));
		for (String group : List.of("solo", "alone", "backup", "long", "safe")) {
			builder.group(group, (g) -> {
				g.deployment(group + "-1", (d) -> d.model("m").baseUrl(server(group).baseUrl()));
				if (group.equals("solo")) {
					g.fallbacks("backup");
				}
			});
		}
		settings.accept(builder);
		return builder.build();
	}

	private ChatResponse call(LlmRouter router, String group) throws Exception {
		return this.timer.run(router.chatAsync(ChatRequest.of(group, "hi"))).get(30, TimeUnit.SECONDS);
	}

	private LlmException failure(LlmRouter router, String group) {
		CompletableFuture<ChatResponse> result = this.timer.run(router.chatAsync(ChatRequest.of(group, "hi")));
		return (LlmException) catchThrowableOfType(ExecutionException.class, () -> result.get(30, TimeUnit.SECONDS))
			.getCause();
	}

	private void assertCooledFor(LlmRouter router, String group, String deployment, Duration cooldown) {
		RouterView.Deployment view = router.view()
			.orElseThrow()
			.group(group)
			.deployments()
			.stream()
			.filter((candidate) -> candidate.id().equals(deployment))
			.findFirst()
			.orElseThrow();
		Instant now = router.view().orElseThrow().now();
		assertThat(view.status().coolingDown()).isTrue();
		assertThat(view.status().cooldownUntil()).isEqualTo(now.plus(cooldown));
	}

}
