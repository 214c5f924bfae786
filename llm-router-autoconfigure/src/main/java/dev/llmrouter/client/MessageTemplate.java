package dev.llmrouter.client;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * A {@link UserMessage} or {@link SystemMessage} text parsed once into literal parts and
 * {@code {name}} placeholders, where {@code name} is a Java identifier. Other braces are
 * literal.
 *
 * @author llm-router
 */
final class MessageTemplate {

	private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z_$][A-Za-z0-9_$]*)}");

	private final List<Part> parts;

	private final Set<String> placeholders;

	private MessageTemplate(List<Part> parts, Set<String> placeholders) {
		this.parts = parts;
		this.placeholders = placeholders;
	}

	static MessageTemplate parse(String text) {
		List<Part> parts = new ArrayList<>();
		Set<String> placeholders = new LinkedHashSet<>();
		Matcher matcher = PLACEHOLDER.matcher(text);
		int end = 0;
		while (matcher.find()) {
			if (matcher.start() > end) {
				parts.add(new Part(text.substring(end, matcher.start()), null));
			}
			parts.add(new Part(null, matcher.group(1)));
			placeholders.add(matcher.group(1));
			end = matcher.end();
		}
		if (end < text.length()) {
			parts.add(new Part(text.substring(end), null));
		}
		return new MessageTemplate(List.copyOf(parts), Set.copyOf(placeholders));
	}

	Set<String> placeholders() {
		return this.placeholders;
	}

	/**
	 * Resolve placeholder names to argument positions, once.
	 * @param positions the argument position of each placeholder name, covering every
	 * placeholder
	 * @return the template bound to arguments
	 */
	Bound bind(Map<String, Integer> positions) {
		int size = this.parts.size();
		@Nullable String[] literals = new String[size];
		int[] arguments = new int[size];
		for (int i = 0; i < size; i++) {
			Part part = this.parts.get(i);
			literals[i] = part.literal();
			arguments[i] = (part.placeholder() != null) ? positions.get(part.placeholder()) : -1;
		}
		return (args) -> {
			StringBuilder text = new StringBuilder();
			for (int i = 0; i < size; i++) {
				text.append((arguments[i] >= 0) ? String.valueOf(args[arguments[i]]) : literals[i]);
			}
			return text.toString();
		};
	}

	private record Part(@Nullable String literal, @Nullable String placeholder) {

	}

	/**
	 * A template whose placeholders are bound to argument positions.
	 */
	@FunctionalInterface
	interface Bound {

		String render(@Nullable Object[] args);

	}

}
