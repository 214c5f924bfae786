package dev.llmrouter.observation;

import dev.llmrouter.observation.LlmRouterObservationDocumentation.AttemptHighCardinalityKeyNames;
import dev.llmrouter.observation.LlmRouterObservationDocumentation.AttemptLowCardinalityKeyNames;
import dev.llmrouter.observation.LlmRouterObservationDocumentation.GenAiKeyNames;
import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;

/**
 * The default {@link AttemptObservationConvention}: the observation
 * {@code llm.router.attempt}, named {@code chat <model>} in traces.
 *
 * @author llm-router
 */
public class DefaultAttemptObservationConvention implements AttemptObservationConvention {

	/** The observation name. */
	public static final String NAME = "llm.router.attempt";

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public String getContextualName(AttemptObservationContext context) {
		return context.getOperationName() + " " + context.getRequestModel();
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(AttemptObservationContext context) {
		String responseModel = (context.getResponseModel() != null) ? context.getResponseModel()
				: context.getRequestModel();
		return KeyValues.of(GenAiKeyNames.OPERATION_NAME.withValue(context.getOperationName()),
				GenAiKeyNames.SYSTEM.withValue(context.getSystem()),
				GenAiKeyNames.REQUEST_MODEL.withValue(context.getRequestModel()),
				GenAiKeyNames.RESPONSE_MODEL.withValue(responseModel),
				GenAiKeyNames.ERROR_TYPE.withValue((context.getError() != null)
						? context.getError().getClass().getSimpleName() : KeyValue.NONE_VALUE),
				AttemptLowCardinalityKeyNames.MODEL_GROUP.withValue(context.getModelGroup()),
				AttemptLowCardinalityKeyNames.DEPLOYMENT.withValue(context.getDeployment()));
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(AttemptObservationContext context) {
		KeyValues keyValues = KeyValues
			.of(AttemptHighCardinalityKeyNames.ATTEMPT.withValue(Integer.toString(context.getAttempt())));
		if (context.getStatus() > 0) {
			keyValues = keyValues
				.and(AttemptHighCardinalityKeyNames.STATUS_CODE.withValue(Integer.toString(context.getStatus())));
		}
		return keyValues;
	}

}
