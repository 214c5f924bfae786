package dev.llmrouter.test;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ObjectNode;

/**
 * Error bodies in the shapes real servers send, for {@link MockLlmServer.Reply#json} and
 * for in-stream errors ({@link ChunkStream#error(String)}). Where each shape comes from:
 * <ul>
 * <li>OpenAI: {@code {"error":{"message","type","param","code"}}}
 * (platform.openai.com/docs/guides/error-codes; the messages of
 * {@link #openAiContextLengthExceeded} and {@link #openAiInsufficientQuota} are
 * OpenAI's);</li>
 * <li>Ollama: {@code {"error":"…"}} (github.com/ollama/ollama docs/api.md,
 * "Errors");</li>
 * <li>Hugging Face TGI: {@code {"error":"…","error_type":"…"}} (its
 * {@code ErrorResponse}; the validation message is TGI's);</li>
 * <li>vLLM: {@code {"object":"error","message","type","param","code":400}} (its
 * OpenAI-compatible server's {@code ErrorResponse});</li>
 * <li>llama.cpp server: {@code {"error":{"code":400,"message","type":
 * "exceed_context_size_error","n_prompt_tokens","n_ctx"}}};</li>
 * <li>Azure OpenAI content filter: OpenAI's shape with {@code status} and
 * {@code innererror: {code: ResponsibleAIPolicyViolation, content_filter_result}}
 * (learn.microsoft.com/azure/ai-services/openai/concepts/content-filter).</li>
 * </ul>
 */
public final class ErrorBodies {

	private ErrorBodies() {
	}

	/**
	 * OpenAI's error shape.
	 * @param message the message
	 * @param type the type, or {@code null}
	 * @param param the parameter at fault, or {@code null}
	 * @param code the code, or {@code null}
	 * @return the JSON body
	 */
	public static String openAi(String message, @Nullable String type, @Nullable String param, @Nullable String code) {
		ObjectNode root = WireJson.object();
		root.putObject("error").put("message", message).put("type", type).put("param", param).put("code", code);
		return WireJson.write(root);
	}

	/**
	 * OpenAI's 400 when the prompt is longer than the model's context.
	 * @return the JSON body
	 */
	public static String openAiContextLengthExceeded() {
		return openAi(
				"This model's maximum context length is 128000 tokens. However, your messages resulted in"
						+ " 130415 tokens. Please reduce the length of the messages.",
				"invalid_request_error", "messages", "context_length_exceeded");
	}

	/**
	 * OpenAI's 429 when the account's quota is spent.
	 * @return the JSON body
	 */
	public static String openAiInsufficientQuota() {
		return openAi(
				"You exceeded your current quota, please check your plan and billing details. For more"
						+ " information on this error, read the docs:"
						+ " https://platform.openai.com/docs/guides/error-codes/api-errors.",
				"insufficient_quota", null, "insufficient_quota");
	}

	/**
	 * The plain-string shape of Ollama (and others): {@code {"error":"…"}}.
	 * @param message the message
	 * @return the JSON body
	 */
	public static String plain(String message) {
		return WireJson.write(WireJson.object().put("error", message));
	}

	/**
	 * Hugging Face Text Generation Inference's shape.
	 * @param message the message
	 * @param errorType the type, such as {@code validation}, {@code overloaded} or
	 * {@code generation}
	 * @return the JSON body
	 */
	public static String tgi(String message, String errorType) {
		return WireJson.write(WireJson.object().put("error", message).put("error_type", errorType));
	}

	/**
	 * TGI's 422 when the prompt and {@code max_new_tokens} exceed the model's length.
	 * @return the JSON body
	 */
	public static String tgiContextLengthExceeded() {
		return tgi("Input validation error: `inputs` tokens + `max_new_tokens` must be <= 4096. Given: 4000"
				+ " `inputs` tokens and 200 `max_new_tokens`", "validation");
	}

	/**
	 * vLLM's shape: {@code {"object":"error","message","type","param":null,"code"}}.
	 * @param status the HTTP status it repeats as {@code code}
	 * @param message the message
	 * @param type the type, such as {@code BadRequestError}
	 * @return the JSON body
	 */
	public static String vllm(int status, String message, String type) {
		ObjectNode root = WireJson.object().put("object", "error").put("message", message).put("type", type);
		root.putNull("param");
		root.put("code", status);
		return WireJson.write(root);
	}

	/**
	 * vLLM's 400 when the prompt is longer than the model's context.
	 * @return the JSON body
	 */
	public static String vllmContextLengthExceeded() {
		return vllm(400,
				"This model's maximum context length is 4096 tokens. However, you requested 4296 tokens"
						+ " (4096 in the messages, 200 in the completion). Please reduce the length of the messages or"
						+ " completion.",
				"BadRequestError");
	}

	/**
	 * llama.cpp server's shape: {@code {"error":{"code","message","type"}}}.
	 * @param status the HTTP status it repeats as {@code code}
	 * @param message the message
	 * @param type the type, such as {@code invalid_request_error}
	 * @return the JSON body
	 */
	public static String llamaCpp(int status, String message, String type) {
		ObjectNode root = WireJson.object();
		root.putObject("error").put("code", status).put("message", message).put("type", type);
		return WireJson.write(root);
	}

	/**
	 * llama.cpp server's 400 when the prompt exceeds the slot's context.
	 * @param promptTokens the prompt's tokens
	 * @param contextTokens the context size
	 * @return the JSON body
	 */
	public static String llamaCppContextExceeded(int promptTokens, int contextTokens) {
		ObjectNode root = WireJson.object();
		root.putObject("error")
			.put("code", 400)
			.put("message",
					"request (" + promptTokens + " tokens) exceeds the available context size (" + contextTokens
							+ " tokens)")
			.put("type", "exceed_context_size_error")
			.put("n_prompt_tokens", promptTokens)
			.put("n_ctx", contextTokens);
		return WireJson.write(root);
	}

	/**
	 * Azure OpenAI's 400 when its content filter rejects the prompt, with the filter's
	 * categories in {@code innererror.content_filter_result} (here: violence, medium).
	 * @return the JSON body
	 */
	public static String azureContentFilter() {
		ObjectNode root = WireJson.object();
		ObjectNode error = root.putObject("error")
			.put("message", "The response was filtered due to the prompt triggering Azure OpenAI's content"
					+ " management policy. Please modify your prompt and retry. To learn more about our content"
					+ " filtering policies please read our documentation: https://go.microsoft.com/fwlink/?linkid=2198766")
			.put("type", (String) null)
			.put("param", "prompt")
			.put("code", "content_filter")
			.put("status", 400);
		ObjectNode inner = error.putObject("innererror").put("code", "ResponsibleAIPolicyViolation");
		ObjectNode result = inner.putObject("content_filter_result");
		result.putObject("hate").put("filtered", false).put("severity", "safe");
		result.putObject("jailbreak").put("filtered", false).put("detected", false);
		result.putObject("self_harm").put("filtered", false).put("severity", "safe");
		result.putObject("sexual").put("filtered", false).put("severity", "safe");
		result.putObject("violence").put("filtered", true).put("severity", "medium");
		return WireJson.write(root);
	}

}
