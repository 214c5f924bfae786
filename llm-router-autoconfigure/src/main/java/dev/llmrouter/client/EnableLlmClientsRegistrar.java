package dev.llmrouter.client;

import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

import org.springframework.core.annotation.MergedAnnotation;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.util.ClassUtils;

/**
 * Registers the {@link LlmClient} interfaces in the packages named by
 * {@link EnableLlmClients}.
 *
 * @author llm-router
 */
class EnableLlmClientsRegistrar extends AbstractLlmClientsRegistrar {

	@Override
	protected Collection<String> getBasePackages(AnnotationMetadata importingClassMetadata) {
		MergedAnnotation<EnableLlmClients> annotation = importingClassMetadata.getAnnotations()
			.get(EnableLlmClients.class);
		Set<String> packages = new LinkedHashSet<>(Arrays.asList(annotation.getStringArray("basePackages")));
		Arrays.stream(annotation.getClassArray("basePackageClasses"))
			.map(ClassUtils::getPackageName)
			.forEach(packages::add);
		if (packages.isEmpty()) {
			packages.add(ClassUtils.getPackageName(importingClassMetadata.getClassName()));
		}
		return packages;
	}

}
