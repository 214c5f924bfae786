package dev.llmrouter.error.internal;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.llmrouter.provider.ProviderError;
import org.jspecify.annotations.Nullable;

/**
 * The words by which servers say what went wrong, in the {@code type}, {@code code} and
 * {@code message} of their error bodies (and Azure's {@code innererror.code}), matched
 * case-insensitively as substrings. The table of which server says what is in
 * {@code docs/errors.md}; each entry's source is cited in {@code FailureClassifierTests}.
 *
 * @author llm-router
 */
final class ErrorPhrasings {

	/** The context length was exceeded. */
	static final List<String> CONTEXT_WINDOW = List.of("context_length_exceeded", "maximum context length",
			"context window", "context_window_exceeded", "prompt is too long", "prompt too long",
			"is longer than the maximum model length", "exceeds the available context size",
			"exceed_context_size_error", "tokens + `max_new_tokens` must be <=", "`inputs` must have less than",
			"exceeds the maximum number of tokens allowed", "please reduce the length of the messages",
			"context length");

	/** The account's quota or credit is spent. */
	static final List<String> QUOTA = List.of("insufficient_quota", "billing_error", "exceeded your current quota",
			"credit balance is too low", "insufficient credits", "insufficient_credits");

	/** A content filter or moderation rejected the request. */
	static final List<String> CONTENT_POLICY = List.of("content_filter", "content_policy", "moderation",
			"responsibleaipolicyviolation", "content management policy", "flagged", "safety system");

	/** A parameter or value the server does not take. */
	static final List<String> UNSUPPORTED_PARAMS = List.of("unsupported_parameter", "unsupported_value",
			"unknown_parameter", "unsupported parameter", "unsupported value", "unknown parameter",
			"unrecognized request argument", "is not supported with this model", "does not support",
			"extra inputs are not permitted", "extra_forbidden");

	/** The key is wrong or missing (in-stream errors). */
	static final List<String> AUTHENTICATION = List.of("invalid_api_key", "authentication_error",
			"invalid_authentication", "unauthorized");

	/** Access is denied (in-stream errors). */
	static final List<String> PERMISSION = List.of("permission_error", "permission_denied", "forbidden");

	/** A rate limit was hit (in-stream errors). */
	static final List<String> RATE_LIMIT = List.of("rate_limit_exceeded", "rate_limit_error", "rate_limit",
			"resource_exhausted", "too many requests");

	/** The server is overloaded (in-stream errors). */
	static final List<String> OVERLOADED = List.of("overloaded_error", "overloaded", "service_unavailable",
			"unavailable");

	/** The model or resource does not exist (in-stream errors). */
	static final List<String> NOT_FOUND = List.of("not_found_error", "model_not_found", "not_found");

	/** The server failed (in-stream errors). */
	static final List<String> SERVER_ERROR = List.of("server_error", "api_error", "internal_error",
			"internalservererror");

	/** The request is invalid (in-stream errors). */
	static final List<String> BAD_REQUEST = List.of("invalid_request_error", "badrequesterror", "invalid_argument",
			"request_too_large", "validation");

	private ErrorPhrasings() {
	}

	/**
	 * Whether the error's {@code type}, {@code code}, {@code message} or
	 * {@code innererror.code} contains one of the phrasings.
	 * @param error the error
	 * @param phrasings lower-case phrasings
	 * @return {@code true} if one is found
	 */
	static boolean anyIn(ProviderError error, List<String> phrasings) {
		return containsAny(error.type(), phrasings) || containsAny(error.code(), phrasings)
				|| containsAny(error.message(), phrasings) || containsAny(innerErrorCode(error), phrasings);
	}

	/**
	 * Whether the error's {@code type} or {@code code} (not its message) contains one of
	 * the phrasings: the identifiers of an error that arrived without an HTTP status.
	 * @param error the error
	 * @param phrasings lower-case phrasings
	 * @return {@code true} if one is found
	 */
	static boolean anyInIdentifiers(ProviderError error, List<String> phrasings) {
		return containsAny(error.type(), phrasings) || containsAny(error.code(), phrasings);
	}

	private static @Nullable String innerErrorCode(ProviderError error) {
		Object inner = error.fields().get("innererror");
		if (inner instanceof Map<?, ?> map && map.get("code") instanceof String code) {
			return code;
		}
		return null;
	}

	private static boolean containsAny(@Nullable String value, List<String> phrasings) {
		if (value == null || value.isEmpty()) {
			return false;
		}
		String text = value.toLowerCase(Locale.ROOT);
		for (String phrasing : phrasings) {
			if (text.contains(phrasing)) {
				return true;
			}
		}
		return false;
	}

}
