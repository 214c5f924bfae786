package dev.llmrouter.provider;

import java.time.Instant;
import java.util.Objects;

/**
 * A bearer token from an {@link LlmCredentialsProvider} and when it expires.
 * {@link #toString()} never shows the token.
 *
 * @param token the token
 * @param expiresAt when it stops being valid
 * @author llm-router
 */
public record AccessToken(String token, Instant expiresAt) {

	/**
	 * Create a new token.
	 * @param token the token
	 * @param expiresAt when it expires
	 */
	public AccessToken {
		Objects.requireNonNull(token, "token must not be null");
		Objects.requireNonNull(expiresAt, "expiresAt must not be null");
	}

	@Override
	public String toString() {
		return "AccessToken[token=" + ProviderEndpoint.mask(this.token) + ", expiresAt=" + this.expiresAt + "]";
	}

}
