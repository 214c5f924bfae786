package dev.llmrouter;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What happened during a routed call: the group and deployment that answered, and every
 * attempt made on the way. Available from {@link ChatResponse#metadata()} and from every
 * {@link dev.llmrouter.error.LlmException#metadata()}.
 *
 * @param modelGroup the group of the last attempt (the one that answered, on success)
 * @param deployment the deployment id of the last attempt, or {@code null} if none was
 * made
 * @param retryCount attempts minus one over the whole call, fallbacks included
 * @param fallbackCount how many fallback groups the call moved to
 * @param attempts every attempt, in order
 */
public record CallMetadata(String modelGroup, @Nullable String deployment, int retryCount, int fallbackCount,
		List<Attempt> attempts) {

	public CallMetadata {
		attempts = List.copyOf(attempts);
	}

	/**
	 * Metadata of a call that has made no attempt yet.
	 * @param modelGroup the requested group
	 * @return empty metadata
	 */
	public static CallMetadata empty(String modelGroup) {
		return new CallMetadata(modelGroup, null, 0, 0, List.of());
	}

}
