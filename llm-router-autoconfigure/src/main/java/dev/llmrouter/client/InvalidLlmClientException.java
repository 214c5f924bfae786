package dev.llmrouter.client;

import java.lang.reflect.Method;

/**
 * Thrown at start-up when a method of an {@link LlmClient} interface cannot be served:
 * its message names the method ({@code Interface#method}), the problem and the fix.
 *
 * @author llm-router
 */
public class InvalidLlmClientException extends IllegalStateException {

	private final String method;

	private final String problem;

	private final String action;

	/**
	 * Create a new exception.
	 * @param method the method that cannot be served
	 * @param problem what is wrong with it
	 * @param action what to change
	 */
	public InvalidLlmClientException(Method method, String problem, String action) {
		this(nameOf(method), problem, action);
	}

	InvalidLlmClientException(String method, String problem, String action) {
		super(method + ": " + problem + ". " + action);
		this.method = method;
		this.problem = problem;
		this.action = action;
	}

	static String nameOf(Method method) {
		return method.getDeclaringClass().getName() + "#" + method.getName();
	}

	/**
	 * The method that cannot be served.
	 * @return the method as {@code Interface#method}
	 */
	public String method() {
		return this.method;
	}

	/**
	 * What is wrong with the method.
	 * @return the problem
	 */
	public String problem() {
		return this.problem;
	}

	/**
	 * What to change.
	 * @return the fix
	 */
	public String action() {
		return this.action;
	}

}
