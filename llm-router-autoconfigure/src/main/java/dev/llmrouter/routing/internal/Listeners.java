package dev.llmrouter.routing.internal;

import java.util.List;
import java.util.function.Consumer;

import dev.llmrouter.observation.AttemptFailedEvent;
import dev.llmrouter.observation.CooldownEvent;
import dev.llmrouter.observation.FailureEvent;
import dev.llmrouter.observation.FallbackEvent;
import dev.llmrouter.observation.LlmRouterListener;
import dev.llmrouter.observation.RetryEvent;
import dev.llmrouter.observation.SuccessEvent;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Notifies every {@link LlmRouterListener} in order; a listener that throws is logged and
 * skipped. With no listener, no event is built.
 *
 * @author llm-router
 */
final class Listeners {

	private static final Log logger = LogFactory.getLog(Listeners.class);

	private final LlmRouterListener[] listeners;

	Listeners(List<LlmRouterListener> listeners) {
		this.listeners = listeners.toArray(new LlmRouterListener[0]);
	}

	boolean isEmpty() {
		return this.listeners.length == 0;
	}

	void attemptFailed(AttemptFailedEvent event) {
		each((listener) -> listener.onAttemptFailed(event));
	}

	void retry(RetryEvent event) {
		each((listener) -> listener.onRetry(event));
	}

	void cooldown(CooldownEvent event) {
		each((listener) -> listener.onCooldown(event));
	}

	void fallback(FallbackEvent event) {
		each((listener) -> listener.onFallback(event));
	}

	void success(SuccessEvent event) {
		each((listener) -> listener.onSuccess(event));
	}

	void failure(FailureEvent event) {
		each((listener) -> listener.onFailure(event));
	}

	private void each(Consumer<LlmRouterListener> event) {
		for (LlmRouterListener listener : this.listeners) {
			try {
				event.accept(listener);
			}
			catch (RuntimeException ex) {
				logger.warn("LlmRouterListener " + listener.getClass().getName() + " failed; the call goes on", ex);
			}
		}
	}

}
