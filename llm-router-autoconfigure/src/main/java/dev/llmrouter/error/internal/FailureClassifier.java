package dev.llmrouter.error.internal;

import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.time.Clock;
import java.time.Duration;
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
		Duration retryAfter = RetryAfter.parse(error::header, clock, type == ErrorType.RATE_LIMIT);
		return create(type, error, message(error, source), retryAfter);
	}

	/**
	 * The shared classification of an error answer, by its status, then the body's
	 * {@code type}, {@code code} and {@code message} (and Azure's
	 * {@code innererror.code}). An error without a status (one that arrived inside a
	 * successful response) is classified by the status its numeric {@code code} names,
	 * else by its type and code, exactly as the same error in an HTTP body would be.
	 * @param error the error
	 * @return its type
	 */
	public static ErrorType type(ProviderError error) {
		int status = (error.status() > 0) ? error.status() : numericCode(error);
		if (status > 0) {
			return typeByStatus(status, error);
		}
		return typeWithoutStatus(error);
	}

	private static ErrorType typeByStatus(int status, ProviderError error) {
		return switch (status) {
			case 402 -> ErrorType.QUOTA_EXCEEDED;
			case 408 -> ErrorType.TIMEOUT;
			case 429 ->
				ErrorPhrasings.anyIn(error, ErrorPhrasings.QUOTA) ? ErrorType.QUOTA_EXCEEDED : ErrorType.RATE_LIMIT;
			case 401 -> ErrorType.AUTHENTICATION;
			case 403 -> ErrorPhrasings.anyIn(error, ErrorPhrasings.CONTENT_POLICY) ? ErrorType.CONTENT_POLICY_VIOLATION
					: ErrorType.AUTHENTICATION;
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
		ErrorType refined = refinedType(error);
		return (refined != null) ? refined : ErrorType.BAD_REQUEST;
	}

	/**
	 * The 400-family types an error's words name, checked in this order, or {@code null}
	 * for none.
	 */
	private static @Nullable ErrorType refinedType(ProviderError error) {
		if (ErrorPhrasings.anyIn(error, ErrorPhrasings.CONTEXT_WINDOW)) {
			return ErrorType.CONTEXT_WINDOW_EXCEEDED;
		}
		if (ErrorPhrasings.anyIn(error, ErrorPhrasings.QUOTA)) {
			return ErrorType.QUOTA_EXCEEDED;
		}
		if (ErrorPhrasings.anyIn(error, ErrorPhrasings.CONTENT_POLICY)) {
			return ErrorType.CONTENT_POLICY_VIOLATION;
		}
		if (ErrorPhrasings.anyIn(error, ErrorPhrasings.UNSUPPORTED_PARAMS)) {
			return ErrorType.UNSUPPORTED_PARAMS;
		}
		return null;
	}

	private static ErrorType typeWithoutStatus(ProviderError error) {
		if (ErrorPhrasings.anyInIdentifiers(error, ErrorPhrasings.QUOTA)) {
			return ErrorType.QUOTA_EXCEEDED;
		}
		if (ErrorPhrasings.anyInIdentifiers(error, ErrorPhrasings.AUTHENTICATION)
				|| ErrorPhrasings.anyInIdentifiers(error, ErrorPhrasings.PERMISSION)) {
			return ErrorType.AUTHENTICATION;
		}
		if (ErrorPhrasings.anyInIdentifiers(error, ErrorPhrasings.RATE_LIMIT)) {
			return ErrorPhrasings.anyIn(error, ErrorPhrasings.QUOTA) ? ErrorType.QUOTA_EXCEEDED : ErrorType.RATE_LIMIT;
		}
		if (ErrorPhrasings.anyInIdentifiers(error, ErrorPhrasings.NOT_FOUND)) {
			return ErrorType.NOT_FOUND;
		}
		if (ErrorPhrasings.anyInIdentifiers(error, ErrorPhrasings.OVERLOADED)
				|| ErrorPhrasings.anyInIdentifiers(error, ErrorPhrasings.SERVER_ERROR)) {
			return ErrorType.INTERNAL_SERVER;
		}
		ErrorType refined = refinedType(error);
		if (refined != null) {
			return refined;
		}
		return ErrorPhrasings.anyInIdentifiers(error, ErrorPhrasings.BAD_REQUEST) ? ErrorType.BAD_REQUEST
				: ErrorType.INTERNAL_SERVER;
	}

	/**
	 * The status a numeric {@code code} names (vLLM and llama.cpp put the status there),
	 * or {@code 0}.
	 */
	private static int numericCode(ProviderError error) {
		String code = error.code();
		if (code == null || code.length() != 3) {
			return 0;
		}
		for (int i = 0; i < 3; i++) {
			if (!Character.isDigit(code.charAt(i))) {
				return 0;
			}
		}
		int status = Integer.parseInt(code);
		return (status >= 400 && status < 600) ? status : 0;
	}

	private static LlmException create(ErrorType type, ProviderError error, String message,
			@Nullable Duration retryAfter) {
		return exception(type, error, message, retryAfter).withProviderFields(error.fields());
	}

	private static LlmException exception(ErrorType type, ProviderError error, String message,
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
			case AUTHENTICATION ->
				isPermissionDenied(error) ? new PermissionDeniedException(message, status, retryAfter, null)
						: new AuthenticationException(message, status, retryAfter, null);
			case NOT_FOUND -> new NotFoundException(message, status, retryAfter, null);
			default -> isUnavailable(error) ? new ServiceUnavailableException(message, status, retryAfter, null)
					: new InternalServerException(message, status, retryAfter, null);
		};
	}

	private static boolean isPermissionDenied(ProviderError error) {
		int status = (error.status() > 0) ? error.status() : numericCode(error);
		return status == 403 || (status == 0 && ErrorPhrasings.anyInIdentifiers(error, ErrorPhrasings.PERMISSION));
	}

	private static boolean isUnavailable(ProviderError error) {
		int status = (error.status() > 0) ? error.status() : numericCode(error);
		return status == 503 || status == 529
				|| (status == 0 && ErrorPhrasings.anyInIdentifiers(error, ErrorPhrasings.OVERLOADED));
	}

	private static String message(ProviderError error, String source) {
		int status = error.status();
		StringBuilder text = new StringBuilder();
		text.append((status > 0) ? "HTTP " + status + " from " : "Error inside the successful response from ")
			.append(source);
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
			text.append(" (").append((numericCode(error) > 0) ? "code " : "").append(error.code()).append(')');
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
