package dev.llmrouter.test;

import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Azure OpenAI's content-filter annotations, in the shapes its chat completions carry
 * them (learn.microsoft.com/azure/ai-foundry/openai/concepts/content-filter, "Response
 * details"; the streaming shape from its "content streaming" page):
 * <ul>
 * <li>{@code prompt_filter_results}: top-level,
 * {@code [{"prompt_index":0,"content_filter_results":{…}}]}; in a stream, on a first
 * event with {@code "choices": []};</li>
 * <li>{@code content_filter_results} on each choice: one entry per category
 * ({@code hate}, {@code self_harm}, {@code sexual}, {@code violence}) with
 * {@code filtered} and {@code severity} ({@code safe}, {@code low}, {@code medium},
 * {@code high});</li>
 * <li>a filtered completion: {@code finish_reason: content_filter} with the category that
 * tripped marked {@code filtered: true}.</li>
 * </ul>
 * The 400 a filtered prompt gets is {@link ErrorBodies#azureContentFilter()}.
 */
public final class AzureContentFilter {

	private AzureContentFilter() {
	}

	/**
	 * The categories' results, all safe but one.
	 * @param category the category that tripped, such as {@code violence}, or
	 * {@code null} for none
	 * @param severity its severity, such as {@code medium}
	 * @return the {@code content_filter_results} object as JSON
	 */
	public static String results(String category, String severity) {
		return WireJson.write(resultsNode(category, severity));
	}

	/**
	 * Results with nothing filtered.
	 * @return the {@code content_filter_results} object as JSON
	 */
	public static String safe() {
		return WireJson.write(resultsNode(null, "safe"));
	}

	/**
	 * The top-level {@code prompt_filter_results} of a prompt that passed.
	 * @return the array as JSON
	 */
	public static String promptFilterResults() {
		ArrayNode results = WireJson.array();
		ObjectNode prompt = results.addObject().put("prompt_index", 0);
		prompt.set("content_filter_results", resultsNode(null, "safe"));
		return WireJson.write(results);
	}

	/**
	 * A 200 answer whose completion the filter stopped: empty content,
	 * {@code finish_reason: content_filter}, {@code category} filtered at
	 * {@code severity}, and the prompt's filter results.
	 * @param category the category that tripped, such as {@code violence}
	 * @param severity its severity
	 * @return the completion
	 */
	public static Completion filteredCompletion(String category, String severity) {
		return Completion
			.of(CompletionChoice.text("")
				.finishReason("content_filter")
				.field("content_filter_results", results(category, severity)))
			.field("prompt_filter_results", promptFilterResults());
	}

	/**
	 * A stream as Azure sends it: the prompt's filter results first (no choices), then
	 * the deltas, each annotated safe, and a last chunk with
	 * {@code finish_reason: content_filter} and {@code category} filtered.
	 * @param category the category that tripped
	 * @param severity its severity
	 * @param deltas the text before the filter stopped it
	 * @return the stream, ended by {@code [DONE]}
	 */
	public static ChunkStream filteredStream(String category, String severity, String... deltas) {
		ChunkStream stream = ChunkStream.create().event(promptFilterEvent());
		for (String delta : deltas) {
			stream.chunk(WireJson.write(WireJson.object().put("content", delta)),
					"{\"content_filter_results\":" + safe() + "}");
		}
		return stream
			.chunk("{}",
					"{\"finish_reason\":\"content_filter\",\"content_filter_results\":" + results(category, severity)
							+ "}")
			.done();
	}

	/**
	 * A stream that passed the filter: the prompt's results, the deltas annotated safe,
	 * {@code finish_reason: stop}.
	 * @param deltas the text
	 * @return the stream, ended by {@code [DONE]}
	 */
	public static ChunkStream annotatedStream(String... deltas) {
		ChunkStream stream = ChunkStream.create().event(promptFilterEvent());
		for (String delta : deltas) {
			stream.chunk(WireJson.write(WireJson.object().put("content", delta)),
					"{\"content_filter_results\":" + safe() + "}");
		}
		return stream.finish("stop").done();
	}

	private static String promptFilterEvent() {
		ObjectNode event = WireJson.object().put("id", "").put("object", "").put("created", 0).put("model", "");
		event.putArray("choices");
		event.set("prompt_filter_results", WireJson.MAPPER.readTree(promptFilterResults()));
		return WireJson.write(event);
	}

	private static ObjectNode resultsNode(@org.jspecify.annotations.Nullable String category, String severity) {
		ObjectNode results = WireJson.object();
		for (String name : new String[] { "hate", "self_harm", "sexual", "violence" }) {
			boolean filtered = name.equals(category);
			results.putObject(name).put("filtered", filtered).put("severity", filtered ? severity : "safe");
		}
		return results;
	}

}
