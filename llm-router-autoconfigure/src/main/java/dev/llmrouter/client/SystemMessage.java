package dev.llmrouter.client;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The system message sent first in every call of an {@link LlmClient} interface (on the
 * type) or of one method (on the method, replacing the type's). The text may hold
 * {@code {name}} placeholders, bound like those of {@link UserMessage}.
 *
 * @author llm-router
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface SystemMessage {

	/**
	 * The system message template.
	 * @return the template
	 */
	String value();

}
