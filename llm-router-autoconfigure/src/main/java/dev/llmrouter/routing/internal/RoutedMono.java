package dev.llmrouter.routing.internal;

import java.util.function.Function;

import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;

/**
 * A call with one answer: each subscription runs a fresh {@link RoutedCall}.
 *
 * @param <R> the request type
 * @param <T> the answer type
 * @author llm-router
 */
final class RoutedMono<R, T> extends Mono<T> {

	private final DefaultLlmRouter engine;

	private final R request;

	private final Function<R, Operation<T>> operation;

	RoutedMono(DefaultLlmRouter engine, R request, Function<R, Operation<T>> operation) {
		this.engine = engine;
		this.request = request;
		this.operation = operation;
	}

	@Override
	public void subscribe(CoreSubscriber<? super T> actual) {
		this.engine.run(this.operation.apply(this.request), actual);
	}

}
