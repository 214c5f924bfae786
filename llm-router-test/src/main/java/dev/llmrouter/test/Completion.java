package dev.llmrouter.test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A chat completion body ({@code "object": "chat.completion"}) in OpenAI's shape, for
 * {@link MockLlmServer.Reply#completion(Completion)}: its choices in index order, usage
 * (with OpenAI's token details), {@code system_fingerprint} and any extra top-level
 * field. The shape is OpenAI's documented example of the Chat Completions object
 * (platform.openai.com/docs/api-reference/chat/object). <pre class="code">
 * Completion.create()
 *     .choice(CompletionChoice.text("Paris").logprob("Paris", -0.01))
 *     .choice(CompletionChoice.toolCalls(FunctionCall.of("call_1", "lookup", "{\"q\":\"Paris\"}")))
 *     .usage(20, 7)
 * </pre>
 */
public final class Completion {

	private final List<CompletionChoice> choices = new ArrayList<>();

	private String id = "chatcmpl-1";

	private String model = "mock-model";

	private @Nullable Integer promptTokens;

	private @Nullable Integer completionTokens;

	private final Map<String, String> fields = new java.util.LinkedHashMap<>();

	private Completion() {
	}

	/**
	 * An empty completion: add its choices.
	 * @return the completion
	 */
	public static Completion create() {
		return new Completion();
	}

	/**
	 * A completion with these choices.
	 * @param choices the choices, in index order
	 * @return the completion
	 */
	public static Completion of(CompletionChoice... choices) {
		Completion completion = new Completion();
		for (CompletionChoice choice : choices) {
			completion.choice(choice);
		}
		return completion;
	}

	/**
	 * Add a choice; its index is its position.
	 * @param choice the choice
	 * @return this completion
	 */
	public Completion choice(CompletionChoice choice) {
		this.choices.add(choice);
		return this;
	}

	/**
	 * Set the completion's id.
	 * @param id the id
	 * @return this completion
	 */
	public Completion id(String id) {
		this.id = id;
		return this;
	}

	/**
	 * Set the model the provider reports.
	 * @param model the model
	 * @return this completion
	 */
	public Completion model(String model) {
		this.model = model;
		return this;
	}

	/**
	 * Set the usage (by default 9 prompt tokens and a word count of the choices).
	 * @param promptTokens the prompt tokens
	 * @param completionTokens the completion tokens
	 * @return this completion
	 */
	public Completion usage(int promptTokens, int completionTokens) {
		this.promptTokens = promptTokens;
		this.completionTokens = completionTokens;
		return this;
	}

	/**
	 * Add a top-level field, such as Azure's {@code prompt_filter_results}.
	 * @param name the field name
	 * @param json the value as JSON
	 * @return this completion
	 */
	public Completion field(String name, String json) {
		this.fields.put(name, json);
		return this;
	}

	/**
	 * The completion as its JSON body.
	 * @return the JSON
	 */
	public String toJson() {
		ObjectNode root = WireJson.object()
			.put("id", this.id)
			.put("object", "chat.completion")
			.put("created", 1700000000L)
			.put("model", this.model);
		ArrayNode choices = root.putArray("choices");
		int completion = 0;
		for (int i = 0; i < this.choices.size(); i++) {
			choices.add(this.choices.get(i).toNode(i));
			completion += this.choices.get(i).completionTokens();
		}
		int prompt = (this.promptTokens != null) ? this.promptTokens : 9;
		completion = (this.completionTokens != null) ? this.completionTokens : completion;
		root.set("usage", usageNode(prompt, completion));
		root.put("service_tier", "default");
		root.put("system_fingerprint", "fp_mock");
		this.fields.forEach((name, json) -> root.set(name, WireJson.MAPPER.readTree(json)));
		return WireJson.write(root);
	}

	static ObjectNode usageNode(int prompt, int completion) {
		ObjectNode usage = WireJson.object()
			.put("prompt_tokens", prompt)
			.put("completion_tokens", completion)
			.put("total_tokens", prompt + completion);
		usage.putObject("prompt_tokens_details").put("cached_tokens", 0).put("audio_tokens", 0);
		usage.putObject("completion_tokens_details")
			.put("reasoning_tokens", 0)
			.put("audio_tokens", 0)
			.put("accepted_prediction_tokens", 0)
			.put("rejected_prediction_tokens", 0);
		return usage;
	}

}
