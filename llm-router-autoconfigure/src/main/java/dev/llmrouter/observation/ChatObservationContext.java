package dev.llmrouter.observation;

import dev.llmrouter.CallMetadata;
import dev.llmrouter.ChatResponse;
import dev.llmrouter.EmbeddingResponse;
import dev.llmrouter.Usage;
import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

/**
 * The {@link Observation.Context} of one routed call, from subscription to its end
 * (retries, waits and fallbacks included): a chat call, streamed or not, or an embedding
 * call, told apart by {@link #getOperationName()}. It never holds prompt, completion or
 * input text, nor vectors.
 *
 * @author llm-router
 */
public class ChatObservationContext extends Observation.Context {

	private final String operationName;

	private final String modelGroup;

	private @Nullable String system;

	private @Nullable String deploymentModel;

	private @Nullable String responseModel;

	private @Nullable Usage usage;

	private @Nullable CallMetadata metadata;

	private boolean outputTokens = true;

	/**
	 * Create a context for a call.
	 * @param operationName the GenAI operation, {@code chat} or {@code embeddings}
	 * @param modelGroup the model group the call asked for
	 */
	public ChatObservationContext(String operationName, String modelGroup) {
		this.operationName = operationName;
		this.modelGroup = modelGroup;
	}

	/**
	 * The GenAI operation name.
	 * @return {@code chat} or {@code embeddings}
	 */
	public String getOperationName() {
		return this.operationName;
	}

	/**
	 * The model group the call asked for.
	 * @return the group name
	 */
	public String getModelGroup() {
		return this.modelGroup;
	}

	/**
	 * The GenAI system of the latest attempt, such as {@code openai}.
	 * @return the system, or {@code null} before the first attempt
	 */
	public @Nullable String getSystem() {
		return this.system;
	}

	/**
	 * The configured model of the latest attempt's deployment.
	 * @return the model, or {@code null} before the first attempt
	 */
	public @Nullable String getDeploymentModel() {
		return this.deploymentModel;
	}

	/**
	 * Note which deployment the latest attempt went to.
	 * @param system the GenAI system of the deployment
	 * @param deploymentModel the deployment's configured model
	 */
	public void attemptStarted(String system, String deploymentModel) {
		this.system = system;
		this.deploymentModel = deploymentModel;
	}

	/**
	 * The model the provider reported.
	 * @return the model, or {@code null} if none was reported
	 */
	public @Nullable String getResponseModel() {
		return this.responseModel;
	}

	/**
	 * Token usage the provider reported.
	 * @return the usage, or {@code null} if none was reported
	 */
	public @Nullable Usage getUsage() {
		return this.usage;
	}

	/**
	 * Note the token usage the provider reported.
	 * @param usage the usage
	 */
	public void setUsage(@Nullable Usage usage) {
		this.usage = usage;
	}

	/**
	 * What happened during the call, once it succeeded.
	 * @return the metadata, or {@code null}
	 */
	public @Nullable CallMetadata getMetadata() {
		return this.metadata;
	}

	/**
	 * Note the metadata of the call.
	 * @param metadata the metadata
	 */
	public void setMetadata(@Nullable CallMetadata metadata) {
		this.metadata = metadata;
	}

	/**
	 * Note the response of a successful call: the reported model, usage and metadata.
	 * @param response the response
	 */
	public void setResponse(ChatResponse response) {
		this.responseModel = response.model();
		this.usage = response.usage();
		this.metadata = response.metadata();
	}

	/**
	 * Note the response of a successful embedding call: the reported model, usage (input
	 * tokens only) and metadata.
	 * @param response the response
	 */
	public void setResponse(EmbeddingResponse response) {
		this.responseModel = response.model();
		this.usage = response.usage();
		this.metadata = response.metadata();
		this.outputTokens = false;
	}

	/**
	 * Whether the call's usage counts output tokens: {@code false} for an embedding call,
	 * whose answer is vectors, not tokens.
	 * @return whether output tokens are reported
	 */
	public boolean hasOutputTokens() {
		return this.outputTokens;
	}

}
