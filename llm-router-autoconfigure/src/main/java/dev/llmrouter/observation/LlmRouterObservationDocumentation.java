package dev.llmrouter.observation;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

/**
 * The observations of the router and their keys, following the OpenTelemetry semantic
 * conventions for generative AI clients. Keys never carry prompt or completion text.
 *
 * @author llm-router
 */
public enum LlmRouterObservationDocumentation implements ObservationDocumentation {

	/**
	 * One routed call (chat, stream or embeddings), retries, waits and fallbacks
	 * included. Its timer is {@code gen_ai.client.operation.duration}.
	 */
	CHAT {

		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return DefaultChatObservationConvention.class;
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return GenAiKeyNames.values();
		}

		@Override
		public KeyName[] getHighCardinalityKeyNames() {
			return ChatHighCardinalityKeyNames.values();
		}

	},

	/**
	 * One attempt of a routed call: one request to one deployment, a child of
	 * {@link #CHAT}.
	 */
	ATTEMPT {

		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return DefaultAttemptObservationConvention.class;
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return KeyName.merge(GenAiKeyNames.values(), AttemptLowCardinalityKeyNames.values());
		}

		@Override
		public KeyName[] getHighCardinalityKeyNames() {
			return AttemptHighCardinalityKeyNames.values();
		}

	};

	/**
	 * Low-cardinality keys of both observations.
	 */
	public enum GenAiKeyNames implements KeyName {

		/**
		 * The operation, {@code chat} or {@code embeddings}.
		 */
		OPERATION_NAME {
			@Override
			public String asString() {
				return "gen_ai.operation.name";
			}
		},

		/**
		 * The provider family of the deployment, such as {@code openai} (of the latest
		 * attempt, for a call).
		 */
		SYSTEM {
			@Override
			public String asString() {
				return "gen_ai.system";
			}
		},

		/**
		 * The model the request names: the model group for a call, the deployment's model
		 * for an attempt.
		 */
		REQUEST_MODEL {
			@Override
			public String asString() {
				return "gen_ai.request.model";
			}
		},

		/**
		 * The model the provider reported, or the deployment's configured model for a
		 * stream.
		 */
		RESPONSE_MODEL {
			@Override
			public String asString() {
				return "gen_ai.response.model";
			}
		},

		/**
		 * The simple name of the exception that ended it, or {@code none}.
		 */
		ERROR_TYPE {
			@Override
			public String asString() {
				return "error.type";
			}
		}

	}

	/**
	 * High-cardinality keys of a call (span attributes only).
	 */
	public enum ChatHighCardinalityKeyNames implements KeyName {

		/**
		 * Prompt tokens the provider reported.
		 */
		INPUT_TOKENS {
			@Override
			public String asString() {
				return "gen_ai.usage.input_tokens";
			}
		},

		/**
		 * Completion tokens the provider reported (not set for embeddings).
		 */
		OUTPUT_TOKENS {
			@Override
			public String asString() {
				return "gen_ai.usage.output_tokens";
			}
		},

		/**
		 * The group of the latest attempt (the one that answered, on success).
		 */
		MODEL_GROUP {
			@Override
			public String asString() {
				return "llm.router.model.group";
			}
		},

		/**
		 * The deployment of the latest attempt.
		 */
		DEPLOYMENT {
			@Override
			public String asString() {
				return "llm.router.deployment";
			}
		},

		/**
		 * Attempts minus one over the whole call.
		 */
		RETRY_COUNT {
			@Override
			public String asString() {
				return "llm.router.retry.count";
			}
		},

		/**
		 * Fallback groups the call moved to.
		 */
		FALLBACK_COUNT {
			@Override
			public String asString() {
				return "llm.router.fallback.count";
			}
		}

	}

	/**
	 * Low-cardinality keys an attempt adds.
	 */
	public enum AttemptLowCardinalityKeyNames implements KeyName {

		/**
		 * The model group of the deployment.
		 */
		MODEL_GROUP {
			@Override
			public String asString() {
				return "llm.router.model.group";
			}
		},

		/**
		 * The deployment id.
		 */
		DEPLOYMENT {
			@Override
			public String asString() {
				return "llm.router.deployment";
			}
		}

	}

	/**
	 * High-cardinality keys of an attempt (span attributes only).
	 */
	public enum AttemptHighCardinalityKeyNames implements KeyName {

		/**
		 * The HTTP status of a failed attempt.
		 */
		STATUS_CODE {
			@Override
			public String asString() {
				return "http.response.status_code";
			}
		},

		/**
		 * The number of the attempt within the call, from 1.
		 */
		ATTEMPT {
			@Override
			public String asString() {
				return "llm.router.attempt";
			}
		}

	}

}
