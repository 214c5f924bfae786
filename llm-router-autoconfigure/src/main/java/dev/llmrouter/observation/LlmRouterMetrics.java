package dev.llmrouter.observation;

import java.time.Duration;
import java.util.List;

import dev.llmrouter.Attempt;
import dev.llmrouter.CallMetadata;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter.MeterProvider;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * An {@link LlmRouterListener} that counts the router's events as Micrometer meters:
 * <ul>
 * <li>{@code llm.router.requests} (timer; {@code model.group}, {@code outcome}): calls by
 * the group of their first attempt, {@code outcome} {@code success} or {@code failure}.
 * The time is the sum of the attempts and the waits before them, on the router's clock.
 * <li>{@code llm.router.attempts} (counter; {@code model.group}, {@code deployment},
 * {@code outcome}, {@code error.type}): attempts, {@code outcome} {@code success} or the
 * simple name of the exception that ended it, {@code error.type} that name or
 * {@code none}. A failed attempt counts when it fails, a successful one when the call
 * succeeds.
 * <li>{@code llm.router.retries} (counter; {@code model.group}, {@code error.type}):
 * retries made, by the error that caused them, counted when the retry starts.
 * <li>{@code llm.router.fallbacks} (counter; {@code from}, {@code to}, {@code outcome}):
 * moves from one group to the next, counted when the call ends, {@code outcome} being the
 * call's.
 * <li>{@code llm.router.cooldowns} (counter; {@code model.group}, {@code deployment}):
 * deployments cooled down.
 * </ul>
 * Tags are low-cardinality: group and deployment ids from the configuration and exception
 * type names, never messages. Cancelled calls are not counted as requests.
 *
 * @author llm-router
 */
public class LlmRouterMetrics implements LlmRouterListener {

	/** Tag value of a successful call or attempt. */
	public static final String SUCCESS = "success";

	/** Tag value of a failed call. */
	public static final String FAILURE = "failure";

	private static final String NONE = "none";

	private final MeterProvider<Timer> requests;

	private final MeterProvider<Counter> attempts;

	private final MeterProvider<Counter> retries;

	private final MeterProvider<Counter> fallbacks;

	private final MeterProvider<Counter> cooldowns;

	/**
	 * Create the meters in a registry.
	 * @param registry the registry
	 */
	public LlmRouterMetrics(MeterRegistry registry) {
		this.requests = Timer.builder("llm.router.requests")
			.description("Routed LLM calls, retries, waits and fallbacks included")
			.withRegistry(registry);
		this.attempts = Counter.builder("llm.router.attempts")
			.description("Requests sent to deployments")
			.withRegistry(registry);
		this.retries = Counter.builder("llm.router.retries")
			.description("Retries made within a model group, counted as each starts")
			.withRegistry(registry);
		this.fallbacks = Counter.builder("llm.router.fallbacks")
			.description("Moves of a call from a failed model group to a fallback group")
			.withRegistry(registry);
		this.cooldowns = Counter.builder("llm.router.cooldowns")
			.description("Deployments taken out of rotation for a while")
			.withRegistry(registry);
	}

	@Override
	public void onAttemptFailed(AttemptFailedEvent event) {
		String type = event.error().getClass().getSimpleName();
		this.attempts
			.withTags("model.group", event.group(), "deployment", event.deployment(), "outcome", type, "error.type",
					type)
			.increment();
	}

	@Override
	public void onRetry(RetryEvent event) {
		this.retries.withTags("model.group", event.group(), "error.type", event.error().getClass().getSimpleName())
			.increment();
	}

	@Override
	public void onCooldown(CooldownEvent event) {
		this.cooldowns.withTags("model.group", event.group(), "deployment", event.deployment()).increment();
	}

	@Override
	public void onSuccess(SuccessEvent event) {
		CallMetadata metadata = event.metadata();
		List<Attempt> attempts = metadata.attempts();
		if (!attempts.isEmpty()) {
			Attempt last = attempts.get(attempts.size() - 1);
			this.attempts
				.withTags("model.group", last.modelGroup(), "deployment", last.deployment(), "outcome", SUCCESS,
						"error.type", NONE)
				.increment();
		}
		callEnded(metadata, SUCCESS);
	}

	@Override
	public void onFailure(FailureEvent event) {
		callEnded(event.error().metadata(), FAILURE);
	}

	private void callEnded(CallMetadata metadata, String outcome) {
		List<Attempt> attempts = metadata.attempts();
		String group = attempts.isEmpty() ? metadata.modelGroup() : attempts.get(0).modelGroup();
		long nanos = 0;
		String previous = null;
		for (Attempt attempt : attempts) {
			nanos += attempt.backoff().toNanos() + attempt.duration().toNanos();
			if (previous != null && !previous.equals(attempt.modelGroup())) {
				this.fallbacks.withTags("from", previous, "to", attempt.modelGroup(), "outcome", outcome).increment();
			}
			previous = attempt.modelGroup();
		}
		this.requests.withTags("model.group", group, "outcome", outcome).record(Duration.ofNanos(nanos));
	}

}
