package dev.llmrouter.routing.internal;

import java.util.function.Function;

import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;

/**
 * A call that streams: each subscription runs a fresh {@link RoutedCall}.
 *
 * @param <R> the request type
 * @param <T> the element type
 * @author llm-router
 */
final class RoutedFlux<R, T> extends Flux<T> {

	private final DefaultLlmRouter engine;

	private final R request;

	private final Function<R, Operation<T>> operation;

	RoutedFlux(DefaultLlmRouter engine, R request, Function<R, Operation<T>> operation) {
		this.engine = engine;
		this.request = request;
		this.operation = operation;
	}

	@Override
	public void subscribe(CoreSubscriber<? super T> actual) {
		this.engine.run(this.operation.apply(this.request), actual);
	}

}
