package dev.llmrouter.provider.openai;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import dev.llmrouter.ChatRequest;
import dev.llmrouter.LlmRouter;
import dev.llmrouter.error.InternalServerException;
import dev.llmrouter.error.LlmException;
import dev.llmrouter.provider.ProviderEndpoint;
import dev.llmrouter.provider.ProviderError;
import dev.llmrouter.provider.ProviderErrorException;
import dev.llmrouter.test.MockLlmServer;
import dev.llmrouter.test.MockLlmServer.Reply;
import dev.llmrouter.test.TestTimer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Tests for reading the error bodies of OpenAI-compatible servers, each in its real
 * shape, over real HTTP, and for hostile 200 bodies becoming typed exceptions.
 */
class OpenAiErrorBodyTests {

	private static final String API_KEY = "sk-test-SECRETKEY1234567890";

	private final MockLlmServer server = new MockLlmServer();

	private final TestTimer timer = new TestTimer();

	@AfterEach
	void close() {
		this.server.close();
	}

	@Test
	void whenOpenAiErrorThenMessageTypeCodeAndParamAreRead() {
		ProviderError error = error(400, """
				{"error":{"message":"Unrecognized request argument supplied: foo","type":"invalid_request_error",
				"param":"foo","code":"unknown_parameter"}}""");
		assertThat(error.status()).isEqualTo(400);
		assertThat(error.message()).isEqualTo("Unrecognized request argument supplied: foo");
		assertThat(error.type()).isEqualTo("invalid_request_error");
		assertThat(error.code()).isEqualTo("unknown_parameter");
		assertThat(error.fields()).containsExactlyEntriesOf(Map.of("param", "foo"));
	}

	@Test
	void whenAzureContentFilterErrorThenInnerErrorIsKeptInFields() {
		ProviderError error = error(400,
				"""
						{"error":{"message":"The response was filtered due to the prompt triggering Azure OpenAI's content management policy.",
						"type":null,"param":"prompt","code":"content_filter","status":400,
						"innererror":{"code":"ResponsibleAIPolicyViolation","content_filter_result":{
						"hate":{"filtered":false,"severity":"safe"},"jailbreak":{"filtered":false,"detected":false},
						"sexual":{"filtered":true,"severity":"high"}}}}}""");
		assertThat(error.code()).isEqualTo("content_filter");
		assertThat(error.type()).isNull();
		assertThat(error.message()).startsWith("The response was filtered");
		assertThat(error.fields()).containsEntry("param", "prompt").containsEntry("status", 400);
		Map<?, ?> inner = (Map<?, ?>) error.fields().get("innererror");
		assertThat(inner.get("code")).isEqualTo("ResponsibleAIPolicyViolation");
		assertThat(((Map<?, ?>) inner.get("content_filter_result")).get("sexual"))
			.isEqualTo(Map.of("filtered", true, "severity", "high"));
	}

	@Test
	void whenOllamaPlainStringErrorThenItIsTheMessage() {
		ProviderError error = error(404, "{\"error\":\"model \\\"llama9\\\" not found, try pulling it first\"}");
		assertThat(error.message()).isEqualTo("model \"llama9\" not found, try pulling it first");
		assertThat(error.type()).isNull();
		assertThat(error.fields()).isEmpty();
	}

	@Test
	void whenTgiErrorThenMessageAndErrorTypeAreRead() {
		ProviderError error = error(422,
				"""
						{"error":"Input validation error: `inputs` tokens + `max_new_tokens` must be <= 4096. Given: 4000 `inputs` tokens and 200 `max_new_tokens`",
						"error_type":"validation"}""");
		assertThat(error.message()).startsWith("Input validation error: `inputs` tokens + `max_new_tokens` must be <=");
		assertThat(error.type()).isEqualTo("validation");
	}

	@Test
	void whenVllmObjectErrorThenMessageTypeAndNumericCodeAreRead() {
		ProviderError error = error(400,
				"""
						{"object":"error","message":"This model's maximum context length is 4096 tokens. However, you requested 5000 tokens (4000 in the messages, 1000 in the completion).",
						"type":"BadRequestError","param":null,"code":400}""");
		assertThat(error.message()).startsWith("This model's maximum context length is 4096 tokens.");
		assertThat(error.type()).isEqualTo("BadRequestError");
		assertThat(error.code()).isEqualTo("400");
		assertThat(error.fields()).containsEntry("object", "error").containsEntry("param", null);
	}

	@Test
	void whenLlamaCppErrorThenItsTypeAndExtraFieldsAreRead() {
		ProviderError error = error(400, """
				{"error":{"code":400,"message":"the request exceeds the available context size, try increasing it",
				"type":"exceed_context_size_error","n_prompt_tokens":5000,"n_ctx":4096}}""");
		assertThat(error.message()).isEqualTo("the request exceeds the available context size, try increasing it");
		assertThat(error.type()).isEqualTo("exceed_context_size_error");
		assertThat(error.code()).isEqualTo("400");
		assertThat(error.fields()).containsEntry("n_prompt_tokens", 5000).containsEntry("n_ctx", 4096);
	}

	@Test
	void whenGeminiErrorArrayThenItsOneErrorIsRead() {
		ProviderError error = error(400,
				"""
						[{"error":{"code":400,"message":"API key not valid. Please pass a valid API key.","status":"INVALID_ARGUMENT"}}]""");
		assertThat(error.message()).isEqualTo("API key not valid. Please pass a valid API key.");
		assertThat(error.code()).isEqualTo("400");
		assertThat(error.fields()).containsEntry("status", "INVALID_ARGUMENT");
	}

	@Test
	void whenErrorBodyIsPlainTextThenItIsTheMessageCut() {
		String text = "upstream connect error or disconnect/reset before headers. " + "x".repeat(1000);
		this.server.enqueue(Reply.raw(502, "text/plain", text));
		ProviderError error = providerError();
		assertThat(error.message()).hasSize(300).startsWith("upstream connect error");
		assertThat(error.fields()).isEmpty();
	}

	@Test
	void whenErrorBodyHasOnlyDetailThenItIsTheMessage() {
		ProviderError error = error(404, "{\"detail\":\"Not Found\"}");
		assertThat(error.message()).isEqualTo("Not Found");
		assertThat(error.fields()).containsEntry("detail", "Not Found");
	}

	@Test
	void whenErrorEchoesTheKeyThenMessageAndFieldsShowItMasked() {
		ProviderError error = error(401,
				"{\"error\":{\"message\":\"Incorrect API key provided: " + API_KEY
						+ ".\",\"type\":\"invalid_request_error\",\"param\":\"" + API_KEY
						+ "\",\"code\":\"invalid_api_key\"}}");
		assertThat(error.message()).doesNotContain(API_KEY).contains(ProviderEndpoint.mask(API_KEY));
		assertThat(error.fields().get("param")).isEqualTo(ProviderEndpoint.mask(API_KEY));
	}

	@Test
	void whenErrorMessageIsHugeThenItIsCut() {
		ProviderError error = error(400, "{\"error\":{\"message\":\"" + "a".repeat(100_000) + "\"}}");
		assertThat(error.message()).hasSize(ErrorBodyReader.MAX_TEXT);
	}

	@Test
	void whenRoutedThenThePlainStringErrorKeepsItsMessage() {
		this.server.enqueue(Reply.json(404, "{\"error\":\"model 'llama9' not found\"}", Map.of()));
		Throwable error = catchThrowable(() -> router().chat(ChatRequest.of("gpt", "hi")));
		assertThat(error).isInstanceOf(LlmException.class).hasMessageEndingWith(": model 'llama9' not found");
	}

	@Test
	void whenSuccessBodyCarriesAnErrorThenItIsAProviderErrorWithItsFields() {
		this.server.enqueue(Reply.json(200,
				"{\"error\":{\"message\":\"Provider returned error\",\"code\":502,\"metadata\":{\"provider_name\":\"X\"}},"
						+ "\"user_id\":\"u1\"}",
				Map.of()));
		Throwable failure = catchThrowable(
				() -> provider().chat(endpoint(), ChatRequest.of("gpt", "hi")).block(Duration.ofSeconds(20)));
		assertThat(failure).isInstanceOf(ProviderErrorException.class);
		ProviderError error = ((ProviderErrorException) failure).error();
		assertThat(error.message()).isEqualTo("Provider returned error");
		assertThat(error.code()).isEqualTo("502");
		assertThat(error.fields()).containsEntry("metadata", Map.of("provider_name", "X"))
			.containsEntry("user_id", "u1");
	}

	@ParameterizedTest
	@ValueSource(strings = {
			"{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"tool_calls\":\"call\"}}]}",
			"{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"tool_calls\":[1]}}]}",
			"{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"c\",\"function\":5}]}}]}",
			"{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"tool_calls\":[{\"id\":7,\"function\":{\"name\":\"f\"}}]}}]}",
			"{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"c\",\"function\":{\"name\":[\"f\"]}}]}}]}",
			"{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"c\",\"function\":{\"name\":\"f\",\"arguments\":true}}]}}]}",
			"{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":{\"text\":\"x\"}}}]}",
			"{\"choices\":[{\"index\":0,\"message\":\"hello\"}]}" })
	void whenToolCallsOrContentHaveWrongTypesThenMalformedResponse(String body) {
		this.server.enqueue(Reply.json(200, body, Map.of()));
		Throwable error = catchThrowable(() -> router().chat(ChatRequest.of("gpt", "hi")));
		assertThat(error).isExactlyInstanceOf(InternalServerException.class)
			.hasMessageStartingWith("Malformed response from deployment 'east'");
	}

	@Test
	void whenUntypedFieldIsNestedTooDeeplyThenMalformedResponse() {
		String deep = "[".repeat(100_000) + "]".repeat(100_000);
		this.server.enqueue(Reply.json(200,
				"{\"extra\":" + deep + ",\"choices\":[{\"index\":0,\"message\":{\"content\":\"x\"}}]}", Map.of()));
		Throwable error = catchThrowable(() -> router().chat(ChatRequest.of("gpt", "hi")));
		assertThat(error).isExactlyInstanceOf(InternalServerException.class)
			.hasMessageStartingWith("Malformed response from deployment 'east'");
	}

	@Test
	void whenErrorBodyIsNestedTooDeeplyThenItIsReadAsText() {
		this.server.enqueue(Reply.json(400, "{\"error\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}", Map.of()));
		ProviderError error = providerError();
		assertThat(error.status()).isEqualTo(400);
		assertThat(error.message()).hasSize(300).startsWith("{\"error\":[[[");
	}

	@Test
	void whenBodyIsLargerThanTheLimitThenTypedFailure() {
		String body = "{\"pad\":\"" + "x".repeat(17 * 1024 * 1024) + "\",\"choices\":[]}";
		this.server.enqueue(Reply.json(200, body, Map.of()));
		Throwable error = catchThrowable(() -> router().chat(ChatRequest.of("gpt", "hi")));
		assertThat(error).isExactlyInstanceOf(InternalServerException.class)
			.hasMessageContaining("deployment 'east'")
			.hasMessageNotContaining("xxxx");
	}

	private ProviderError error(int status, String body) {
		this.server.enqueue(Reply.json(status, body, Map.of()));
		return providerError();
	}

	private ProviderError providerError() {
		Throwable failure = catchThrowable(
				() -> provider().chat(endpoint(), ChatRequest.of("gpt", "hi")).block(Duration.ofSeconds(20)));
		assertThat(failure).isInstanceOf(ProviderErrorException.class);
		return ((ProviderErrorException) failure).error();
	}

	private OpenAiProvider provider() {
		return OpenAiProvider.openAi(WebClient.create(), this.timer);
	}

	private ProviderEndpoint endpoint() {
		return new ProviderEndpoint("east", OpenAiProvider.OPENAI, "gpt-4o", URI.create(this.server.baseUrl()), API_KEY,
				Map.of());
	}

	private LlmRouter router() {
		return LlmRouter.builder()
			.numRetries(0)
			.timer(this.timer)
			.group("gpt",
					(group) -> group.deployment("east",
							(deployment) -> deployment.model("gpt-4o").baseUrl(this.server.baseUrl()).apiKey(API_KEY)))
			.build();
	}

}
