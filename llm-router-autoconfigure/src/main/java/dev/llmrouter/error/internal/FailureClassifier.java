package dev.llmrouter.error.internal;

import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
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
import dev.llmrouter.error.QuotaExceededException;
import dev.llmrouter.error.RateLimitException;
import dev.llmrouter.error.ServiceUnavailableException;
import dev.llmrouter.error.UnsupportedParamsException;
import dev.llmrouter.provider.ProviderError;
import org.jspecify.annotations.Nullable;

/**
 * The one place that turns a provider's answer or a transport failure into an
 * {@link LlmException}. Retry, cooldown and fallback decisions all read the
 * classification made here. An adapter may classify its own provider's errors first
 * ({@code LlmProvider.classify}); what it leaves is classified by the shared rules below.
 *
 * @author llm-router
 */
public final class FailureClassifier {

	private FailureClassifier() {
	}

	/**
	 * Classify an error answer.
	 * @param error the error the provider answered
	 * @param adapterType the type the deployment's adapter gave it, or {@code null} to
	 * use the shared rules
	 * @param source who answered, for the message (such as {@code deployment 'east'})
	 * @param clock the clock an HTTP-date {@code Retry-After} is measured against
	 * @return the exception
	 */
	public static LlmException classify(ProviderError error, @Nullable ErrorType adapterType, String source,
			Clock clock) {
		ErrorType type = (adapterType != null) ? adapterType : type(error);
		Duration retryAfter = RetryAfter.parse(error::header, clock);
		return create(type, error, message(error, source), retryAfter);
	}

	/**
	 * The shared classification of an error answer, by its status and body.
	 * @param error the error
	 * @return its type
	 */
	public static ErrorType type(ProviderError error) {
		int status = error.status();
		return switch (status) {
			case 408 -> ErrorType.TIMEOUT;
			case 429 -> ErrorType.RATE_LIMIT;
			case 401, 403 -> ErrorType.AUTHENTICATION;
			case 404 -> ErrorType.NOT_FOUND;
			case 409 -> ErrorType.INTERNAL_SERVER;
			default -> {
				if (status >= 500) {
					yield ErrorType.INTERNAL_SERVER;
				}
				if (status >= 300 && status < 400) {
					yield ErrorType.BAD_REQUEST;
				}
				yield (status >= 400) ? badRequestType(error) : ErrorType.INTERNAL_SERVER;
			}
		};
	}

	private static ErrorType badRequestType(ProviderError error) {
		String code = lower(error.code());
		String type = lower(error.type());
		String text = lower(error.message());
		if (code.contains("context_length_exceeded") || type.contains("context_length_exceeded")
				|| text.contains("context length") || text.contains("context window")
				|| text.contains("maximum context") || text.contains("prompt is too long")) {
			return ErrorType.CONTEXT_WINDOW_EXCEEDED;
		}
		if (code.contains("content_filter") || code.contains("content_policy") || type.contains("content_filter")
				|| type.contains("content_policy") || text.contains("content management policy")
				|| text.contains("content policy")) {
			return ErrorType.CONTENT_POLICY_VIOLATION;
		}
		if (code.contains("unsupported_parameter") || code.contains("unsupported_value")
				|| text.contains("unsupported parameter") || text.contains("unsupported value")) {
			return ErrorType.UNSUPPORTED_PARAMS;
		}
		return ErrorType.BAD_REQUEST;
	}

	private static LlmException create(ErrorType type, ProviderError error, String message,
			@Nullable Duration retryAfter) {
		int status = error.status();
		return switch (type) {
			case TIMEOUT -> new LlmTimeoutException(message, status, retryAfter, null);
			case RATE_LIMIT -> new RateLimitException(message, status, retryAfter, null);
			case QUOTA_EXCEEDED -> new QuotaExceededException(message, status, retryAfter, null);
			case BAD_REQUEST -> new BadRequestException(message, status, retryAfter, null);
			case CONTEXT_WINDOW_EXCEEDED -> new ContextWindowExceededException(message, status, retryAfter, null);
			case CONTENT_POLICY_VIOLATION -> new ContentPolicyViolationException(message, status, retryAfter, null);
			case UNSUPPORTED_PARAMS -> new UnsupportedParamsException(message, status, retryAfter, null);
			case AUTHENTICATION -> (status == 403) ? new PermissionDeniedException(message, status, retryAfter, null)
					: new AuthenticationException(message, status, retryAfter, null);
			case NOT_FOUND -> new NotFoundException(message, status, retryAfter, null);
			default ->
				(status == 503 || status == 529) ? new ServiceUnavailableException(message, status, retryAfter, null)
						: new InternalServerException(message, status, retryAfter, null);
		};
	}

	private static String message(ProviderError error, String source) {
		int status = error.status();
		StringBuilder text = new StringBuilder();
		text.append((status > 0) ? "HTTP " + status + " from " : "Error in the stream from ").append(source);
		if (status >= 300 && status < 400) {
			String location = error.header("location");
			text.append(": redirect to ")
				.append((location != null) ? location : "another address")
				.append(" not followed (the prompt and key go only to the configured base-url; set it to the final address)");
			return text.toString();
		}
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
