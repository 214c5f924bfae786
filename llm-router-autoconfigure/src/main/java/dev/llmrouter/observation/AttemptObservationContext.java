package dev.llmrouter.observation;

import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

/**
 * The {@link Observation.Context} of one attempt of a routed call: one request to one
 * deployment. A child of the call's {@link ChatObservationContext}, so with tracing on
 * every attempt is a span of its own.
 *
 * @author llm-router
 */
public class AttemptObservationContext extends Observation.Context {

	private final String operationName;

	private final String modelGroup;

	private final String deployment;

	private final String system;

	private final String requestModel;

	private final int attempt;

	private @Nullable String responseModel;

	private int status;

	/**
	 * Create a context for an attempt.
	 * @param operationName the GenAI operation, {@code chat} or {@code embeddings}
	 * @param modelGroup the model group of the deployment
	 * @param deployment the deployment id
	 * @param system the GenAI system of the deployment, such as {@code openai}
	 * @param requestModel the model the request names on the wire
	 * @param attempt the number of this attempt within the call, from 1
	 */
	public AttemptObservationContext(String operationName, String modelGroup, String deployment, String system,
			String requestModel, int attempt) {
		this.operationName = operationName;
		this.modelGroup = modelGroup;
		this.deployment = deployment;
		this.system = system;
		this.requestModel = requestModel;
		this.attempt = attempt;
	}

	/**
	 * The GenAI operation name.
	 * @return {@code chat} or {@code embeddings}
	 */
	public String getOperationName() {
		return this.operationName;
	}

	/**
	 * The model group of the deployment.
	 * @return the group name
	 */
	public String getModelGroup() {
		return this.modelGroup;
	}

	/**
	 * The deployment id.
	 * @return the id
	 */
	public String getDeployment() {
		return this.deployment;
	}

	/**
	 * The GenAI system of the deployment.
	 * @return the system, such as {@code openai}
	 */
	public String getSystem() {
		return this.system;
	}

	/**
	 * The model the request names on the wire.
	 * @return the model
	 */
	public String getRequestModel() {
		return this.requestModel;
	}

	/**
	 * The number of this attempt within the call.
	 * @return the number, from 1
	 */
	public int getAttempt() {
		return this.attempt;
	}

	/**
	 * The model the provider reported.
	 * @return the model, or {@code null}
	 */
	public @Nullable String getResponseModel() {
		return this.responseModel;
	}

	/**
	 * Note the model the provider reported.
	 * @param responseModel the model
	 */
	public void setResponseModel(@Nullable String responseModel) {
		this.responseModel = responseModel;
	}

	/**
	 * The HTTP status of a failed attempt.
	 * @return the status, {@code 0} if there was none or the attempt succeeded
	 */
	public int getStatus() {
		return this.status;
	}

	/**
	 * Note the HTTP status of a failed attempt.
	 * @param status the status
	 */
	public void setStatus(int status) {
		this.status = status;
	}

}
