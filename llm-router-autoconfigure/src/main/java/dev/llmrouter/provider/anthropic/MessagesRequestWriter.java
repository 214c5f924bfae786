package dev.llmrouter.provider.anthropic;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
import dev.llmrouter.error.BadRequestException;
import dev.llmrouter.error.UnsupportedParamsException;
import dev.llmrouter.provider.ProviderEndpoint;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a Messages API request from a {@link ChatRequest}; see {@link AnthropicProvider}
 * for what maps to what and what is dropped or refused.
 *
 * @author llm-router
 */
final class MessagesRequestWriter {

	private static final Log logger = LogFactory.getLog(MessagesRequestWriter.class);

	/** OpenAI sampling hints Anthropic has no equivalent of: dropped. */
	private static final Set<String> DROPPED = Set.of("seed", "presence_penalty", "frequency_penalty", "logit_bias",
			"logprobs", "top_logprobs", "stream_options");

	/** OpenAI names of settings Anthropic calls otherwise: translated. */
	private static final Set<String> TRANSLATED = Set.of("stop", "user", "parallel_tool_calls", "n", "response_format");

	private static final String USER = "user";

	private static final String ASSISTANT = "assistant";

	private static final String TYPE = "type";

	private static final String TEXT = "text";

	private final JsonMapper json;

	MessagesRequestWriter(JsonMapper json) {
		this.json = json;
	}

	/**
	 * The request body.
	 * @param endpoint the deployment
	 * @param request the request
	 * @param stream whether to ask for a stream
	 * @return the JSON body
	 * @throws UnsupportedParamsException for a setting Anthropic cannot serve that would
	 * change the answer's shape
	 * @throws BadRequestException for a tool call whose arguments are not a JSON object
	 */
	byte[] write(ProviderEndpoint endpoint, ChatRequest request, boolean stream) {
		Map<String, Object> params = request.params();
		checkSupported(endpoint, request, params);
		ByteArrayOutputStream out = new ByteArrayOutputStream(256);
		try (JsonGenerator generator = this.json.createGenerator(out)) {
			generator.writeStartObject();
			generator.writeStringProperty("model", endpoint.model());
			if (!params.containsKey("max_tokens")) {
				generator.writeNumberProperty("max_tokens", maxTokens(endpoint, request));
			}
			if (!params.containsKey("system")) {
				system(generator, request.messages());
			}
			generator.writeName("messages");
			messages(generator, request.messages());
			options(generator, request, params);
			for (Map.Entry<String, Object> param : params.entrySet()) {
				String name = param.getKey();
				if (DROPPED.contains(name)) {
					logger.debug("Parameter '" + name + "' dropped for Anthropic deployment '" + endpoint.deploymentId()
							+ "': the Messages API has no equivalent");
				}
				else if (!TRANSLATED.contains(name)) {
					param(generator, name, param.getValue());
				}
			}
			if (stream) {
				generator.writeBooleanProperty("stream", true);
			}
			generator.writeEndObject();
		}
		return out.toByteArray();
	}

	static int maxTokens(ProviderEndpoint endpoint, ChatRequest request) {
		if (request.maxTokens() != null) {
			return request.maxTokens();
		}
		return (endpoint.maxTokens() != null) ? endpoint.maxTokens() : AnthropicProvider.DEFAULT_MAX_TOKENS;
	}

	private static void checkSupported(ProviderEndpoint endpoint, ChatRequest request, Map<String, Object> params) {
		Object n = (request.n() != null) ? request.n() : params.get("n");
		if (n instanceof Number number && number.intValue() > 1) {
			throw unsupported(endpoint, "n = " + number + ": the Messages API answers one choice per request");
		}
		if (request.seed() != null) {
			logger.debug("Parameter 'seed' dropped for Anthropic deployment '" + endpoint.deploymentId()
					+ "': the Messages API has no equivalent");
		}
		ResponseFormat format = request.responseFormat();
		if (format != null && format.type() == ResponseFormat.Type.JSON_OBJECT) {
			throw unsupported(endpoint,
					"ResponseFormat.jsonObject(): the Messages API has no JSON mode without a schema; use ResponseFormat.jsonSchema(..)");
		}
		if (params.containsKey("response_format")) {
			throw unsupported(endpoint,
					"param 'response_format': use the typed ResponseFormat.jsonSchema(..), which is served with output_config");
		}
	}

	private static UnsupportedParamsException unsupported(ProviderEndpoint endpoint, String what) {
		return new UnsupportedParamsException(
				"Anthropic deployment '" + endpoint.deploymentId() + "' cannot take " + what, 0, null, null);
	}

	private static void system(JsonGenerator generator, List<ChatMessage> messages) {
		List<ChatMessage> system = new ArrayList<>(1);
		for (ChatMessage message : messages) {
			if (isSystem(message)) {
				system.add(message);
			}
		}
		if (system.isEmpty()) {
			return;
		}
		if (system.size() == 1) {
			generator.writeStringProperty("system", system.get(0).content());
			return;
		}
		generator.writeName("system");
		generator.writeStartArray();
		for (ChatMessage message : system) {
			textBlock(generator, message.content());
		}
		generator.writeEndArray();
	}

	private static boolean isSystem(ChatMessage message) {
		return ChatMessage.SYSTEM.equals(message.role()) || "developer".equals(message.role());
	}

	/**
	 * The conversation as alternating turns: consecutive messages of one role (tool
	 * results counting as the user's) are merged into one turn of content blocks.
	 */
	private void messages(JsonGenerator generator, List<ChatMessage> messages) {
		List<List<ChatMessage>> turns = new ArrayList<>();
		String role = null;
		for (ChatMessage message : messages) {
			if (isSystem(message)) {
				continue;
			}
			String turnRole = ASSISTANT.equals(message.role()) ? ASSISTANT : USER;
			if (!turnRole.equals(role)) {
				turns.add(new ArrayList<>(1));
				role = turnRole;
			}
			turns.get(turns.size() - 1).add(message);
		}
		generator.writeStartArray();
		for (List<ChatMessage> turn : turns) {
			generator.writeStartObject();
			generator.writeStringProperty("role", ASSISTANT.equals(turn.get(0).role()) ? ASSISTANT : USER);
			if (turn.size() == 1 && isPlainText(turn.get(0))) {
				generator.writeStringProperty("content", turn.get(0).content());
			}
			else {
				generator.writeName("content");
				generator.writeStartArray();
				for (ChatMessage message : turn) {
					blocks(generator, message);
				}
				generator.writeEndArray();
			}
			generator.writeEndObject();
		}
		generator.writeEndArray();
	}

	private static boolean isPlainText(ChatMessage message) {
		return !ChatMessage.TOOL.equals(message.role()) && !message.hasToolCalls() && message.refusal() == null
				&& message.parts().size() == 1 && message.parts().get(0) instanceof TextPart;
	}

	private void blocks(JsonGenerator generator, ChatMessage message) {
		if (ChatMessage.TOOL.equals(message.role())) {
			generator.writeStartObject();
			generator.writeStringProperty(TYPE, "tool_result");
			generator.writeStringProperty("tool_use_id", String.valueOf(message.toolCallId()));
			generator.writeStringProperty("content", message.content());
			generator.writeEndObject();
			return;
		}
		for (ContentPart part : message.parts()) {
			if (part instanceof TextPart text) {
				if (!text.text().isEmpty()) {
					textBlock(generator, text.text());
				}
			}
			else if (part instanceof ImagePart image) {
				image(generator, image);
			}
		}
		if (message.parts().isEmpty() && message.refusal() != null) {
			textBlock(generator, message.refusal());
		}
		for (ToolCall call : message.toolCalls()) {
			generator.writeStartObject();
			generator.writeStringProperty(TYPE, "tool_use");
			generator.writeStringProperty("id", call.id());
			generator.writeStringProperty("name", call.name());
			generator.writeName("input");
			generator.writeTree(toolInput(call));
			generator.writeEndObject();
		}
	}

	private JsonNode toolInput(ToolCall call) {
		String arguments = call.arguments();
		if (arguments == null || arguments.isBlank()) {
			return this.json.createObjectNode();
		}
		try {
			JsonNode input = this.json.readTree(arguments);
			if (input != null && input.isObject()) {
				return input;
			}
		}
		catch (JacksonException ex) {
			// reported below
		}
		throw new BadRequestException("The arguments of tool call '" + call.id() + "' (" + call.name()
				+ ") are not a JSON object; Anthropic's tool_use input must be one", 0, null, null);
	}

	private static void textBlock(JsonGenerator generator, String text) {
		generator.writeStartObject();
		generator.writeStringProperty(TYPE, TEXT);
		generator.writeStringProperty(TEXT, text);
		generator.writeEndObject();
	}

	/**
	 * An {@code image} block: a URL source, or a base64 source for bytes and for
	 * {@code data:} URLs.
	 */
	private static void image(JsonGenerator generator, ImagePart image) {
		generator.writeStartObject();
		generator.writeStringProperty(TYPE, "image");
		generator.writeName("source");
		generator.writeStartObject();
		String url = image.url();
		byte[] data = image.data();
		if (data != null) {
			base64Source(generator, String.valueOf(image.mediaType()), Base64.getEncoder().encodeToString(data));
		}
		else if (url != null && url.startsWith("data:") && url.contains(";base64,")) {
			int comma = url.indexOf(";base64,");
			base64Source(generator, url.substring("data:".length(), comma), url.substring(comma + ";base64,".length()));
		}
		else {
			generator.writeStringProperty(TYPE, "url");
			generator.writeStringProperty("url", url);
		}
		generator.writeEndObject();
		generator.writeEndObject();
	}

	private static void base64Source(JsonGenerator generator, String mediaType, String data) {
		generator.writeStringProperty(TYPE, "base64");
		generator.writeStringProperty("media_type", mediaType);
		generator.writeStringProperty("data", data);
	}

	private static void options(JsonGenerator generator, ChatRequest request, Map<String, Object> params) {
		if (request.temperature() != null) {
			generator.writeNumberProperty("temperature", request.temperature());
		}
		if (request.topP() != null) {
			generator.writeNumberProperty("top_p", request.topP());
		}
		Object stop = (request.stop() != null) ? request.stop() : params.get("stop");
		if (stop != null && !params.containsKey("stop_sequences")) {
			generator.writeName("stop_sequences");
			writeValue(generator, (stop instanceof String single) ? List.of(single) : stop);
		}
		Object user = (request.user() != null) ? request.user() : params.get(USER);
		if (user != null && !params.containsKey("metadata")) {
			generator.writeName("metadata");
			generator.writeStartObject();
			generator.writeName("user_id");
			writeValue(generator, user);
			generator.writeEndObject();
		}
		if (!request.tools().isEmpty()) {
			generator.writeName("tools");
			generator.writeStartArray();
			for (ToolDefinition tool : request.tools()) {
				tool(generator, tool);
			}
			generator.writeEndArray();
		}
		Object parallel = (request.parallelToolCalls() != null) ? request.parallelToolCalls()
				: params.get("parallel_tool_calls");
		if (!params.containsKey("tool_choice")) {
			toolChoice(generator, request.toolChoice(), Boolean.FALSE.equals(parallel));
		}
		ResponseFormat format = request.responseFormat();
		if (format != null && format.type() == ResponseFormat.Type.JSON_SCHEMA
				&& !params.containsKey("output_config")) {
			generator.writeName("output_config");
			generator.writeStartObject();
			generator.writeName("format");
			generator.writeStartObject();
			generator.writeStringProperty(TYPE, "json_schema");
			generator.writeName("schema");
			generator.writeRawValue(String.valueOf(format.schema()));
			generator.writeEndObject();
			generator.writeEndObject();
		}
	}

	private static void tool(JsonGenerator generator, ToolDefinition tool) {
		generator.writeStartObject();
		generator.writeStringProperty("name", tool.name());
		if (tool.description() != null) {
			generator.writeStringProperty("description", tool.description());
		}
		generator.writeName("input_schema");
		generator.writeRawValue(tool.parameters());
		if (tool.strict()) {
			generator.writeBooleanProperty("strict", true);
		}
		generator.writeEndObject();
	}

	private static void toolChoice(JsonGenerator generator, @Nullable ToolChoice choice, boolean noParallel) {
		if (choice == null && !noParallel) {
			return;
		}
		ToolChoice.Mode mode = (choice != null) ? choice.mode() : ToolChoice.Mode.AUTO;
		generator.writeName("tool_choice");
		generator.writeStartObject();
		switch (mode) {
			case AUTO -> generator.writeStringProperty(TYPE, "auto");
			case NONE -> generator.writeStringProperty(TYPE, "none");
			case REQUIRED -> generator.writeStringProperty(TYPE, "any");
			case TOOL -> {
				generator.writeStringProperty(TYPE, "tool");
				generator.writeStringProperty("name", choice.toolName());
			}
		}
		if (noParallel && mode != ToolChoice.Mode.NONE) {
			generator.writeBooleanProperty("disable_parallel_tool_use", true);
		}
		generator.writeEndObject();
	}

	private static void param(JsonGenerator generator, String name, @Nullable Object value) {
		generator.writeName(name);
		writeValue(generator, value);
	}

	private static void writeValue(JsonGenerator generator, @Nullable Object value) {
		if (value instanceof RawJson raw) {
			generator.writeRawValue(raw.json());
		}
		else {
			generator.writePOJO(value);
		}
	}

}
