package dev.llmrouter.routing;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

import dev.llmrouter.Attempt;
import dev.llmrouter.ChatMessage;
import dev.llmrouter.ChatRequest;
import dev.llmrouter.ChatResponse;
import dev.llmrouter.LlmRouter;
import dev.llmrouter.error.ContentPolicyViolationException;
import dev.llmrouter.error.ContextWindowExceededException;
import dev.llmrouter.error.InternalServerException;
import dev.llmrouter.error.LlmException;
import dev.llmrouter.error.ServiceUnavailableException;
import dev.llmrouter.RetryPolicy;
import dev.llmrouter.test.MockLlmServer;
import dev.llmrouter.test.MockLlmServer.Reply;
import dev.llmrouter.test.TestTimer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Fallbacks across groups (CONTRACT §3 "Fallbacks"): retries first, then fallbacks; every
 * group its own server.
 */
class FallbackTests {

	private final Map<String, MockLlmServer> servers = new LinkedHashMap<>();

	private final TestTimer timer = new TestTimer();

	@AfterEach
	void close() {
		this.servers.values().forEach(MockLlmServer::close);
	}

	private MockLlmServer server(String group) {
		return this.servers.computeIfAbsent(group, (name) -> new MockLlmServer());
	}

	private LlmRouter router(Consumer<LlmRouter.Builder> settings, Map<String, String[]> fallbacks) {
		LlmRouter.Builder builder = LlmRouter.builder().timer(this.timer).random(() -> 0.5).numRetries(0);
		for (String group : List.of("a", "b", "c", "d")) {
			String url = server(group).baseUrl();
			builder.group(group, (g) -> g.deployment(group + "-1", (d) -> d.model("m").baseUrl(url))
				.fallbacks(fallbacks.getOrDefault(group, new String[0])));
		}
		settings.accept(builder);
		return builder.build();
	}

	private ChatResponse call(LlmRouter router, String group) throws Exception {
		return this.timer.run(router.chatAsync(ChatRequest.of(group, "hi"))).get();
	}

	private LlmException failure(LlmRouter router, String group) {
		CompletableFuture<ChatResponse> result = this.timer.run(router.chatAsync(ChatRequest.of(group, "hi")));
		return (LlmException) catchThrowableOfType(ExecutionException.class, result::get).getCause();
	}

	private static List<String> groupsOf(List<Attempt> attempts) {
		return attempts.stream().map(Attempt::modelGroup).toList();
	}

	@Test
	void whenPrimaryFailsThenFallbackAnswersAfterPrimaryRetries() throws Exception {
		server("a").byDefault(Reply.status(500));
		ChatResponse response = call(router((settings) -> settings.numRetries(1), Map.of("a", new String[] { "b" })),
				"a");
		assertThat(groupsOf(response.metadata().attempts())).containsExactly("a", "a", "b");
		assertThat(response.metadata().fallbackCount()).isEqualTo(1);
		assertThat(response.metadata().modelGroup()).isEqualTo("b");
		assertThat(response.metadata().retryCount()).isEqualTo(2);
	}

	@Test
	void whenFallbackGroupFailsThenItRetriesWithItsOwnCount() throws Exception {
		server("a").byDefault(Reply.status(500));
		server("b").enqueue(Reply.status(503), Reply.status(503));
		LlmRouter router = LlmRouter.builder()
			.timer(this.timer)
			.random(() -> 0.5)
			.numRetries(0)
			.group("a", (g) -> g.deployment("a-1", (d) -> d.model("m").baseUrl(server("a").baseUrl())).fallbacks("b"))
			.group("b", (g) -> g.numRetries(2).deployment("b-1", (d) -> d.model("m").baseUrl(server("b").baseUrl())))
			.build();
		ChatResponse response = call(router, "a");
		assertThat(groupsOf(response.metadata().attempts())).containsExactly("a", "b", "b", "b");
	}

	@Test
	void whenChainIsLongerThanMaxFallbacksThenItStops() {
		for (String group : List.of("a", "b", "c")) {
			server(group).byDefault(Reply.status(500));
		}
		LlmException error = failure(router((settings) -> settings.maxFallbacks(2),
				Map.of("a", new String[] { "b" }, "b", new String[] { "c" }, "c", new String[] { "d" })), "a");
		assertThat(groupsOf(error.metadata().attempts())).containsExactly("a", "b", "c");
		assertThat(server("d").hits()).isZero();
	}

	@Test
	void whenChainLoopsBackThenNoGroupIsVisitedTwice() {
		server("a").byDefault(Reply.status(500));
		server("b").byDefault(Reply.status(503));
		LlmException error = failure(router((settings) -> {
		}, Map.of("a", new String[] { "b" }, "b", new String[] { "a" })), "a");
		assertThat(groupsOf(error.metadata().attempts())).containsExactly("a", "b");
		assertThat(error).isInstanceOf(InternalServerException.class)
			.isNotInstanceOf(ServiceUnavailableException.class);
	}

	@Test
	void whenAllFailThenPrimaryErrorIsThrownWithFallbackErrorsSuppressed() {
		server("a").byDefault(Reply.status(500));
		server("b").byDefault(Reply.status(503));
		server("c").byDefault(Reply.rateLimited(Map.of()));
		LlmException error = failure(router((settings) -> {
		}, Map.of("a", new String[] { "b", "c" })), "a");
		assertThat(error.statusCode()).hasValue(500);
		assertThat(Arrays.stream(error.getSuppressed()).map((suppressed) -> suppressed.getClass().getSimpleName()))
			.containsExactly("ServiceUnavailableException", "RateLimitException");
		assertThat(groupsOf(error.metadata().attempts())).containsExactly("a", "b", "c");
		assertThat(error.metadata().fallbackCount()).isEqualTo(2);
	}

	@Test
	void whenContextWindowExceededThenStraightToContextWindowFallbacksWithoutRetries() throws Exception {
		server("a").byDefault(Reply.error(400, "invalid_request_error", "context_length_exceeded",
				"This model's maximum context length is 8192 tokens", Map.of()));
		LlmRouter router = LlmRouter.builder()
			.timer(this.timer)
			.retryPolicy(RetryPolicy.builder().badRequestErrorRetries(3).build())
			.group("a",
					(g) -> g.deployment("a-1", (d) -> d.model("m").baseUrl(server("a").baseUrl()))
						.fallbacks("b")
						.contextWindowFallbacks("c"))
			.group("b", (g) -> g.deployment("b-1", (d) -> d.model("m").baseUrl(server("b").baseUrl())))
			.group("c", (g) -> g.deployment("c-1", (d) -> d.model("m").baseUrl(server("c").baseUrl())))
			.build();
		ChatResponse response = call(router, "a");
		assertThat(groupsOf(response.metadata().attempts())).containsExactly("a", "c");
		assertThat(server("b").hits()).isZero();
	}

	@Test
	void whenContentPolicyViolatedThenContentPolicyFallbacksAnswer() throws Exception {
		server("a").byDefault(Reply.json(200, MockLlmServer.completionJson("", "content_filter"), Map.of()));
		LlmRouter router = LlmRouter.builder()
			.timer(this.timer)
			.group("a",
					(g) -> g.deployment("a-1", (d) -> d.model("m").baseUrl(server("a").baseUrl()))
						.fallbacks("b")
						.contentPolicyFallbacks("c"))
			.group("b", (g) -> g.deployment("b-1", (d) -> d.model("m").baseUrl(server("b").baseUrl())))
			.group("c", (g) -> g.deployment("c-1", (d) -> d.model("m").baseUrl(server("c").baseUrl())))
			.build();
		ChatResponse response = call(router, "a");
		assertThat(response.metadata().attempts()).extracting(Attempt::modelGroup, Attempt::outcome)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("a", "ContentPolicyViolationException"),
					org.assertj.core.groups.Tuple.tuple("c", "success"));
	}

	@Test
	void whenGroupListsNoFallbacksThenDefaultFallbacksApply() throws Exception {
		server("a").byDefault(Reply.status(500));
		ChatResponse response = call(router((settings) -> settings.defaultFallbacks(List.of("d")), Map.of()), "a");
		assertThat(groupsOf(response.metadata().attempts())).containsExactly("a", "d");
	}

	@Test
	void whenRequestNamesFallbacksThenTheyReplaceTheGroups() throws Exception {
		server("a").byDefault(Reply.status(500));
		LlmRouter router = router((settings) -> {
		}, Map.of("a", new String[] { "b" }));
		ChatResponse response = this.timer
			.run(router.chatAsync(
					ChatRequest.builder().model("a").message(ChatMessage.user("hi")).fallbacks(List.of("c")).build()))
			.get();
		assertThat(groupsOf(response.metadata().attempts())).containsExactly("a", "c");
	}

	@Test
	void whenContextWindowExceededWithoutContextWindowFallbacksThenRegularFallbacksApply() throws Exception {
		server("a")
			.byDefault(Reply.error(400, "invalid_request_error", "context_length_exceeded", "too long", Map.of()));
		ChatResponse response = call(router((settings) -> {
		}, Map.of("a", new String[] { "b" })), "a");
		assertThat(groupsOf(response.metadata().attempts())).containsExactly("a", "b");
		assertThat(response.metadata().attempts().get(0).outcome())
			.isEqualTo(ContextWindowExceededException.class.getSimpleName());
	}

	@Test
	void whenContentPolicyViolationIsNotRetriedThenErrorTypeIsKept() {
		server("a").byDefault(Reply.error(400, "invalid_request_error", "content_filter", "flagged", Map.of()));
		LlmException error = failure(router((settings) -> settings.numRetries(3), Map.of()), "a");
		assertThat(error).isInstanceOf(ContentPolicyViolationException.class);
		assertThat(server("a").hits()).isEqualTo(1);
	}

}
