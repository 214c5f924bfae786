package dev.llmrouter.observation;

import dev.llmrouter.Usage;
import io.micrometer.common.KeyValue;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;

/**
 * Records the token usage of routed calls as the OpenTelemetry GenAI histogram
 * {@code gen_ai.client.token.usage}, tagged with the call's {@code gen_ai.*} keys and
 * {@code gen_ai.token.type} ({@code input} or {@code output}; an embedding call records
 * {@code input} only).
 *
 * @author llm-router
 */
public class GenAiTokenUsageObservationHandler implements ObservationHandler<ChatObservationContext> {

	/** The name of the histogram. */
	public static final String METER_NAME = "gen_ai.client.token.usage";

	private static final String TOKEN_TYPE = "gen_ai.token.type";

	private final MeterRegistry registry;

	/**
	 * Create a handler.
	 * @param registry where the histogram is registered
	 */
	public GenAiTokenUsageObservationHandler(MeterRegistry registry) {
		this.registry = registry;
	}

	@Override
	public void onStop(ChatObservationContext context) {
		Usage usage = context.getUsage();
		if (usage == null) {
			return;
		}
		Tags tags = Tags.empty();
		for (KeyValue keyValue : context.getLowCardinalityKeyValues()) {
			if (keyValue.getKey().startsWith("gen_ai.")) {
				tags = tags.and(keyValue.getKey(), keyValue.getValue());
			}
		}
		record(tags.and(TOKEN_TYPE, "input"), usage.promptTokens());
		if (context.hasOutputTokens()) {
			record(tags.and(TOKEN_TYPE, "output"), usage.completionTokens());
		}
	}

	private void record(Tags tags, long tokens) {
		DistributionSummary.builder(METER_NAME)
			.description("Measures number of input and output tokens used")
			.tags(tags)
			.register(this.registry)
			.record(tokens);
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof ChatObservationContext;
	}

}
