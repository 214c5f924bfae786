package dev.llmrouter.error;

import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeoutException;

import org.jspecify.annotations.Nullable;

/**
 * The one place that turns a provider's answer or a transport failure into an
 * {@link LlmException}. Retry, cooldown and fallback decisions all read the
 * classification made here.
 *
 * @author llm-router
 */
public final class FailureClassifier {

	private FailureClassifier() {
	}

	/**
	 * Classify a non-2xx answer.
	 * @param status the HTTP status
	 * @param error the error the body reported
	 * @param retryAfter the server's wait hint, if any
	 * @param source who answered, for the message (such as {@code deployment 'east'})
	 * @return the exception
	 */
	public static LlmException classify(int status, ProviderError error, @Nullable Duration retryAfter, String source) {
		String message = "HTTP " + status + " from " + source + describe(error);
		if (status == 408) {
			return new LlmTimeoutException(message, status, retryAfter, null);
		}
		if (status == 429) {
			return new RateLimitException(message, status, retryAfter, null);
		}
		if (status == 401) {
			return new AuthenticationException(message, status, retryAfter, null);
		}
		if (status == 403) {
			return new PermissionDeniedException(message, status, retryAfter, null);
		}
		if (status == 404) {
			return new NotFoundException(message, status, retryAfter, null);
		}
		if (status == 503) {
			return new ServiceUnavailableException(message, status, retryAfter, null);
		}
		if (status >= 500 || status == 409) {
			return new InternalServerException(message, status, retryAfter, null);
		}
		if (status >= 400) {
			return classifyBadRequest(message, status, error, retryAfter);
		}
		return new InternalServerException("Unexpected HTTP " + status + " from " + source, status, retryAfter, null);
	}

	private static LlmException classifyBadRequest(String message, int status, ProviderError error,
			@Nullable Duration retryAfter) {
		String code = lower(error.code());
		String type = lower(error.type());
		String text = lower(error.message());
		if (code.contains("context_length_exceeded") || type.contains("context_length_exceeded")
				|| text.contains("context length") || text.contains("context window")
				|| text.contains("maximum context") || text.contains("prompt is too long")) {
			return new ContextWindowExceededException(message, status, retryAfter, null);
		}
		if (code.contains("content_filter") || code.contains("content_policy") || type.contains("content_filter")
				|| type.contains("content_policy") || text.contains("content management policy")
				|| text.contains("content policy")) {
			return new ContentPolicyViolationException(message, status, retryAfter, null);
		}
		if (code.contains("unsupported_parameter") || code.contains("unsupported_value")
				|| text.contains("unsupported parameter") || text.contains("unsupported value")) {
			return new UnsupportedParamsException(message, status, retryAfter, null);
		}
		return new BadRequestException(message, status, retryAfter, null);
	}

	/**
	 * A completion the provider stopped with {@code finish_reason: content_filter}.
	 * @param source who answered
	 * @return the exception
	 */
	public static LlmException contentFiltered(String source) {
		return new ContentPolicyViolationException(
				"Completion from " + source + " was stopped by a content filter (finish_reason: content_filter)", 0,
				null, null);
	}

	/**
	 * A 2xx answer whose body could not be read as the provider's format.
	 * @param source who answered
	 * @param detail what was wrong, without any body text
	 * @param cause the parse failure, if any
	 * @return the exception
	 */
	public static LlmException malformed(String source, String detail, @Nullable Throwable cause) {
		return new InternalServerException("Malformed response from " + source + ": " + detail, 0, null, cause);
	}

	/**
	 * Classify a failure that happened while talking to the provider (connection,
	 * timeout, decoding). An {@link LlmException} is returned as it is.
	 * @param failure the failure
	 * @param source who was called
	 * @return the exception
	 */
	public static LlmException classify(Throwable failure, String source) {
		if (failure instanceof LlmException llmException) {
			return llmException;
		}
		if (hasCause(failure, TimeoutException.class) || hasCauseNamed(failure, "ReadTimeoutException")
				|| hasCauseNamed(failure, "WriteTimeoutException")) {
			return new LlmTimeoutException("Timed out waiting for " + source, 0, null, failure);
		}
		if (hasCause(failure, ConnectException.class) || hasCause(failure, UnknownHostException.class)
				|| hasCauseNamed(failure, "PrematureCloseException") || hasCause(failure, ClosedChannelException.class)
				|| hasCauseNamed(failure, "ConnectTimeoutException") || hasCause(failure, IOException.class)) {
			return new ApiConnectionException(
					"Connection to " + source + " failed: " + rootCause(failure).getClass().getSimpleName(), 0, null,
					failure);
		}
		if (hasCauseNamed(failure, "JacksonException") || hasCauseNamed(failure, "DecodingException")) {
			return malformed(source, "the body is not valid JSON", failure);
		}
		return new InternalServerException(
				"Call to " + source + " failed: " + rootCause(failure).getClass().getSimpleName(), 0, null, failure);
	}

	private static String describe(ProviderError error) {
		StringBuilder text = new StringBuilder();
		if (error.type() != null) {
			text.append(" [").append(error.type()).append(']');
		}
		if (error.code() != null) {
			text.append(" (").append(error.code()).append(')');
		}
		if (error.message() != null) {
			text.append(": ").append(error.message());
		}
		return text.toString();
	}

	private static String lower(@Nullable String value) {
		return (value != null) ? value.toLowerCase(Locale.ROOT) : "";
	}

	private static boolean hasCause(Throwable failure, Class<? extends Throwable> type) {
		for (Throwable candidate = failure; candidate != null; candidate = candidate.getCause()) {
			if (type.isInstance(candidate)) {
				return true;
			}
			if (candidate.getCause() == candidate) {
				break;
			}
		}
		return false;
	}

	private static boolean hasCauseNamed(Throwable failure, String simpleName) {
		for (Throwable candidate = failure; candidate != null; candidate = candidate.getCause()) {
			for (Class<?> type = candidate.getClass(); type != null; type = type.getSuperclass()) {
				if (type.getSimpleName().equals(simpleName)) {
					return true;
				}
			}
			if (candidate.getCause() == candidate) {
				break;
			}
		}
		return false;
	}

	private static Throwable rootCause(Throwable failure) {
		Throwable root = failure;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return root;
	}

}
