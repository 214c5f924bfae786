package dev.llmrouter.routing.internal;

import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.Fuseable;
import reactor.core.publisher.Mono;

/**
 * Goes on after an asynchronous state change: at once, in the same call, when the change
 * completed at once (the in-memory store's {@code Mono.just} and {@code Mono.empty},
 * which Reactor reads without subscribing), else when it completes.
 *
 * @author llm-router
 */
final class Scalars {

	private static final Log logger = LogFactory.getLog(Scalars.class);

	private Scalars() {
	}

	/**
	 * Whether a change completed at once, so that {@link #value(Mono)} reads it.
	 */
	static boolean isDone(Mono<?> change) {
		return change instanceof Fuseable.ScalarCallable;
	}

	/**
	 * The value of a change that completed at once.
	 */
	@SuppressWarnings("unchecked")
	static <V> @Nullable V value(Mono<V> change) {
		try {
			return ((Fuseable.ScalarCallable<V>) change).call();
		}
		catch (Exception ex) {
			logger.debug("A deployment state change failed; going on with the local view", ex);
			return null;
		}
	}

	/**
	 * Go on with the change's value, or {@code orElse} if it has none or failed.
	 */
	static <V> void then(Mono<V> change, V orElse, Consumer<V> next) {
		if (isDone(change)) {
			V value = value(change);
			next.accept((value != null) ? value : orElse);
			return;
		}
		change.subscribe(new Once<>(orElse, next));
	}

	private static final class Once<V> implements CoreSubscriber<V> {

		private final V orElse;

		private final Consumer<V> next;

		private boolean done;

		Once(V orElse, Consumer<V> next) {
			this.orElse = orElse;
			this.next = next;
		}

		@Override
		public void onSubscribe(Subscription subscription) {
			subscription.request(Long.MAX_VALUE);
		}

		@Override
		public void onNext(V value) {
			if (!this.done) {
				this.done = true;
				this.next.accept(value);
			}
		}

		@Override
		public void onError(Throwable failure) {
			logger.debug("A deployment state change failed; going on with the local view", failure);
			onComplete();
		}

		@Override
		public void onComplete() {
			if (!this.done) {
				this.done = true;
				this.next.accept(this.orElse);
			}
		}

	}

}
