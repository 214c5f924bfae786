package dev.llmrouter;

/**
 * Adjusts the {@link LlmRouter.Builder} of the auto-configured router after the
 * {@code llm.router.*} properties have been applied. Beans of this type are applied in
 * {@link org.springframework.core.Ordered order}.
 *
 * @author llm-router
 */
@FunctionalInterface
public interface LlmRouterCustomizer {

	/**
	 * Customize the builder.
	 * @param builder the builder
	 */
	void customize(LlmRouter.Builder builder);

}
