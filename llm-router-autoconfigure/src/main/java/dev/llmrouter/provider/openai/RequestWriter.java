package dev.llmrouter.provider.openai;

import java.util.List;

import dev.llmrouter.ChatMessage;
import dev.llmrouter.ChatRequest;
import dev.llmrouter.ContentPart;
import dev.llmrouter.ContentPart.ImagePart;
import dev.llmrouter.ContentPart.TextPart;
import dev.llmrouter.RawJson;
import dev.llmrouter.ResponseFormat;
import dev.llmrouter.ToolCall;
import dev.llmrouter.ToolChoice;
import dev.llmrouter.ToolDefinition;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonGenerator;

/**
 * Writes the parts of an OpenAI chat completion request: messages (text, content parts,
 * tool calls, tool results, refusals) and the typed options. JSON Schemas and
 * {@link RawJson} parameters are written verbatim.
 *
 * @author llm-router
 */
final class RequestWriter {

	private RequestWriter() {
	}

	/**
	 * Write one message: {@code content} as a string when its only part is text, else as
	 * an array of parts; {@code null} for an assistant message with tool calls or a
	 * refusal and no text.
	 */
	static void message(JsonGenerator generator, ChatMessage message) {
		generator.writeStartObject();
		generator.writeStringProperty("role", message.role());
		List<ContentPart> parts = message.parts();
		if (parts.isEmpty() && (message.hasToolCalls() || message.refusal() != null)) {
			generator.writeNullProperty("content");
		}
		else if (parts.isEmpty() || (parts.size() == 1 && parts.get(0) instanceof TextPart)) {
			generator.writeStringProperty("content", message.content());
		}
		else {
			generator.writeName("content");
			generator.writeStartArray();
			for (ContentPart part : parts) {
				part(generator, part);
			}
			generator.writeEndArray();
		}
		if (message.hasToolCalls()) {
			generator.writeName("tool_calls");
			generator.writeStartArray();
			for (ToolCall call : message.toolCalls()) {
				generator.writeStartObject();
				generator.writeStringProperty("id", call.id());
				generator.writeStringProperty("type", "function");
				generator.writeName("function");
				generator.writeStartObject();
				generator.writeStringProperty("name", call.name());
				generator.writeStringProperty("arguments", call.arguments());
				generator.writeEndObject();
				generator.writeEndObject();
			}
			generator.writeEndArray();
		}
		if (message.refusal() != null) {
			generator.writeStringProperty("refusal", message.refusal());
		}
		if (message.toolCallId() != null) {
			generator.writeStringProperty("tool_call_id", message.toolCallId());
		}
		generator.writeEndObject();
	}

	private static void part(JsonGenerator generator, ContentPart part) {
		generator.writeStartObject();
		if (part instanceof TextPart text) {
			generator.writeStringProperty("type", "text");
			generator.writeStringProperty("text", text.text());
		}
		else if (part instanceof ImagePart image) {
			generator.writeStringProperty("type", "image_url");
			generator.writeName("image_url");
			generator.writeStartObject();
			generator.writeStringProperty("url", image.toUrl());
			generator.writeEndObject();
		}
		generator.writeEndObject();
	}

	/**
	 * Write the request's typed options that are set. A {@code param} of the same wire
	 * name has already cleared the typed value, so no key is written twice.
	 */
	static void options(JsonGenerator generator, ChatRequest request) {
		if (request.temperature() != null) {
			generator.writeNumberProperty("temperature", request.temperature());
		}
		if (request.maxTokens() != null) {
			generator.writeNumberProperty("max_tokens", request.maxTokens());
		}
		if (request.topP() != null) {
			generator.writeNumberProperty("top_p", request.topP());
		}
		if (request.n() != null) {
			generator.writeNumberProperty("n", request.n());
		}
		List<String> stop = request.stop();
		if (stop != null) {
			generator.writeName("stop");
			generator.writeStartArray();
			for (String sequence : stop) {
				generator.writeString(sequence);
			}
			generator.writeEndArray();
		}
		if (request.seed() != null) {
			generator.writeNumberProperty("seed", request.seed());
		}
		if (request.user() != null) {
			generator.writeStringProperty("user", request.user());
		}
		if (!request.tools().isEmpty()) {
			generator.writeName("tools");
			generator.writeStartArray();
			for (ToolDefinition tool : request.tools()) {
				tool(generator, tool);
			}
			generator.writeEndArray();
		}
		if (request.toolChoice() != null) {
			toolChoice(generator, request.toolChoice());
		}
		if (request.parallelToolCalls() != null) {
			generator.writeBooleanProperty("parallel_tool_calls", request.parallelToolCalls());
		}
		if (request.responseFormat() != null) {
			responseFormat(generator, request.responseFormat());
		}
	}

	private static void tool(JsonGenerator generator, ToolDefinition tool) {
		generator.writeStartObject();
		generator.writeStringProperty("type", "function");
		generator.writeName("function");
		generator.writeStartObject();
		generator.writeStringProperty("name", tool.name());
		if (tool.description() != null) {
			generator.writeStringProperty("description", tool.description());
		}
		generator.writeName("parameters");
		generator.writeRawValue(tool.parameters());
		if (tool.strict()) {
			generator.writeBooleanProperty("strict", true);
		}
		generator.writeEndObject();
		generator.writeEndObject();
	}

	private static void toolChoice(JsonGenerator generator, ToolChoice choice) {
		switch (choice.mode()) {
			case AUTO -> generator.writeStringProperty("tool_choice", "auto");
			case NONE -> generator.writeStringProperty("tool_choice", "none");
			case REQUIRED -> generator.writeStringProperty("tool_choice", "required");
			case TOOL -> {
				generator.writeName("tool_choice");
				generator.writeStartObject();
				generator.writeStringProperty("type", "function");
				generator.writeName("function");
				generator.writeStartObject();
				generator.writeStringProperty("name", choice.toolName());
				generator.writeEndObject();
				generator.writeEndObject();
			}
		}
	}

	private static void responseFormat(JsonGenerator generator, ResponseFormat format) {
		generator.writeName("response_format");
		generator.writeStartObject();
		switch (format.type()) {
			case TEXT -> generator.writeStringProperty("type", "text");
			case JSON_OBJECT -> generator.writeStringProperty("type", "json_object");
			case JSON_SCHEMA -> {
				generator.writeStringProperty("type", "json_schema");
				generator.writeName("json_schema");
				generator.writeStartObject();
				generator.writeStringProperty("name", format.name());
				generator.writeName("schema");
				generator.writeRawValue(format.schema());
				generator.writeBooleanProperty("strict", true);
				generator.writeEndObject();
			}
		}
		generator.writeEndObject();
	}

	/**
	 * Write an extra parameter: a {@link RawJson} verbatim, anything else through Jackson
	 * ({@code String}s as JSON strings, POJOs and maps as objects).
	 */
	static void param(JsonGenerator generator, String name, @Nullable Object value) {
		if (value instanceof RawJson raw) {
			generator.writeName(name);
			generator.writeRawValue(raw.json());
		}
		else {
			generator.writePOJOProperty(name, value);
		}
	}

}
