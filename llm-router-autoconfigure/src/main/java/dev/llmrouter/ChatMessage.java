package dev.llmrouter;

import java.util.Objects;

/**
 * One message of a chat conversation: a role and its text.
 *
 * @param role the role, such as {@code system}, {@code user} or {@code assistant}
 * @param content the text of the message
 */
public record ChatMessage(String role, String content) {

	/** The role of a system (instruction) message. */
	public static final String SYSTEM = "system";

	/** The role of a user message. */
	public static final String USER = "user";

	/** The role of an assistant message. */
	public static final String ASSISTANT = "assistant";

	public ChatMessage {
		Objects.requireNonNull(role, "role must not be null");
		Objects.requireNonNull(content, "content must not be null");
	}

	/**
	 * A system message.
	 * @param content the instruction text
	 * @return the message
	 */
	public static ChatMessage system(String content) {
		return new ChatMessage(SYSTEM, content);
	}

	/**
	 * A user message.
	 * @param content the user's text
	 * @return the message
	 */
	public static ChatMessage user(String content) {
		return new ChatMessage(USER, content);
	}

	/**
	 * An assistant message, for example an earlier answer in a multi-turn conversation.
	 * @param content the assistant's text
	 * @return the message
	 */
	public static ChatMessage assistant(String content) {
		return new ChatMessage(ASSISTANT, content);
	}

}
