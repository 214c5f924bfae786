package dev.llmrouter.sample.standin;

import java.time.Duration;
import java.util.List;

import dev.llmrouter.Attempt;
import dev.llmrouter.CallMetadata;
import dev.llmrouter.error.LlmException;
import dev.llmrouter.observation.LlmRouterListener;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.stereotype.Component;

/**
 * TEMPORARY stand-in for the starter's {@code llm.router.*} meters that the dashboard
 * reads ({@code requests}, {@code retries}, {@code fallbacks}, {@code cooldowns}), with
 * the agreed names and tags. It switches itself off when
 * {@code dev.llmrouter.actuate.LlmRouterEndpoint} exists; delete it then.
 *
 * @author llm-router
 */
@Component
@ConditionalOnMissingClass("dev.llmrouter.actuate.LlmRouterEndpoint")
public class LlmRouterMetersStandIn implements LlmRouterListener {

	private final MeterRegistry registry;

	LlmRouterMetersStandIn(MeterRegistry registry) {
		this.registry = registry;
	}

	@Override
	public void onRetry(String group, String deployment, LlmException error, Duration delay, CallMetadata metadata) {
		this.registry
			.counter("llm.router.retries", "model.group", group, "error.type", error.getClass().getSimpleName())
			.increment();
	}

	@Override
	public void onCooldown(String group, String deployment, Duration duration, LlmException error) {
		this.registry.counter("llm.router.cooldowns", "model.group", group, "deployment", deployment).increment();
	}

	@Override
	public void onSuccess(CallMetadata metadata) {
		ended(metadata, "success");
	}

	@Override
	public void onFailure(LlmException error) {
		ended(error.metadata(), "failure");
	}

	private void ended(CallMetadata metadata, String outcome) {
		List<Attempt> attempts = metadata.attempts();
		String group = attempts.isEmpty() ? metadata.modelGroup() : attempts.get(0).modelGroup();
		Duration duration = Duration.ZERO;
		for (int i = 0; i < attempts.size(); i++) {
			Attempt attempt = attempts.get(i);
			duration = duration.plus(attempt.duration()).plus(attempt.backoff());
			if (i > 0 && !attempts.get(i - 1).modelGroup().equals(attempt.modelGroup())) {
				this.registry
					.counter("llm.router.fallbacks", "from", attempts.get(i - 1).modelGroup(), "to",
							attempt.modelGroup(), "outcome", outcome)
					.increment();
			}
		}
		this.registry.timer("llm.router.requests", "model.group", group, "outcome", outcome).record(duration);
	}

}
