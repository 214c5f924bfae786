package dev.llmrouter.client;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The user message of a method of an {@link LlmClient} interface, as a template whose
 * {@code {name}} placeholders take the method's arguments: each parameter binds the
 * placeholder named by its {@link Param @Param}, or else by its compiled name (with
 * {@code -parameters}, as Spring Boot's build plugins set). Other braces are sent as
 * written.
 *
 * @author llm-router
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface UserMessage {

	/**
	 * The user message template, such as {@code "Translate {text} into {language}."}.
	 * @return the template
	 */
	String value();

}
