package dev.llmrouter.error.internal;

import java.io.IOException;
import java.net.ConnectException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import dev.llmrouter.error.ApiConnectionException;
import dev.llmrouter.error.AuthenticationException;
import dev.llmrouter.error.BadRequestException;
import dev.llmrouter.error.ContentPolicyViolationException;
import dev.llmrouter.error.ContextWindowExceededException;
import dev.llmrouter.error.ErrorType;
import dev.llmrouter.error.InternalServerException;
import dev.llmrouter.error.LlmException;
import dev.llmrouter.error.LlmTimeoutException;
import dev.llmrouter.error.NotFoundException;
import dev.llmrouter.error.PermissionDeniedException;
import dev.llmrouter.error.QuotaExceededException;
import dev.llmrouter.error.RateLimitException;
import dev.llmrouter.error.ServiceUnavailableException;
import dev.llmrouter.error.UnsupportedParamsException;
import dev.llmrouter.provider.ProviderError;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.core.exc.StreamReadException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Tests for {@link FailureClassifier}.
 */
class FailureClassifierTests {

	private static final String SOURCE = "deployment 'east'";

	@Test
	void when408ThenTimeoutRetriedByDefault() {
		LlmException error = classify(408, Body.NONE, null, SOURCE);
		assertThat(error).isExactlyInstanceOf(LlmTimeoutException.class);
		assertThat(error.errorType()).isEqualTo(ErrorType.TIMEOUT);
		assertThat(error.errorType().isRetriedByDefault()).isTrue();
		assertThat(((LlmTimeoutException) error).isTotalTimeout()).isFalse();
	}

	@Test
	void when429ThenRateLimitCarryingRetryAfter() {
		LlmException error = classify(429, rateLimit(), Duration.ofSeconds(7), SOURCE);
		assertThat(error).isExactlyInstanceOf(RateLimitException.class);
		assertThat(error.statusCode()).hasValue(429);
		assertThat(error.retryAfter()).contains(Duration.ofSeconds(7));
		assertThat(error.errorType()).isEqualTo(ErrorType.RATE_LIMIT);
	}

	@ParameterizedTest
	@ValueSource(ints = { 500, 502, 504, 520, 599, 409 })
	void whenServerErrorOrConflictThenInternalServer(int status) {
		LlmException error = classify(status, Body.NONE, null, SOURCE);
		assertThat(error).isExactlyInstanceOf(InternalServerException.class);
		assertThat(error.statusCode()).hasValue(status);
		assertThat(error.errorType()).isEqualTo(ErrorType.INTERNAL_SERVER);
	}

	@Test
	void when503ThenServiceUnavailableInTheInternalServerFamily() {
		LlmException error = classify(503, Body.NONE, Duration.ofSeconds(2), SOURCE);
		assertThat(error).isExactlyInstanceOf(ServiceUnavailableException.class)
			.isInstanceOf(InternalServerException.class);
		assertThat(error.errorType()).isEqualTo(ErrorType.INTERNAL_SERVER);
		assertThat(error.retryAfter()).contains(Duration.ofSeconds(2));
	}

	@ParameterizedTest
	@ValueSource(ints = { 400, 422, 413, 418 })
	void whenClientErrorWithoutKnownCodeThenBadRequest(int status) {
		LlmException error = classify(status, new Body(null, "invalid_request_error", "'messages' must not be empty"),
				null, SOURCE);
		assertThat(error).isExactlyInstanceOf(BadRequestException.class);
		assertThat(error.errorType().isRetriedByDefault()).isFalse();
		assertThat(error.errorType().coolsDeployment()).isFalse();
	}

	@Test
	void whenCodeIsContextLengthExceededThenContextWindowExceeded() {
		LlmException error = classify(400,
				new Body("context_length_exceeded", "invalid_request_error", "Too many tokens."), null, SOURCE);
		assertThat(error).isExactlyInstanceOf(ContextWindowExceededException.class)
			.isInstanceOf(BadRequestException.class);
		assertThat(error.errorType()).isEqualTo(ErrorType.CONTEXT_WINDOW_EXCEEDED);
	}

	@Test
	void whenMessageSaysMaximumContextLengthThenContextWindowExceeded() {
		LlmException error = classify(400, new Body(null, "invalid_request_error",
				"This model's maximum context length is 128000 tokens. However, your messages resulted in 130000 tokens."),
				null, SOURCE);
		assertThat(error).isExactlyInstanceOf(ContextWindowExceededException.class);
	}

	@Test
	void whenCodeIsContentFilterThenContentPolicyViolation() {
		LlmException error = classify(400, new Body("content_filter", null,
				"The response was filtered due to the prompt triggering Azure OpenAI's content management policy."),
				null, SOURCE);
		assertThat(error).isExactlyInstanceOf(ContentPolicyViolationException.class)
			.isInstanceOf(BadRequestException.class);
		assertThat(error.errorType()).isEqualTo(ErrorType.CONTENT_POLICY_VIOLATION);
	}

	@Test
	void whenCodeIsContentPolicyViolationThenContentPolicyViolation() {
		LlmException error = classify(400, new Body("content_policy_violation", "invalid_request_error",
				"Your request was rejected as a result of our safety system."), null, SOURCE);
		assertThat(error).isExactlyInstanceOf(ContentPolicyViolationException.class);
	}

	@Test
	void whenTypeIsContentFilterThenContentPolicyViolation() {
		LlmException error = classify(400, new Body(null, "content_filter", "Filtered."), null, SOURCE);
		assertThat(error).isExactlyInstanceOf(ContentPolicyViolationException.class);
	}

	@Test
	void whenCodeIsUnsupportedParameterThenUnsupportedParams() {
		LlmException error = classify(400, new Body("unsupported_parameter", "invalid_request_error",
				"Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead."),
				null, SOURCE);
		assertThat(error).isExactlyInstanceOf(UnsupportedParamsException.class).isInstanceOf(BadRequestException.class);
		assertThat(error.errorType()).isEqualTo(ErrorType.UNSUPPORTED_PARAMS);
	}

	@Test
	void whenCodeIsUnsupportedValueThenUnsupportedParams() {
		LlmException error = classify(400, new Body("unsupported_value", "invalid_request_error",
				"Unsupported value: 'temperature' does not support 0.2 with this model. Only the default (1) value is supported."),
				null, SOURCE);
		assertThat(error).isExactlyInstanceOf(UnsupportedParamsException.class);
	}

	@Test
	void whenContextLengthCodeComesWithA500ThenStatusWins() {
		LlmException error = classify(500, new Body("context_length_exceeded", null, "maximum context length"), null,
				SOURCE);
		assertThat(error).isExactlyInstanceOf(InternalServerException.class);
	}

	@Test
	void when401ThenAuthentication() {
		LlmException error = classify(401,
				new Body("invalid_api_key", "invalid_request_error", "Incorrect API key provided: ****7890."), null,
				SOURCE);
		assertThat(error).isExactlyInstanceOf(AuthenticationException.class);
		assertThat(error.errorType()).isEqualTo(ErrorType.AUTHENTICATION);
	}

	@Test
	void when403ThenPermissionDeniedInTheAuthenticationFamily() {
		LlmException error = classify(403, Body.NONE, null, SOURCE);
		assertThat(error).isExactlyInstanceOf(PermissionDeniedException.class)
			.isInstanceOf(AuthenticationException.class);
		assertThat(error.errorType()).isEqualTo(ErrorType.AUTHENTICATION);
	}

	@Test
	void when404ThenNotFoundNeverRetried() {
		LlmException error = classify(404, Body.NONE, null, SOURCE);
		assertThat(error).isExactlyInstanceOf(NotFoundException.class);
		assertThat(error.errorType().isRetriedByDefault()).isFalse();
	}

	@Test
	void whenErrorBodyHasTypeCodeAndMessageThenMessageNamesStatusSourceAndAllThree() {
		LlmException error = classify(429, new Body("rate_limit_exceeded", "requests", "Rate limit reached"), null,
				SOURCE);
		assertThat(error)
			.hasMessage("HTTP 429 from deployment 'east' [requests] (rate_limit_exceeded): Rate limit reached");
	}

	@Test
	void whenFinishReasonIsContentFilterThenContentPolicyViolationWithoutStatus() {
		LlmException error = FailureClassifier.contentFiltered(SOURCE);
		assertThat(error).isExactlyInstanceOf(ContentPolicyViolationException.class);
		assertThat(error.statusCode()).isEmpty();
	}

	@Test
	void whenConnectionRefusedThenApiConnection() {
		LlmException error = FailureClassifier
			.classify(new IllegalStateException("wrapped", new ConnectException("Connection refused")), SOURCE);
		assertThat(error).isExactlyInstanceOf(ApiConnectionException.class);
		assertThat(error.statusCode()).isEmpty();
		assertThat(error).hasMessageContaining("ConnectException");
	}

	@Test
	void whenIoFailureThenApiConnection() {
		LlmException error = FailureClassifier.classify(new IOException("Connection reset by peer"), SOURCE);
		assertThat(error).isExactlyInstanceOf(ApiConnectionException.class);
	}

	@Test
	void whenTimeoutThenLlmTimeout() {
		LlmException error = FailureClassifier.classify(new TimeoutException("Did not observe any item"), SOURCE);
		assertThat(error).isExactlyInstanceOf(LlmTimeoutException.class);
		assertThat(error.errorType()).isEqualTo(ErrorType.TIMEOUT);
	}

	@Test
	void whenJsonFailureThenMalformedInternalServer() {
		LlmException error = FailureClassifier.classify(new StreamReadException(null, "Unexpected character"), SOURCE);
		assertThat(error).isExactlyInstanceOf(InternalServerException.class);
		assertThat(error).hasMessageStartingWith("Malformed response from deployment 'east'");
	}

	@Test
	void whenLlmExceptionThenReturnedAsItIs() {
		RateLimitException rateLimit = new RateLimitException("limited", 429, null, null);
		assertThat(FailureClassifier.classify(rateLimit, SOURCE)).isSameAs(rateLimit);
	}

	@Test
	void whenUnknownFailureThenInternalServerWithCause() {
		IllegalArgumentException failure = new IllegalArgumentException("boom");
		LlmException error = FailureClassifier.classify(failure, SOURCE);
		assertThat(error).isExactlyInstanceOf(InternalServerException.class).hasCause(failure);
	}

	// ---- every server's phrasing, as the wire helper reads its body into a
	// ProviderError

	// description (where the body's shape and words come from), error, expected exception
	static Stream<Arguments> contextWindowPhrasings() {
		return Stream.of(
				// OpenAI error reference; langchain-ai/langchain#11001,
				// smol-ai/developer#7
				arguments("OpenAI 400 context_length_exceeded", error(400, "invalid_request_error",
						"context_length_exceeded",
						"This model's maximum context length is 128000 tokens. However, your messages resulted in 130000 tokens. Please reduce the length of the messages.")),
				// Azure OpenAI answers OpenAI's body, often without the code
				arguments("Azure 400, message only", error(400, "invalid_request_error", null,
						"This model's maximum context length is 8192 tokens. However, your messages resulted in 9000 tokens. Please reduce the length of the messages.")),
				// Anthropic {type:error, error:{type, message}}; seen in public agent
				// repositories
				// quoting "400 prompt is too long: 600446 tokens > 200000 maximum"
				arguments("Anthropic 400 prompt is too long",
						error(400, "invalid_request_error", null,
								"prompt is too long: 205000 tokens > 200000 maximum")),
				// Anthropic-compatible endpoints (z.ai) report the stop reason as the
				// error
				arguments("Anthropic-compatible model_context_window_exceeded",
						error(400, "invalid_request_error", null, "model_context_window_exceeded")),
				// vLLM
				// {"object":"error","message":..,"type":"BadRequestError","code":400}
				arguments("vLLM 400 maximum context length", error(400, "BadRequestError", "400",
						"This model's maximum context length is 4096 tokens. However, you requested 5000 tokens (4000 in the messages, 1000 in the completion). Please reduce the length of the messages or completion.")),
				// vLLM's input processor, quoted in public issue logs
				arguments("vLLM 400 longer than the maximum model length", error(400, "BadRequestError", "400",
						"The decoder prompt (length 5951) is longer than the maximum model length of 4096. Make sure that `max_model_len` is no smaller than the number of text tokens.")),
				// llama.cpp server:
				// {"error":{"code":400,"message":..,"type":"exceed_context_size_error",
				// "n_prompt_tokens":4476,"n_ctx":4096}}
				arguments("llama.cpp 400 exceed_context_size_error",
						new ProviderError(400, "exceed_context_size_error", "400",
								"request (4476 tokens) exceeds the available context size (4096 tokens)", Map.of(),
								Map.of("n_prompt_tokens", 4476, "n_ctx", 4096))),
				// older llama.cpp servers
				arguments("llama.cpp 400 older message", error(400, "invalid_request_error", "400",
						"the request exceeds the available context size. try increasing the context size or enable context shift")),
				// Ollama's plain-string {"error":"prompt too long; exceeded max context
				// length by 100 tokens"}
				arguments("Ollama plain-string error",
						error(400, null, null, "prompt too long; exceeded max context length by 100 tokens")),
				// Ollama embeddings
				arguments("Ollama input length", error(400, null, null, "the input length exceeds the context length")),
				// TGI 422 {"error":"Input validation error:
				// ..","error_type":"validation"}
				arguments("TGI 422 validation", error(422, "validation", null,
						"Input validation error: `inputs` tokens + `max_new_tokens` must be <= 4096. Given: 4000 `inputs` tokens and 1000 `max_new_tokens`")),
				// Together serves TGI's words in OpenAI's shape
				arguments("Together 400", error(400, "invalid_request_error", null,
						"Input validation error: `inputs` tokens + `max_new_tokens` must be <= 8193. Given: 8000 `inputs` tokens and 512 `max_new_tokens`")),
				// Mistral {"object":"error","message":..,"type":"invalid_request_error"};
				// the phrase is
				// listed in public context-overflow detectors (Mistral's "known
				// limitations")
				arguments("Mistral 400", error(400, "invalid_request_error", null,
						"Prompt contains 40000 tokens and 0 draft tokens, too large for model with 32768 maximum context length")),
				// Gemini: google-gemini/gemini-cli#6678, status INVALID_ARGUMENT
				arguments("Gemini 400", error(400, "INVALID_ARGUMENT", "400",
						"The input token count (1200293) exceeds the maximum number of tokens allowed (1048576).")),
				// Groq: OpenAI's shape with only the second sentence
				arguments("Groq 400",
						error(400, "invalid_request_error", null,
								"Please reduce the length of the messages or completion.")),
				// OpenRouter {"error":{"message":..,"code":400}}
				arguments("OpenRouter 400", error(400, null, "400",
						"This endpoint's maximum context length is 128000 tokens. However, you requested about 150000 tokens (100000 of text input, 50000 in the output). Please reduce the length of either one, or use the \"middle-out\" transform to compress your prompt automatically.")),
				arguments("in a stream: context_length_exceeded",
						error(0, "invalid_request_error", "context_length_exceeded", "Too many tokens.")));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("contextWindowPhrasings")
	void whenServerSaysTheContextLengthWasExceededThenContextWindowExceeded(String description, ProviderError error) {
		assertThat(classify(error)).isExactlyInstanceOf(ContextWindowExceededException.class);
	}

	// description (where the body's shape and words come from), error, expected exception
	static Stream<Arguments> quotaPhrasings() {
		return Stream.of(
				// OpenAI error codes guide: 429 "You exceeded your current quota"
				arguments("OpenAI 429 insufficient_quota",
						error(429, "insufficient_quota", "insufficient_quota",
								"You exceeded your current quota, please check your plan and billing details.")),
				arguments("429 message only",
						error(429, "requests", null,
								"You exceeded your current quota, please check your plan and billing details.")),
				// Anthropic errors: billing_error
				arguments("Anthropic 402 billing_error",
						error(402, "billing_error", null,
								"Your credit balance is too low to access the Anthropic API.")),
				// Anthropic's 400 for an account without credit
				arguments("Anthropic 400 credit balance", error(400, "invalid_request_error", null,
						"Your credit balance is too low to access the Anthropic API. Please go to Plans & Billing to upgrade or purchase credits.")),
				// OpenRouter {"error":{"code":402,"message":"Insufficient credits. .."}}
				arguments("OpenRouter 402", error(402, null, "402",
						"Insufficient credits. This account never purchased credits. Make sure your key is on the correct account or org, and if so, purchase more at https://openrouter.ai/settings/credits")),
				arguments("any 402", error(402, null, null, null)),
				arguments("in a stream: insufficient_quota",
						error(0, "insufficient_quota", "insufficient_quota", "You exceeded your current quota.")),
				arguments("in a stream: Anthropic billing_error",
						error(0, "billing_error", null, "Your credit balance is too low.")));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("quotaPhrasings")
	void whenServerSaysTheQuotaIsSpentThenQuotaExceeded(String description, ProviderError error) {
		LlmException exception = classify(error);
		assertThat(exception).isExactlyInstanceOf(QuotaExceededException.class).isInstanceOf(RateLimitException.class);
		assertThat(exception.errorType()).isEqualTo(ErrorType.QUOTA_EXCEEDED);
		assertThat(exception.errorType().isRetriedByDefault()).isFalse();
	}

	@Test
	void whenRateLimitedWithoutQuotaWordsThenRateLimitNotQuota() {
		assertThat(classify(error(429, "tokens", "rate_limit_exceeded",
				"Rate limit reached for gpt-4o in organization org-1 on tokens per min (TPM): Limit 30000, Used 30000, Requested 900.")))
			.isExactlyInstanceOf(RateLimitException.class);
	}

	static Stream<Arguments> contentPolicyPhrasings() {
		Map<String, Object> innerError = Map.of("innererror", Map.of("code", "ResponsibleAIPolicyViolation",
				"content_filter_result", Map.of("hate", Map.of("filtered", true, "severity", "high"))));
		return Stream.of(
				// the moderation 403 of issue 13
				arguments("OpenAI 403 moderation_blocked",
						error(403, "invalid_request_error", "moderation_blocked",
								"Your request was blocked by our moderation system.")),
				// OpenAI reasoning models: code invalid_prompt
				arguments("OpenAI 400 flagged prompt", error(400, "invalid_request_error", "invalid_prompt",
						"Invalid prompt: your prompt was flagged as potentially violating our usage policy. Please try again with a different prompt.")),
				// Azure OpenAI content filtering docs: code content_filter, innererror
				arguments("Azure 400 content_filter with innererror", new ProviderError(400, null, "content_filter",
						"The response was filtered due to the prompt triggering Azure OpenAI's content management policy.",
						Map.of(), innerError)),
				arguments("Azure 400, only innererror.code says so",
						new ProviderError(400, "invalid_request_error", "BadRequest", "Bad request.", Map.of(),
								innerError)),
				// OpenRouter 403
				// {"error":{"code":403,"message":..,"metadata":{"reasons":[..],"flagged_input":..}}}
				arguments("OpenRouter 403 moderation", new ProviderError(403, null, "403",
						"openai/gpt-4o requires moderation on OpenRouter. Your input was flagged for \"violence\"",
						Map.of(), Map.of("metadata", Map.of("reasons", List.of("violence"))))),
				arguments("in a stream: content_filter", error(0, null, "content_filter", "Filtered.")));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("contentPolicyPhrasings")
	void whenModerationRejectsThenContentPolicyViolation(String description, ProviderError error) {
		assertThat(classify(error)).isExactlyInstanceOf(ContentPolicyViolationException.class);
	}

	@Test
	void when403WithoutModerationWordsThenPermissionDenied() {
		assertThat(classify(error(403, "invalid_request_error", "model_not_found",
				"Project `proj_1` does not have access to model `gpt-5`")))
			.isExactlyInstanceOf(PermissionDeniedException.class);
	}

	@Test
	void whenAzureContentFilterThenItsInnerErrorIsKeptInProviderFields() {
		Map<String, Object> innerError = Map.of("code", "ResponsibleAIPolicyViolation", "content_filter_result",
				Map.of("violence", Map.of("filtered", true, "severity", "medium")));
		LlmException exception = classify(new ProviderError(400, null, "content_filter", "Filtered.", Map.of(),
				Map.of("param", "prompt", "innererror", innerError)));
		assertThat(exception.providerFields()).containsEntry("innererror", innerError).containsEntry("param", "prompt");
	}

	static Stream<Arguments> unsupportedPhrasings() {
		return Stream.of(
				// OpenAI: {"error":{"message":"Unknown parameter:
				// 'foo'.","param":"foo","code":"unknown_parameter"}}
				arguments("OpenAI unknown_parameter",
						error(400, "invalid_request_error", "unknown_parameter", "Unknown parameter: 'foo'.")),
				// OpenAI's older wording, code null
				arguments("OpenAI unrecognized request argument",
						error(400, "invalid_request_error", null, "Unrecognized request argument supplied: foo")),
				arguments("unsupported parameter, code null", error(400, "invalid_request_error", null,
						"Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.")),
				arguments("is not supported with this model",
						error(400, "invalid_request_error", null, "'logprobs' is not supported with this model.")),
				// Ollama 400 for tools on a model without them
				arguments("Ollama does not support tools",
						error(400, null, null, "registry.ollama.ai/library/gemma:2b does not support tools")),
				// vLLM's request validation (pydantic extra="forbid")
				arguments("vLLM extra inputs", error(400, "BadRequestError", "400",
						"[{'type': 'extra_forbidden', 'loc': ('body', 'foo'), 'msg': 'Extra inputs are not permitted', 'input': 1}]")));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("unsupportedPhrasings")
	void whenServerRejectsAParameterThenUnsupportedParams(String description, ProviderError error) {
		assertThat(classify(error)).isExactlyInstanceOf(UnsupportedParamsException.class);
	}

	// ---- errors inside a successful response: by type and code, as in an HTTP body

	static Stream<Arguments> inStreamErrors() {
		return Stream.of(arguments("OpenAI invalid_api_key",
				error(0, "invalid_request_error", "invalid_api_key", "Incorrect key"), AuthenticationException.class),
				arguments("Anthropic authentication_error", error(0, "authentication_error", null, "invalid x-api-key"),
						AuthenticationException.class),
				arguments("Anthropic permission_error", error(0, "permission_error", null, "not allowed"),
						PermissionDeniedException.class),
				arguments("OpenAI rate_limit_exceeded", error(0, "tokens", "rate_limit_exceeded", "Rate limit reached"),
						RateLimitException.class),
				arguments("Anthropic rate_limit_error", error(0, "rate_limit_error", null, "Number of request tokens"),
						RateLimitException.class),
				arguments("OpenAI server_error", error(0, "server_error", null, "The server had an error"),
						InternalServerException.class),
				arguments("Anthropic api_error", error(0, "api_error", null, "Internal server error"),
						InternalServerException.class),
				arguments("Anthropic overloaded_error", error(0, "overloaded_error", null, "Overloaded"),
						ServiceUnavailableException.class),
				arguments("Anthropic not_found_error", error(0, "not_found_error", null, "model: claude-9"),
						NotFoundException.class),
				arguments("OpenAI invalid_request_error", error(0, "invalid_request_error", null, "Invalid 'n'"),
						BadRequestException.class),
				// vLLM streams
				// {"error":{"object":"error","type":"BadRequestError","code":400,..}}
				arguments("vLLM numeric code 400", error(0, "BadRequestError", "400", "Invalid request"),
						BadRequestException.class),
				// llama.cpp streams
				// {"error":{"code":500,"message":..,"type":"server_error"}}
				arguments("llama.cpp numeric code 500", error(0, "server_error", "500", "slot unavailable"),
						InternalServerException.class),
				arguments("numeric code 401", error(0, null, "401", "Unauthorized"), AuthenticationException.class),
				arguments("numeric code 429", error(0, null, "429", "Too many requests"), RateLimitException.class),
				arguments("nothing known: a retried server error", error(0, "mystery", null, "Something happened"),
						InternalServerException.class),
				arguments("no fields at all: a retried server error", error(0, null, null, null),
						InternalServerException.class));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("inStreamErrors")
	void whenErrorArrivesInsideASuccessfulResponseThenItIsClassifiedByTypeAndCode(String description,
			ProviderError error, Class<? extends LlmException> expected) {
		LlmException exception = classify(error);
		assertThat(exception).isExactlyInstanceOf(expected);
		assertThat(exception.statusCode()).isEmpty();
	}

	@Test
	void whenErrorArrivesInsideASuccessfulResponseThenTheMessageClaimsNoHttpStatus() {
		LlmException exception = classify(error(0, "BadRequestError", "400", "Invalid request"));
		assertThat(exception).hasMessage(
				"Error inside the successful response from deployment 'east' [BadRequestError] (code 400): Invalid request");
		assertThat(exception.getMessage()).doesNotContain("HTTP");
	}

	@Test
	void whenErrorHasFieldsThenTheExceptionCarriesThemAsProviderFields() {
		LlmException exception = classify(
				new ProviderError(400, "invalid_request_error", null, "bad", Map.of(), Map.of("param", "messages")));
		assertThat(exception.providerFields()).containsExactly(Map.entry("param", "messages"));
	}

	// ---- wait hints

	@Test
	void whenRateLimitedWithResetHeadersOnlyThenTheSpentLimitsResetIsTheHint() {
		LlmException exception = classify(new ProviderError(429, "tokens", "rate_limit_exceeded", "Rate limit reached",
				Map.of("x-ratelimit-remaining-requests", "59", "x-ratelimit-reset-requests", "1s",
						"x-ratelimit-remaining-tokens", "0", "x-ratelimit-reset-tokens", "6m0s")));
		assertThat(exception.retryAfter()).contains(Duration.ofMinutes(6));
	}

	@Test
	void whenServerErrorComesWithResetHeadersThenTheyAreNoHint() {
		LlmException exception = classify(new ProviderError(500, "server_error", null, "The server had an error",
				Map.of("x-ratelimit-remaining-tokens", "0", "x-ratelimit-reset-tokens", "6m0s")));
		assertThat(exception.retryAfter()).isEmpty();
	}

	private static LlmException classify(ProviderError error) {
		return FailureClassifier.classify(error, null, SOURCE, Clock.systemUTC());
	}

	private static ProviderError error(int status, @Nullable String type, @Nullable String code,
			@Nullable String message) {
		return new ProviderError(status, type, code, message, Map.of());
	}

	private static Body rateLimit() {
		return new Body("rate_limit_exceeded", "requests", "Rate limit reached");
	}

	private static LlmException classify(int status, Body body, @Nullable Duration retryAfter, String source) {
		Map<String, String> headers = (retryAfter != null)
				? Map.of("retry-after-ms", String.valueOf(retryAfter.toMillis())) : Map.of();
		return FailureClassifier.classify(new ProviderError(status, body.type(), body.code(), body.message(), headers),
				null, source, Clock.systemUTC());
	}

	/** An error body's fields. */
	private record Body(@Nullable String code, @Nullable String type, @Nullable String message) {

		static final Body NONE = new Body(null, null, null);

	}

}
