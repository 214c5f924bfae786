package dev.llmrouter.provider.openai;

import java.util.List;
import java.util.Map;

import dev.llmrouter.Attempt;
import dev.llmrouter.ChatChunk;
import dev.llmrouter.ChatRequest;
import dev.llmrouter.ChatResponse;
import dev.llmrouter.LlmRouter;
import dev.llmrouter.error.ContentPolicyViolationException;
import dev.llmrouter.error.LlmException;
import dev.llmrouter.error.MidStreamException;
import dev.llmrouter.test.AzureContentFilter;
import dev.llmrouter.test.ChunkStream;
import dev.llmrouter.test.ErrorBodies;
import dev.llmrouter.test.MockLlmServer;
import dev.llmrouter.test.MockLlmServer.Reply;
import dev.llmrouter.test.TestTimer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Tests for Azure OpenAI's content filter over real HTTP: the 400 with
 * {@code code: content_filter} and {@code innererror.code: ResponsibleAIPolicyViolation},
 * and {@code finish_reason: content_filter} in a 200 answer or a stream, are
 * content-policy violations (not retried, sent to {@code content-policy-fallbacks}) that
 * keep the filter's categories in {@code providerFields()}.
 */
class AzureContentFilterTests {

	private final MockLlmServer server = new MockLlmServer();

	private final MockLlmServer safe = new MockLlmServer();

	private final TestTimer timer = new TestTimer();

	@AfterEach
	void close() {
		this.server.close();
		this.safe.close();
	}

	@Test
	void whenThePromptIsFilteredThenTheCallGoesToTheContentPolicyFallbackWithoutRetrying() {
		this.server.enqueue(Reply.json(400, ErrorBodies.azureContentFilter(), Map.of()));
		this.safe.enqueue(Reply.completion("a careful answer"));
		ChatResponse response = router(true).chat(ChatRequest.of("gpt", "hi"));
		assertThat(response.content()).isEqualTo("a careful answer");
		assertThat(response.metadata().modelGroup()).isEqualTo("safe");
		List<Attempt> attempts = response.metadata().attempts();
		assertThat(attempts).hasSize(2);
		assertThat(attempts.get(0).modelGroup()).isEqualTo("gpt");
		assertThat(attempts.get(0).outcome()).isEqualTo("ContentPolicyViolationException");
		assertThat(attempts.get(0).status()).isEqualTo(400);
		assertThat(this.server.hits()).isEqualTo(1);
	}

	@Test
	void whenThePromptIsFilteredThenTheFilterCategoriesAreInProviderFields() {
		this.server.enqueue(Reply.json(400, ErrorBodies.azureContentFilter(), Map.of()));
		Throwable error = catchThrowable(() -> router(false).chat(ChatRequest.of("gpt", "hi")));
		assertThat(error).isExactlyInstanceOf(ContentPolicyViolationException.class)
			.hasMessageContaining("HTTP 400")
			.hasMessageContaining("(content_filter)");
		LlmException exception = (LlmException) error;
		assertThat(exception.statusCode()).hasValue(400);
		assertThat(exception.providerFields()).containsEntry("param", "prompt").containsEntry("status", 400);
		Map<?, ?> inner = (Map<?, ?>) exception.providerFields().get("innererror");
		assertThat(inner.get("code")).isEqualTo("ResponsibleAIPolicyViolation");
		Map<?, ?> categories = (Map<?, ?>) inner.get("content_filter_result");
		assertThat(categories.get("violence")).isEqualTo(Map.of("filtered", true, "severity", "medium"));
		assertThat(categories.get("hate")).isEqualTo(Map.of("filtered", false, "severity", "safe"));
	}

	@Test
	void whenOnlyTheInnerErrorNamesTheViolationThenItIsStillAContentPolicyViolation() {
		String body = "{\"error\":{\"message\":\"The request was rejected.\",\"type\":null,\"param\":null,"
				+ "\"code\":\"invalid_request\",\"innererror\":{\"code\":\"ResponsibleAIPolicyViolation\","
				+ "\"content_filter_result\":{\"jailbreak\":{\"filtered\":true,\"detected\":true}}}}}";
		this.server.enqueue(Reply.json(400, body, Map.of()));
		Throwable error = catchThrowable(() -> router(false).chat(ChatRequest.of("gpt", "hi")));
		assertThat(error).isExactlyInstanceOf(ContentPolicyViolationException.class);
		assertThat(((LlmException) error).providerFields().get("innererror").toString()).contains("jailbreak");
	}

	@Test
	void whenTheCompletionIsFilteredThenTheCallGoesToTheContentPolicyFallback() {
		this.server.enqueue(Reply.completion(AzureContentFilter.filteredCompletion("sexual", "high")));
		this.safe.enqueue(Reply.completion("a careful answer"));
		ChatResponse response = router(true).chat(ChatRequest.of("gpt", "hi"));
		assertThat(response.metadata().modelGroup()).isEqualTo("safe");
		assertThat(response.metadata().attempts().get(0).outcome()).isEqualTo("ContentPolicyViolationException");
		assertThat(this.server.hits()).isEqualTo(1);
	}

	@Test
	void whenTheCompletionIsFilteredThenTheChoiceAndPromptFilterResultsAreInProviderFields() {
		this.server.enqueue(Reply.completion(AzureContentFilter.filteredCompletion("sexual", "high")));
		Throwable error = catchThrowable(() -> router(false).chat(ChatRequest.of("gpt", "hi")));
		assertThat(error).isExactlyInstanceOf(ContentPolicyViolationException.class)
			.hasMessageContaining("finish_reason: content_filter");
		Map<String, Object> fields = ((LlmException) error).providerFields();
		Map<?, ?> results = (Map<?, ?>) fields.get("content_filter_results");
		assertThat(results.get("sexual")).isEqualTo(Map.of("filtered", true, "severity", "high"));
		assertThat(fields.get("prompt_filter_results").toString()).contains("prompt_index=0");
	}

	@Test
	void whenTheAnswerPassesTheFilterThenItsAnnotationsAreInProviderFields() {
		this.server.enqueue(Reply.completion(dev.llmrouter.test.Completion
			.of(dev.llmrouter.test.CompletionChoice.text("fine")
				.field("content_filter_results", AzureContentFilter.safe()))
			.field("prompt_filter_results", AzureContentFilter.promptFilterResults())));
		ChatResponse response = router(false).chat(ChatRequest.of("gpt", "hi"));
		assertThat(response.content()).isEqualTo("fine");
		assertThat(response.providerFields()).containsKey("prompt_filter_results");
		assertThat(response.choices().get(0).providerFields().get("content_filter_results").toString())
			.contains("violence={filtered=false, severity=safe}");
	}

	@Test
	void whenAStreamIsFilteredBeforeAnyTextThenTheCallGoesToTheContentPolicyFallback() {
		this.server.enqueue(Reply.stream(AzureContentFilter.filteredStream("violence", "high")));
		this.safe.enqueue(Reply.sse("care", "ful"));
		List<ChatChunk> chunks = router(true).stream(ChatRequest.of("gpt", "hi")).collectList().block();
		assertThat(ChatResponse.fromChunks(chunks).content()).isEqualTo("careful");
		assertThat(this.server.hits()).isEqualTo(1);
		assertThat(this.safe.hits()).isEqualTo(1);
	}

	@Test
	void whenAStreamIsFilteredAfterTextThenItEndsWithTheViolationAndItsCategories() {
		this.server.enqueue(Reply.stream(AzureContentFilter.filteredStream("violence", "high", "Once ", "upon")));
		List<ChatChunk> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
		Throwable error = catchThrowable(
				() -> router(true).stream(ChatRequest.of("gpt", "hi")).doOnNext(seen::add).blockLast());
		assertThat(error).isExactlyInstanceOf(MidStreamException.class);
		MidStreamException midStream = (MidStreamException) error;
		assertThat(midStream.partialContent()).isEqualTo("Once upon");
		assertThat(midStream.getCause()).isExactlyInstanceOf(ContentPolicyViolationException.class);
		Map<String, Object> fields = midStream.getCause().providerFields();
		assertThat(((Map<?, ?>) fields.get("content_filter_results")).get("violence"))
			.isEqualTo(Map.of("filtered", true, "severity", "high"));
		assertThat(fields.get("prompt_filter_results").toString()).contains("prompt_index=0");
		assertThat(this.safe.hits()).as("a stream that delivered text is never replayed").isZero();
		assertThat(seen)
			.anySatisfy((chunk) -> assertThat(chunk.providerFields()).containsKey("content_filter_results"));
	}

	@Test
	void whenAStreamPassesTheFilterThenTheAnnotationsAreGatheredPerChoice() {
		ChunkStream stream = AzureContentFilter.annotatedStream("Hel", "lo");
		this.server.enqueue(Reply.stream(stream));
		List<ChatChunk> chunks = router(false).stream(ChatRequest.of("gpt", "hi")).collectList().block();
		ChatResponse response = ChatResponse.fromChunks(chunks);
		assertThat(response.content()).isEqualTo("Hello");
		assertThat(response.finishReason()).isEqualTo("stop");
		assertThat(chunks)
			.anySatisfy((chunk) -> assertThat(chunk.providerFields()).containsKey("prompt_filter_results"));
		assertThat(response.choices().get(0).providerFields()).containsKey("content_filter_results");
	}

	private LlmRouter router(boolean withFallback) {
		LlmRouter.Builder builder = LlmRouter.builder().numRetries(3).timer(this.timer).group("gpt", (group) -> {
			group.deployment("east",
					(d) -> d.provider("azure-openai")
						.model("gpt-4o")
						.baseUrl("http://127.0.0.1:" + this.server.port())
						.azureDeployment("gpt-4o-prod")
						.apiKey("azure-test-SECRETKEY1234567890"));
			if (withFallback) {
				group.contentPolicyFallbacks("safe");
			}
		});
		if (withFallback) {
			builder.group("safe", (group) -> group.deployment("careful",
					(d) -> d.model("gpt-4o-mini").baseUrl(this.safe.baseUrl()).apiKey("sk-safe-0123456789")));
		}
		return builder.build();
	}

}
