package dev.llmrouter.client;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.annotation.Import;

/**
 * Registers the {@link LlmClient} interfaces found in the given packages as beans. Spring
 * Boot applications need it only for interfaces outside their auto-configuration
 * packages: those are registered without it. With no package given, the package of the
 * annotated class is scanned.
 *
 * @author llm-router
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Import(EnableLlmClientsRegistrar.class)
public @interface EnableLlmClients {

	/**
	 * Packages to scan for {@link LlmClient} interfaces, sub-packages included.
	 * @return the package names
	 */
	String[] basePackages() default {};

	/**
	 * Classes whose packages are scanned for {@link LlmClient} interfaces: a type-safe
	 * alternative to {@link #basePackages()}.
	 * @return the marker classes
	 */
	Class<?>[] basePackageClasses() default {};

}
