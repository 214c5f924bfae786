package dev.llmrouter.client;

import javax.lang.model.element.Modifier;

import org.jspecify.annotations.Nullable;

import org.springframework.aot.generate.GeneratedMethod;
import org.springframework.aot.generate.GenerationContext;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.beans.factory.aot.BeanRegistrationAotContribution;
import org.springframework.beans.factory.aot.BeanRegistrationAotProcessor;
import org.springframework.beans.factory.aot.BeanRegistrationCode;
import org.springframework.beans.factory.aot.BeanRegistrationCodeFragments;
import org.springframework.beans.factory.aot.BeanRegistrationCodeFragmentsDecorator;
import org.springframework.beans.factory.support.InstanceSupplier;
import org.springframework.beans.factory.support.RegisteredBean;
import org.springframework.javapoet.ClassName;
import org.springframework.javapoet.CodeBlock;

/**
 * Makes {@link LlmClient} beans work ahead of time and in native images: generates their
 * instance supplier (a call to the shared {@link LlmClientFactory}) and registers the JDK
 * proxy and reflection hints of each interface.
 *
 * @author llm-router
 */
final class LlmClientBeanRegistrationAotProcessor implements BeanRegistrationAotProcessor {

	@Override
	public @Nullable BeanRegistrationAotContribution processAheadOfTime(RegisteredBean registeredBean) {
		if (!Boolean.TRUE.equals(registeredBean.getMergedBeanDefinition()
			.getAttribute(AbstractLlmClientsRegistrar.LLM_CLIENT_ATTRIBUTE))) {
			return null;
		}
		Class<?> clientType = registeredBean.getBeanClass();
		return BeanRegistrationAotContribution
			.withCustomCodeFragments((fragments) -> new LlmClientCodeFragments(fragments, clientType));
	}

	private static void registerHints(RuntimeHints hints, Class<?> clientType) {
		hints.proxies().registerJdkProxy(clientType);
		hints.reflection().registerType(clientType, MemberCategory.INVOKE_PUBLIC_METHODS);
	}

	private static final class LlmClientCodeFragments extends BeanRegistrationCodeFragmentsDecorator {

		private final Class<?> clientType;

		LlmClientCodeFragments(BeanRegistrationCodeFragments delegate, Class<?> clientType) {
			super(delegate);
			this.clientType = clientType;
		}

		@Override
		public ClassName getTarget(RegisteredBean registeredBean) {
			return ClassName.get(registeredBean.getBeanClass());
		}

		@Override
		public CodeBlock generateInstanceSupplierCode(GenerationContext generationContext,
				BeanRegistrationCode beanRegistrationCode, boolean allowDirectSupplierShortcut) {
			registerHints(generationContext.getRuntimeHints(), this.clientType);
			GeneratedMethod method = beanRegistrationCode.getMethods().add("getLlmClient", (builder) -> {
				builder.addJavadoc("Create the LLM client proxy for {@link $T}.", this.clientType);
				builder.addModifiers(Modifier.PRIVATE, Modifier.STATIC);
				builder.addParameter(RegisteredBean.class, "registeredBean");
				builder.returns(Object.class);
				builder.addStatement("return registeredBean.getBeanFactory().getBean($S, $T.class).create($T.class)",
						LlmClientFactory.BEAN_NAME, LlmClientFactory.class, this.clientType);
			});
			return CodeBlock.of("$T.of($L)", InstanceSupplier.class, method.toMethodReference().toCodeBlock());
		}

	}

}
