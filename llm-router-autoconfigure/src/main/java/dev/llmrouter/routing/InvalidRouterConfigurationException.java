package dev.llmrouter.routing;

/**
 * The router's configuration cannot work. Names the offending property (as an
 * {@code llm.router.*} key) and what to do about it; Spring Boot reports it at start-up
 * through a failure analyzer.
 *
 * @author llm-router
 */
public class InvalidRouterConfigurationException extends IllegalStateException {

	private final String property;

	private final String problem;

	private final String action;

	/**
	 * Create a new instance.
	 * @param property the property key, such as
	 * {@code llm.router.groups.gpt-4.deployments}
	 * @param problem what is wrong
	 * @param action how to fix it
	 */
	public InvalidRouterConfigurationException(String property, String problem, String action) {
		super("Invalid LLM router configuration at '" + property + "': " + problem + ". " + action);
		this.property = property;
		this.problem = problem;
		this.action = action;
	}

	/**
	 * The offending property.
	 * @return the property key
	 */
	public String property() {
		return this.property;
	}

	/**
	 * What is wrong.
	 * @return the problem
	 */
	public String problem() {
		return this.problem;
	}

	/**
	 * How to fix it.
	 * @return the action
	 */
	public String action() {
		return this.action;
	}

}
