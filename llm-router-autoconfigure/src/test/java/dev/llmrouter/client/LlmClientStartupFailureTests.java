package dev.llmrouter.client;

import dev.llmrouter.LlmRouter;
import dev.llmrouter.autoconfigure.LlmClientAutoConfiguration;
import dev.llmrouter.autoconfigure.LlmRouterAutoConfiguration;
import dev.llmrouter.client.bad.boxednumber.BoxedNumber;
import dev.llmrouter.client.bad.chatrequest.RequestAndString;
import dev.llmrouter.client.bad.duration.BadDuration;
import dev.llmrouter.client.bad.group.UnknownGroup;
import dev.llmrouter.client.bad.mapkey.IntegerKeys;
import dev.llmrouter.client.bad.maptype.MapReturning;
import dev.llmrouter.client.bad.placeholder.MissingPlaceholder;
import dev.llmrouter.client.bad.returntype.ListReturning;
import dev.llmrouter.client.bad.twostrings.TwoStrings;
import dev.llmrouter.client.bad.typeduration.NegativeTotalTimeout;
import dev.llmrouter.client.bad.unusedparam.UnusedParam;
import dev.llmrouter.test.UserRouter;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each method signature a proxy cannot serve fails the application's start-up with a
 * message naming {@code Interface#method} and the fix. Each bad interface sits alone in
 * its own package, found as the application's package. The model group is checked against
 * the router's view: that of an application's own router when it passes one on, none when
 * it offers none.
 */
class LlmClientStartupFailureTests {

	private static final String SUPPORTED = "ChatResponse, Mono<String>, Mono<ChatResponse>, Flux<String>, "
			+ "Flux<ChatChunk>, CompletableFuture<String> or CompletableFuture<ChatResponse>; or, for structured "
			+ "output, a record, a POJO, an enum, or a List or Set of records, POJOs or enums, each also as Mono<..> "
			+ "or CompletableFuture<..>.";

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LlmRouterAutoConfiguration.class, LlmClientAutoConfiguration.class))
		.withPropertyValues("llm.router.groups.gpt-4.deployments.main.model=gpt-4o",
				"llm.router.groups.gpt-4.deployments.main.base-url=http://127.0.0.1:9/v1");

	@Test
	void whenUnsupportedReturnTypeThenStartupFailsNamingTheMethod() {
		assertFailure(ListReturning.class, ListReturning.class.getName()
				+ "#askMany: return type java.util.List<java.lang.String> is not supported. Declare one of String, "
				+ "ChatResponse, Mono<String>, Mono<ChatResponse>, Flux<String>, Flux<ChatChunk>, "
				+ "CompletableFuture<String> or CompletableFuture<ChatResponse>; or, for structured output, a record, "
				+ "a POJO, an enum, or a List or Set of records, POJOs or enums, each also as Mono<..> or "
				+ "CompletableFuture<..>.");
	}

	@Test
	void whenBoxedNumberReturnTypeThenStartupFailsNamingTheMethod() {
		assertFailure(BoxedNumber.class, BoxedNumber.class.getName()
				+ "#count: return type java.lang.Integer is not supported. Declare one of String, " + SUPPORTED);
	}

	@Test
	void whenMapReturnTypeThenStartupFailsNamingTheMethod() {
		assertFailure(MapReturning.class,
				MapReturning.class.getName()
						+ "#extract: return type java.util.Map<java.lang.String, java.lang.String> is not supported. "
						+ "Declare one of String, " + SUPPORTED);
	}

	@Test
	void whenRecordHasAPropertyWithoutJsonSchemaThenStartupFailsNamingTheMethodAndProperty() {
		assertFailure(IntegerKeys.class, IntegerKeys.class.getName() + "#score: return type "
				+ IntegerKeys.Scores.class.getName() + " has no JSON schema for structured output: Scores.byRank "
				+ "has type Map<Integer,String>: a map's keys must be Strings. Change the type of that property, "
				+ "or leave it out of the answer with @JsonIgnore.");
	}

	@Test
	void whenPlaceholderHasNoParameterThenStartupFailsNamingTheMethod() {
		assertFailure(MissingPlaceholder.class,
				MissingPlaceholder.class.getName()
						+ "#translate: placeholder {language} in @UserMessage has no parameter. "
						+ "Add a parameter annotated @Param(\"language\"), or remove the placeholder.");
	}

	@Test
	void whenTwoUnannotatedStringParametersThenStartupFailsNamingTheMethod() {
		assertFailure(TwoStrings.class, TwoStrings.class.getName()
				+ "#translate: parameters 'text' and 'language' are both unannotated Strings, so the user message "
				+ "is ambiguous. Keep one String parameter as the user message, or write a @UserMessage template "
				+ "and bind each parameter with @Param.");
	}

	@Test
	void whenDurationIsMalformedThenStartupFailsNamingTheMethod() {
		assertFailure(BadDuration.class, BadDuration.class.getName()
				+ "#ask: @LlmCall(timeout = \"soon\") is not a duration. Write it as \"30s\", \"500ms\", \"2m\" or \"PT30S\".");
	}

	@Test
	void whenModelGroupIsNotConfiguredThenStartupFailsNamingTheMethod() {
		assertFailure(UnknownGroup.class, UnknownGroup.class.getName()
				+ "#ask: model group 'gpt-5' is not configured. Add it under llm.router.groups, or name one of [gpt-4].");
	}

	@Test
	void whenChatRequestIsNotTheOnlyParameterThenStartupFailsNamingTheMethod() {
		assertFailure(RequestAndString.class, RequestAndString.class.getName()
				+ "#chat: a ChatRequest parameter must be the only parameter. Put everything the call needs into "
				+ "the ChatRequest, or replace it with String and @Param parameters.");
	}

	@Test
	void whenParamIsUsedByNoTemplateThenStartupFailsNamingTheMethod() {
		assertFailure(UnusedParam.class,
				UnusedParam.class.getName()
						+ "#ask: parameter 'tone' is not used by any message template. Add a {tone} placeholder to "
						+ "@UserMessage or @SystemMessage, or remove the parameter.");
	}

	@Test
	void whenTypeLevelDurationIsNotPositiveThenStartupFailsNamingTheMethod() {
		assertFailure(NegativeTotalTimeout.class, NegativeTotalTimeout.class.getName()
				+ "#ask: @LlmClient(totalTimeout = \"-5s\") is not positive. Set a duration above zero, or leave it "
				+ "out to keep the configured one.");
	}

	private void assertFailure(Class<?> badInterface, String message) {
		this.contextRunner
			.withInitializer((context) -> AutoConfigurationPackages.register((BeanDefinitionRegistry) context,
					badInterface.getPackageName()))
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.isInstanceOf(InvalidLlmClientException.class)
					.hasMessage(message);
			});
	}

	@Test
	void whenUserRouterPassesOnAViewThenModelGroupIsCheckedAgainstItsGroups() {
		this.contextRunner
			.withBean(LlmRouter.class,
					() -> UserRouter.passingOnView(UserRouter.built("http://127.0.0.1:9/v1", "claude", "mini")))
			.withInitializer((context) -> AutoConfigurationPackages.register((BeanDefinitionRegistry) context,
					UnknownGroup.class.getPackageName()))
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.isInstanceOf(InvalidLlmClientException.class)
					.hasMessage(UnknownGroup.class.getName() + "#ask: model group 'gpt-5' is not configured. Add it"
							+ " under llm.router.groups, or name one of [claude, mini].");
			});
	}

	@Test
	void whenUserRouterOffersNoViewThenModelGroupIsNotChecked() {
		this.contextRunner
			.withBean(LlmRouter.class,
					() -> UserRouter.withoutView(UserRouter.built("http://127.0.0.1:9/v1", "claude")))
			.withInitializer((context) -> AutoConfigurationPackages.register((BeanDefinitionRegistry) context,
					UnknownGroup.class.getPackageName()))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).hasSingleBean(UnknownGroup.class);
			});
	}

}
