package dev.llmrouter.error.internal;

import java.io.IOException;
import java.net.ConnectException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeoutException;

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
import dev.llmrouter.error.RateLimitException;
import dev.llmrouter.error.ServiceUnavailableException;
import dev.llmrouter.error.UnsupportedParamsException;
import dev.llmrouter.provider.ProviderError;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.core.exc.StreamReadException;

import static org.assertj.core.api.Assertions.assertThat;

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
