package dev.llmrouter.test;

/**
 * What a {@link FaultProfile} does with one request.
 */
public enum Fault {

	/** Answer normally (after the profile's latency). */
	NONE,

	/** Answer normally after an extra delay of up to the profile's slow latency. */
	SLOW,

	/**
	 * HTTP 429 {@code rate_limit_exceeded} with {@code retry-after-ms} and
	 * {@code Retry-After}.
	 */
	RATE_LIMITED,

	/** HTTP 500 {@code server_error}. */
	SERVER_ERROR,

	/** HTTP 503, the engine overloaded. */
	UNAVAILABLE,

	/** The connection closed without an answer. */
	RESET,

	/**
	 * No answer: not even headers, for the profile's hang time (forever unless set), then
	 * a normal answer.
	 */
	HANG,

	/** HTTP 200 with a body that is not valid JSON (or an event that is not). */
	MALFORMED,

	/**
	 * HTTP 200 with part of the answer, then the connection closed: a stream's first
	 * tokens without an end, or half a JSON body.
	 */
	TRUNCATED,

	/**
	 * HTTP 200 with part of the answer, then silence with the connection open.
	 */
	STALLED

}
