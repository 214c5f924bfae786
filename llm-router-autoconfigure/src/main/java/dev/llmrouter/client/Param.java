package dev.llmrouter.client;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Binds a parameter of an {@link LlmClient} method to the {@code {name}} placeholder of
 * its {@link UserMessage} or {@link SystemMessage} template. The argument is sent as
 * {@link String#valueOf(Object)}.
 *
 * @author llm-router
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Param {

	/**
	 * The placeholder name.
	 * @return the name
	 */
	String value();

}
