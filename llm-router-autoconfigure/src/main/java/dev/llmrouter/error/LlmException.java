package dev.llmrouter.error;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import dev.llmrouter.CallMetadata;
import org.jspecify.annotations.Nullable;

/**
 * Base of every failure the router reports. Carries the provider's HTTP status (if any),
 * the wait the provider asked for (if any) and the {@link CallMetadata} of the call.
 * <p>
 * Messages never contain API keys.
 *
 * @author llm-router
 */
public abstract class LlmException extends RuntimeException {

	private final int statusCode;

	private final @Nullable Duration retryAfter;

	private volatile @Nullable CallMetadata metadata;

	private volatile Map<String, Object> providerFields = Map.of();

	protected LlmException(String message, int statusCode, @Nullable Duration retryAfter, @Nullable Throwable cause) {
		super(message, cause);
		this.statusCode = statusCode;
		this.retryAfter = retryAfter;
	}

	/**
	 * The classification of this failure.
	 * @return the error type
	 */
	public abstract ErrorType errorType();

	/**
	 * The HTTP status the provider answered with.
	 * @return the status, or empty for a transport failure or timeout
	 */
	public OptionalInt statusCode() {
		return (this.statusCode > 0) ? OptionalInt.of(this.statusCode) : OptionalInt.empty();
	}

	/**
	 * How long the provider asked to wait ({@code retry-after-ms} or
	 * {@code Retry-After}), or for {@link NoDeploymentAvailableException} the time until
	 * a deployment is available.
	 * @return the wait, or empty if none was given
	 */
	public Optional<Duration> retryAfter() {
		return Optional.ofNullable(this.retryAfter);
	}

	/**
	 * What happened during the call, every attempt included.
	 * @return the metadata, or empty metadata if the failure did not come from a routed
	 * call
	 */
	public CallMetadata metadata() {
		CallMetadata metadata = this.metadata;
		return (metadata != null) ? metadata : CallMetadata.empty("");
	}

	/**
	 * Attach the metadata of the call. Used by the router when the failure leaves the
	 * call.
	 * @param metadata the metadata
	 * @return this exception
	 */
	public LlmException withMetadata(CallMetadata metadata) {
		this.metadata = metadata;
		return this;
	}

	/**
	 * The fields of the provider's error body that the types do not name, such as Azure's
	 * {@code innererror} with its content-filter categories, or OpenAI's {@code param}.
	 * @return the fields, empty if there were none
	 */
	public Map<String, Object> providerFields() {
		return this.providerFields;
	}

	/**
	 * Attach the fields of the provider's error body that the types do not name. Used by
	 * the classifier.
	 * @param providerFields the fields
	 * @return this exception
	 */
	public LlmException withProviderFields(Map<String, Object> providerFields) {
		this.providerFields = (providerFields == null || providerFields.isEmpty()) ? Map.of()
				: Collections.unmodifiableMap(new LinkedHashMap<>(providerFields));
		return this;
	}

	int rawStatus() {
		return this.statusCode;
	}

	@Nullable Duration rawRetryAfter() {
		return this.retryAfter;
	}

}
