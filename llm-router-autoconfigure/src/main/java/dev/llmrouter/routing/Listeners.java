package dev.llmrouter.routing;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

import dev.llmrouter.CallMetadata;
import dev.llmrouter.error.LlmException;
import dev.llmrouter.observation.LlmRouterListener;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Notifies every {@link LlmRouterListener} in order; a listener that throws is logged and
 * skipped.
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

	void attemptFailed(String group, String deployment, LlmException error, CallMetadata metadata) {
		each((listener) -> listener.onAttemptFailed(group, deployment, error, metadata));
	}

	void retry(String group, String deployment, LlmException error, Duration delay, CallMetadata metadata) {
		each((listener) -> listener.onRetry(group, deployment, error, delay, metadata));
	}

	void cooldown(String group, String deployment, Duration duration, LlmException error) {
		each((listener) -> listener.onCooldown(group, deployment, duration, error));
	}

	void fallback(String from, String to, LlmException error, CallMetadata metadata) {
		each((listener) -> listener.onFallback(from, to, error, metadata));
	}

	void success(CallMetadata metadata) {
		each((listener) -> listener.onSuccess(metadata));
	}

	void failure(LlmException error) {
		each((listener) -> listener.onFailure(error));
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
