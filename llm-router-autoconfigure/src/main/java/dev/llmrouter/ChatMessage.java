package dev.llmrouter;

import java.util.List;
import java.util.Objects;

import dev.llmrouter.ContentPart.TextPart;
import org.jspecify.annotations.Nullable;

/**
 * One message of a chat conversation.
 * <p>
 * A user message may hold text and images; an assistant message may hold text, the tool
 * calls the model asked for, or a refusal; a {@code tool} message answers one tool call.
 *
 * @param role the role, such as {@code system}, {@code user}, {@code assistant} or
 * {@code tool}
 * @param parts the content parts, in order (empty for an assistant message with only tool
 * calls)
 * @param toolCalls the tool calls of an assistant message, in order
 * @param toolCallId the id of the tool call a {@code tool} message answers
 * @param refusal the refusal of an assistant message, when the model declined to answer
 */
public record ChatMessage(String role, List<ContentPart> parts, List<ToolCall> toolCalls, @Nullable String toolCallId,
		@Nullable String refusal) {

	/** The role of a system (instruction) message. */
	public static final String SYSTEM = "system";

	/** The role of a user message. */
	public static final String USER = "user";

	/** The role of an assistant message. */
	public static final String ASSISTANT = "assistant";

	/** The role of a message that carries a tool's result. */
	public static final String TOOL = "tool";

	public ChatMessage {
		Objects.requireNonNull(role, "role must not be null");
		parts = (parts != null) ? List.copyOf(parts) : List.of();
		toolCalls = (toolCalls != null) ? List.copyOf(toolCalls) : List.of();
		if (TOOL.equals(role) && toolCallId == null) {
			throw new IllegalArgumentException("A tool message needs the id of the tool call it answers");
		}
	}

	/**
	 * A message of a role with one text part.
	 * @param role the role
	 * @param text the text
	 * @return the message
	 */
	public static ChatMessage of(String role, String text) {
		return new ChatMessage(role, List.of(ContentPart.text(text)), List.of(), null, null);
	}

	/**
	 * A system message.
	 * @param content the instruction text
	 * @return the message
	 */
	public static ChatMessage system(String content) {
		return of(SYSTEM, content);
	}

	/**
	 * A user message.
	 * @param content the user's text
	 * @return the message
	 */
	public static ChatMessage user(String content) {
		return of(USER, content);
	}

	/**
	 * A user message of several parts, such as text and images.
	 * @param parts the parts, in order
	 * @return the message
	 */
	public static ChatMessage user(ContentPart... parts) {
		return new ChatMessage(USER, List.of(parts), List.of(), null, null);
	}

	/**
	 * An assistant message, for example an earlier answer in a multi-turn conversation.
	 * @param content the assistant's text
	 * @return the message
	 */
	public static ChatMessage assistant(String content) {
		return of(ASSISTANT, content);
	}

	/**
	 * An assistant message that asked for tool calls, as the model answered it.
	 * @param text the assistant's text, or {@code null} if it gave none
	 * @param toolCalls the tool calls
	 * @return the message
	 */
	public static ChatMessage assistant(@Nullable String text, List<ToolCall> toolCalls) {
		List<ContentPart> parts = (text != null && !text.isEmpty()) ? List.of(ContentPart.text(text)) : List.of();
		return new ChatMessage(ASSISTANT, parts, toolCalls, null, null);
	}

	/**
	 * A message with the result of a tool call.
	 * @param toolCallId the id of the call it answers
	 * @param result the result, usually JSON
	 * @return the message
	 */
	public static ChatMessage tool(String toolCallId, String result) {
		return new ChatMessage(TOOL, List.of(ContentPart.text(result)), List.of(),
				Objects.requireNonNull(toolCallId, "toolCallId must not be null"), null);
	}

	/**
	 * The text of the message's text parts, joined.
	 * @return the text, or {@code ""} if it has none
	 */
	public String content() {
		if (this.parts.size() == 1 && this.parts.get(0) instanceof TextPart text) {
			return text.text();
		}
		StringBuilder content = new StringBuilder();
		for (ContentPart part : this.parts) {
			if (part instanceof TextPart text) {
				content.append(text.text());
			}
		}
		return content.toString();
	}

	/**
	 * Whether the message's only part is text, so that it is sent with {@code content} as
	 * a string.
	 * @return {@code true} for a text-only message
	 */
	public boolean isTextOnly() {
		for (ContentPart part : this.parts) {
			if (!(part instanceof TextPart)) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Whether the model asked for tool calls.
	 * @return {@code true} if {@link #toolCalls()} is not empty
	 */
	public boolean hasToolCalls() {
		return !this.toolCalls.isEmpty();
	}

}
