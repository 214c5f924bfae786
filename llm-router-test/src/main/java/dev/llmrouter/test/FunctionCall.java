package dev.llmrouter.test;

/**
 * A tool call as a model returns it, to script with {@link MockLlmServer.Reply#toolCalls}
 * and {@link ChunkStream#toolCall(FunctionCall)}: on the wire
 * {@code {"id","type":"function","function":{"name","arguments"}}}.
 *
 * @param id the call's id, such as {@code call_abc123}
 * @param name the function's name
 * @param arguments the arguments as the JSON text the model produced
 */
public record FunctionCall(String id, String name, String arguments) {

	/**
	 * A tool call.
	 * @param id the call's id
	 * @param name the function's name
	 * @param arguments the arguments as JSON text
	 * @return the call
	 */
	public static FunctionCall of(String id, String name, String arguments) {
		return new FunctionCall(id, name, arguments);
	}

}
