package dev.llmrouter.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * An {@link ObservationConvention} for the attempts of routed calls.
 *
 * @author llm-router
 */
public interface AttemptObservationConvention extends ObservationConvention<AttemptObservationContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof AttemptObservationContext;
	}

}
