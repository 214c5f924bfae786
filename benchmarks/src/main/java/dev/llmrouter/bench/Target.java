package dev.llmrouter.bench;

import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * One arm's client bound to one base URL of the mock. Non-blocking arms implement
 * {@link #chatAsync()}, blocking ones {@link #chat()}; every arm streams through
 * {@link #stream(StreamSink)}.
 *
 * @author llm-router
 */
interface Target {

	/**
	 * Whether calls are made through {@link #chatAsync()} rather than {@link #chat()}.
	 * @return {@code true} for a non-blocking client
	 */
	boolean async();

	/**
	 * Make one call without blocking.
	 * @return the completion's text
	 */
	default Mono<String> chatAsync() {
		throw new UnsupportedOperationException();
	}

	/**
	 * Make one call, blocking.
	 * @return the completion's text
	 * @throws Exception on failure
	 */
	default String chat() throws Exception {
		throw new UnsupportedOperationException();
	}

	/**
	 * Start one streaming call; events arrive on {@code sink}.
	 * @param sink where the deltas go
	 * @return cancels the stream, where the client can
	 */
	Disposable stream(StreamSink sink);

	/**
	 * Receives one stream's deltas.
	 */
	interface StreamSink {

		void content(String text);

		void complete();

		void error(Throwable error);

	}

}
