package dev.llmrouter.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * An {@link ObservationConvention} for routed calls. Declare a
 * {@link io.micrometer.observation.GlobalObservationConvention} of this context to change
 * the keys.
 *
 * @author llm-router
 */
public interface ChatObservationConvention extends ObservationConvention<ChatObservationContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof ChatObservationContext;
	}

}
