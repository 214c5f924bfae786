package dev.llmrouter.client;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an interface as a declarative LLM client. Each abstract method becomes a call
 * through the {@link dev.llmrouter.LlmRouter} to the model group named by
 * {@link #value()}; the proxy is a bean injectable by the interface's type.
 * <p>
 * Interfaces in the application's auto-configuration packages are registered without
 * further set-up; {@link EnableLlmClients} registers those in other packages. Every
 * attribute other than {@link #value()} overrides the group's settings for calls made
 * through this interface, and is unset by default.
 *
 * @author llm-router
 * @see EnableLlmClients
 * @see LlmCall
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface LlmClient {

	/**
	 * The model group every method calls, unless a method names another with
	 * {@link LlmCall#model()}. May be empty only if every method names its group.
	 * @return the model group
	 */
	String value() default "";

	/**
	 * Retries per group for calls through this interface, not counting the first attempt;
	 * {@code 0} disables retries. {@code -1} (the default) leaves the configured count.
	 * @return the retry count, or {@code -1} for unset
	 */
	int numRetries() default -1;

	/**
	 * Timeout of each attempt, such as {@code "30s"} or {@code "PT30S"}. Empty (the
	 * default) leaves the configured timeout.
	 * @return the timeout, or empty for unset
	 */
	String timeout() default "";

	/**
	 * Timeout of a whole call: all attempts, waits and fallbacks, such as {@code "2m"}.
	 * Empty (the default) leaves the configured total timeout.
	 * @return the total timeout, or empty for unset
	 */
	String totalTimeout() default "";

	/**
	 * Fallback groups, in order, replacing the primary group's configured fallbacks for
	 * calls through this interface. Empty (the default) leaves the configured ones.
	 * @return the fallback groups
	 */
	String[] fallbacks() default {};

}
