package dev.llmrouter.observation;

import dev.llmrouter.CallMetadata;
import dev.llmrouter.Usage;
import dev.llmrouter.observation.LlmRouterObservationDocumentation.ChatHighCardinalityKeyNames;
import dev.llmrouter.observation.LlmRouterObservationDocumentation.GenAiKeyNames;
import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import org.jspecify.annotations.Nullable;

/**
 * The default {@link ChatObservationConvention}: the observation
 * {@code gen_ai.client.operation.duration}, named {@code chat <group>} (or
 * {@code embeddings <group>}) in traces, with the OpenTelemetry GenAI keys. An embedding
 * call reports input tokens only.
 *
 * @author llm-router
 */
public class DefaultChatObservationConvention implements ChatObservationConvention {

	/** The observation name, which is also the name of its timer. */
	public static final String NAME = "gen_ai.client.operation.duration";

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public String getContextualName(ChatObservationContext context) {
		return context.getOperationName() + " " + context.getModelGroup();
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(ChatObservationContext context) {
		String responseModel = (context.getResponseModel() != null) ? context.getResponseModel()
				: context.getDeploymentModel();
		return KeyValues.of(GenAiKeyNames.OPERATION_NAME.withValue(context.getOperationName()),
				GenAiKeyNames.SYSTEM.withValue(orNone(context.getSystem())),
				GenAiKeyNames.REQUEST_MODEL.withValue(context.getModelGroup()),
				GenAiKeyNames.RESPONSE_MODEL.withValue(orNone(responseModel)),
				GenAiKeyNames.ERROR_TYPE.withValue((context.getError() != null)
						? context.getError().getClass().getSimpleName() : KeyValue.NONE_VALUE));
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(ChatObservationContext context) {
		KeyValues keyValues = KeyValues.empty();
		Usage usage = context.getUsage();
		if (usage != null) {
			keyValues = keyValues
				.and(ChatHighCardinalityKeyNames.INPUT_TOKENS.withValue(Long.toString(usage.promptTokens())));
			if (context.hasOutputTokens()) {
				keyValues = keyValues
					.and(ChatHighCardinalityKeyNames.OUTPUT_TOKENS.withValue(Long.toString(usage.completionTokens())));
			}
		}
		CallMetadata metadata = context.getMetadata();
		if (metadata != null) {
			keyValues = keyValues.and(ChatHighCardinalityKeyNames.MODEL_GROUP.withValue(metadata.modelGroup()),
					ChatHighCardinalityKeyNames.DEPLOYMENT.withValue(orNone(metadata.deployment())),
					ChatHighCardinalityKeyNames.RETRY_COUNT.withValue(Integer.toString(metadata.retryCount())),
					ChatHighCardinalityKeyNames.FALLBACK_COUNT.withValue(Integer.toString(metadata.fallbackCount())));
		}
		return keyValues;
	}

	private static String orNone(@Nullable String value) {
		return (value != null) ? value : KeyValue.NONE_VALUE;
	}

}
