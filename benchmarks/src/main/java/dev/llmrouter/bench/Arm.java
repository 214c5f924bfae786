package dev.llmrouter.bench;

/**
 * One contestant of the side-by-side run: a name and a way to bind it to a base URL of
 * the mock.
 *
 * @param id the one-letter id used in tables
 * @param name what the arm is
 * @param factory binds the arm to a base URL such as {@code http://127.0.0.1:1234/d0/v1}
 * @author llm-router
 */
record Arm(String id, String name, Factory factory) {

	@FunctionalInterface
	interface Factory {

		Target create(String mockRoot, String mode);

	}

}
