package dev.llmrouter.client;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Overrides, for one method of an {@link LlmClient} interface, the model group and the
 * settings given on the interface. Every attribute is unset by default.
 *
 * @author llm-router
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface LlmCall {

	/**
	 * The model group this method calls instead of the interface's. Empty (the default)
	 * keeps the interface's group.
	 * @return the model group, or empty for unset
	 */
	String model() default "";

	/**
	 * Retries per group, not counting the first attempt; {@code 0} disables retries.
	 * {@code -1} (the default) keeps the interface's or the configured count.
	 * @return the retry count, or {@code -1} for unset
	 */
	int numRetries() default -1;

	/**
	 * Timeout of each attempt, such as {@code "30s"} or {@code "PT30S"}. Empty (the
	 * default) keeps the interface's or the configured timeout.
	 * @return the timeout, or empty for unset
	 */
	String timeout() default "";

	/**
	 * Timeout of the whole call, such as {@code "2m"}. Empty (the default) keeps the
	 * interface's or the configured total timeout.
	 * @return the total timeout, or empty for unset
	 */
	String totalTimeout() default "";

}
