package dev.llmrouter.sample;

import java.util.List;

import dev.llmrouter.ChatResponse;

/**
 * What {@code GET /ask/agent} returns.
 *
 * @param answer the model's final text
 * @param toolCalls the tools the model called, with their results, in order
 * @param turns every call to the router, in order
 * @author llm-router
 */
public record AgentResult(String answer, List<ToolRun> toolCalls, List<Turn> turns) {

	/**
	 * One tool call the agent ran.
	 *
	 * @param id the call's id, as the model gave it
	 * @param name the tool
	 * @param arguments the arguments, JSON text
	 * @param result what the tool returned, JSON text
	 */
	public record ToolRun(String id, String name, String arguments, String result) {

	}

	/**
	 * One call to the router.
	 *
	 * @param group the group that answered
	 * @param deployment the deployment that answered
	 * @param finishReason why the model stopped: {@code tool_calls} or {@code stop}
	 * @param retryCount attempts minus one
	 * @param fallbackCount fallback groups moved to
	 * @param attempts every attempt, in order
	 */
	public record Turn(String group, String deployment, String finishReason, int retryCount, int fallbackCount,
			List<AskResult.AttemptView> attempts) {

		static Turn of(ChatResponse response) {
			return new Turn(response.metadata().modelGroup(), String.valueOf(response.metadata().deployment()),
					String.valueOf(response.finishReason()), response.metadata().retryCount(),
					response.metadata().fallbackCount(), AskResult.AttemptView.of(response.metadata()));
		}

	}

}
