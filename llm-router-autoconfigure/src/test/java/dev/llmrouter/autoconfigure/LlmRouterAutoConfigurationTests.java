package dev.llmrouter.autoconfigure;

import dev.llmrouter.observation.SuccessEvent;
import java.io.File;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.llmrouter.CallMetadata;
import dev.llmrouter.ChatChunk;
import dev.llmrouter.ChatRequest;
import dev.llmrouter.ChatResponse;
import dev.llmrouter.LlmRouter;
import dev.llmrouter.LlmRouterCustomizer;
import dev.llmrouter.observation.LlmRouterListener;
import dev.llmrouter.provider.ProviderEndpoint;
import dev.llmrouter.RetryPolicy;
import dev.llmrouter.RouterView;
import dev.llmrouter.RoutingStrategy;
import dev.llmrouter.test.MockLlmServer;
import io.github.resilience4j.retry.RetryRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.WebClientCustomizer;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link LlmRouterAutoConfiguration}.
 */
class LlmRouterAutoConfigurationTests {

	private static final String API_KEY = "sk-test-SECRETKEY1234567890";

	private static final String DEPLOYMENT = "llm.router.groups.gpt.deployments.east.";

	private final MockLlmServer server = new MockLlmServer();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LlmRouterAutoConfiguration.class, WebClientAutoConfiguration.class));

	@AfterEach
	void close() {
		this.server.close();
	}

	// ---- beans ------------------------------------------------------------------

	@Test
	void whenGroupConfiguredThenRouterAndRetryPolicyBeansExist() {
		withGroup().run((context) -> {
			assertThat(context).hasSingleBean(LlmRouter.class);
			assertThat(context).hasSingleBean(RetryPolicy.class);
			assertThat(context).hasSingleBean(LlmRouterProperties.class);
			assertThat(context.getBean(RetryPolicy.class)).isEqualTo(RetryPolicy.UNSET);
		});
	}

	@Test
	void whenPropertiesSetThenRouterRunsWithThem() {
		withGroup()
			.withPropertyValues("llm.router.num-retries=4", "llm.router.timeout=30s", "llm.router.stream-timeout=5s",
					"llm.router.total-timeout=2m", "llm.router.routing-strategy=round-robin",
					"llm.router.allowed-fails=7", "llm.router.cooldown-time=9s", "llm.router.max-fallbacks=1",
					"llm.router.retry-after=1s", "llm.router.backoff.initial-interval=3s",
					"llm.router.backoff.multiplier=1.5", "llm.router.backoff.max-interval=20s",
					"llm.router.backoff.max-retry-after=40s", "llm.router.quota-cooldown-time=3h")
			.run((context) -> {
				RouterView.Settings settings = view(context).settings();
				assertThat(settings.numRetries()).isEqualTo(4);
				assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(30));
				assertThat(settings.streamTimeout()).isEqualTo(Duration.ofSeconds(5));
				assertThat(settings.totalTimeout()).isEqualTo(Duration.ofMinutes(2));
				assertThat(settings.routingStrategy()).isEqualTo(RoutingStrategy.ROUND_ROBIN);
				assertThat(settings.allowedFails()).isEqualTo(7);
				assertThat(settings.cooldownTime()).isEqualTo(Duration.ofSeconds(9));
				assertThat(settings.quotaCooldownTime()).isEqualTo(Duration.ofHours(3));
				assertThat(settings.maxFallbacks()).isEqualTo(1);
				assertThat(settings.backoff().minimum()).isEqualTo(Duration.ofSeconds(1));
				assertThat(settings.backoff().initialInterval()).isEqualTo(Duration.ofSeconds(3));
				assertThat(settings.backoff().multiplier()).isEqualTo(1.5);
				assertThat(settings.backoff().maxInterval()).isEqualTo(Duration.ofSeconds(20));
				assertThat(settings.backoff().maxRetryAfter()).isEqualTo(Duration.ofSeconds(40));
			});
	}

	@Test
	void whenGroupAndDeploymentPropertiesSetThenRouterRunsWithThem() {
		withGroup()
			.withPropertyValues("llm.router.groups.gpt.num-retries=3", "llm.router.groups.gpt.fallbacks=small",
					"llm.router.groups.gpt.context-window-fallbacks=long",
					"llm.router.groups.gpt.content-policy-fallbacks=small",
					"llm.router.groups.gpt.routing-strategy=least-busy", "llm.router.groups.gpt.timeout=20s",
					"llm.router.groups.gpt.total-timeout=1m", DEPLOYMENT + "provider=azure-openai",
					DEPLOYMENT + "headers.OpenAI-Organization=org-1", DEPLOYMENT + "weight=2", DEPLOYMENT + "rpm=500",
					DEPLOYMENT + "tpm=90000", DEPLOYMENT + "timeout=10s", DEPLOYMENT + "stream-timeout=4s",
					DEPLOYMENT + "cooldown-time=11s", "llm.router.groups.small.deployments.a.model=gpt-4o-mini",
					"llm.router.groups.small.deployments.a.base-url=http://localhost:1/v1",
					"llm.router.groups.long.deployments.a.model=gpt-4.1",
					"llm.router.groups.long.deployments.a.base-url=http://localhost:1/v1")
			.run((context) -> {
				RouterView.Group group = view(context).group("gpt");
				assertThat(group.numRetries()).isEqualTo(3);
				assertThat(group.fallbacks()).containsExactly("small");
				assertThat(group.contextWindowFallbacks()).containsExactly("long");
				assertThat(group.contentPolicyFallbacks()).containsExactly("small");
				assertThat(group.routingStrategy()).isEqualTo(RoutingStrategy.LEAST_BUSY);
				assertThat(group.totalTimeout()).isEqualTo(Duration.ofMinutes(1));
				assertThat(view(context).group("small").deployments().get(0).timeout())
					.isEqualTo(Duration.ofMinutes(10));
				RouterView.Deployment deployment = group.deployments().get(0);
				assertThat(deployment.id()).isEqualTo("east");
				assertThat(deployment.provider()).isEqualTo("azure-openai");
				assertThat(deployment.model()).isEqualTo("gpt-4o");
				assertThat(deployment.baseUrl()).isEqualTo(this.server.baseUrl());
				assertThat(deployment.maskedApiKey()).isEqualTo(ProviderEndpoint.mask(API_KEY));
				assertThat(deployment.headerNames()).containsExactly("OpenAI-Organization");
				assertThat(deployment.weight()).isEqualTo(2);
				assertThat(deployment.rpm()).isEqualTo(500);
				assertThat(deployment.tpm()).isEqualTo(90000);
				assertThat(deployment.timeout()).isEqualTo(Duration.ofSeconds(10));
				assertThat(deployment.streamTimeout()).isEqualTo(Duration.ofSeconds(4));
				assertThat(deployment.cooldownTime()).isEqualTo(Duration.ofSeconds(11));
			});
	}

	@Test
	void whenRetryPolicyPropertiesSetThenRetryPolicyBeanHasThem() {
		withGroup()
			.withPropertyValues("llm.router.retry-policy.timeout-error-retries=3",
					"llm.router.retry-policy.rate-limit-error-retries=5",
					"llm.router.retry-policy.internal-server-error-retries=2",
					"llm.router.retry-policy.bad-request-error-retries=0",
					"llm.router.retry-policy.authentication-error-retries=1",
					"llm.router.retry-policy.content-policy-violation-error-retries=0",
					"llm.router.retry-policy.unsupported-params-retries=0")
			.run((context) -> assertThat(context.getBean(RetryPolicy.class))
				.isEqualTo(new RetryPolicy(3, 5, 2, 0, 1, 0, 0)));
	}

	@Test
	void whenGroupRetryPolicyFieldSetThenOnlyThatFieldIsSetOnTheGroup() {
		withGroup()
			.withPropertyValues("llm.router.retry-policy.timeout-error-retries=3",
					"llm.router.groups.gpt.retry-policy.rate-limit-error-retries=10")
			.run((context) -> {
				RouterView view = view(context);
				assertThat(view.settings().retryPolicy())
					.isEqualTo(RetryPolicy.builder().timeoutErrorRetries(3).build());
				RetryPolicy effective = view.group("gpt").retryPolicy();
				assertThat(effective.timeoutErrorRetries()).isEqualTo(3);
				assertThat(effective.rateLimitErrorRetries()).isEqualTo(10);
				assertThat(effective.internalServerErrorRetries()).isEqualTo(2);
			});
	}

	@Test
	void whenApplicationDefinesRetryPolicyThenAutoConfiguredOneBacksOffAndRouterUsesIt() {
		withGroup().withUserConfiguration(UserRetryPolicyConfiguration.class)
			.withPropertyValues("llm.router.retry-policy.timeout-error-retries=3")
			.run((context) -> {
				assertThat(context).hasSingleBean(RetryPolicy.class);
				assertThat(context.getBean(RetryPolicy.class)).isSameAs(UserRetryPolicyConfiguration.POLICY);
				assertThat(view(context).settings().retryPolicy()).isSameAs(UserRetryPolicyConfiguration.POLICY);
			});
	}

	@Test
	void whenApplicationDefinesLlmRouterThenAutoConfiguredOneBacksOff() {
		withGroup().withUserConfiguration(UserRouterConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(LlmRouter.class);
			assertThat(context.getBean(LlmRouter.class)).isSameAs(context.getBean("userRouter"));
		});
	}

	@Test
	void whenDisabledThenNoRouter() {
		withGroup().withPropertyValues("llm.router.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(LlmRouter.class);
			assertThat(context).doesNotHaveBean(RetryPolicy.class);
			assertThat(context).doesNotHaveBean(LlmRouterProperties.class);
		});
	}

	@Test
	void whenDisabledThenInvalidConfigurationIsIgnored() {
		withGroup().withPropertyValues("llm.router.enabled=false", "llm.router.num-retries=-1")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(LlmRouter.class));
	}

	@Test
	void whenWebClientIsNotOnTheClasspathThenNoRouter() {
		withGroup().withClassLoader(new FilteredClassLoader(WebClient.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(LlmRouter.class));
	}

	@Test
	void whenCustomizersDefinedThenAppliedInOrder() {
		withGroup().withUserConfiguration(CustomizerConfiguration.class).run((context) -> {
			assertThat(context.getBean(CustomizerConfiguration.class).applied).containsExactly("first", "second");
			assertThat(view(context).settings().numRetries()).isEqualTo(7);
		});
	}

	@Test
	void whenApplicationHasWebClientCustomizerThenRouterRequestsCarryIt() {
		withGroup().withUserConfiguration(WebClientCustomizerConfiguration.class).run((context) -> {
			context.getBean(LlmRouter.class).chat(ChatRequest.of("gpt", "hi"));
			assertThat(this.server.requests()).singleElement()
				.satisfies((request) -> assertThat(request.header("X-Application")).isEqualTo("orders"));
		});
	}

	@Test
	void whenListenerBeanDefinedThenNotifiedOfCalls() {
		withGroup().withUserConfiguration(ListenerConfiguration.class).run((context) -> {
			context.getBean(LlmRouter.class).chat(ChatRequest.of("gpt", "hi"));
			assertThat(context.getBean(RecordingListener.class).successes).singleElement()
				.satisfies((metadata) -> assertThat(metadata.deployment()).isEqualTo("east"));
		});
	}

	@Test
	void whenRetryRegistryBeanDefinedThenGroupRetriesAreRegisteredInIt() {
		withGroup().withUserConfiguration(RetryRegistryConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(LlmRouter.class);
			assertThat(context.getBean(RetryRegistry.class).getAllRetries()).isNotEmpty();
		});
	}

	@Test
	void whenCalledThroughTheContextThenBlockingAsyncAndStreamingAnswer() {
		this.server.enqueue(MockLlmServer.Reply.completion("blocking"), MockLlmServer.Reply.completion("async"),
				MockLlmServer.Reply.sse("str", "eam"));
		withGroup().run((context) -> {
			LlmRouter router = context.getBean(LlmRouter.class);
			ChatResponse blocking = router.chat(ChatRequest.of("gpt", "hi"));
			ChatResponse async = router.chatAsync(ChatRequest.of("gpt", "hi")).block(Duration.ofSeconds(20));
			List<ChatChunk> chunks = router.stream(ChatRequest.of("gpt", "hi"))
				.collectList()
				.block(Duration.ofSeconds(20));
			assertThat(blocking.content()).isEqualTo("blocking");
			assertThat(blocking.metadata().modelGroup()).isEqualTo("gpt");
			assertThat(async.content()).isEqualTo("async");
			assertThat(chunks).extracting(ChatChunk::content).contains("str", "eam");
			assertThat(this.server.requests())
				.allSatisfy((request) -> assertThat(request.header("Authorization")).isEqualTo("Bearer " + API_KEY));
		});
	}

	// ---- invalid configuration --------------------------------------------------

	@Test
	void whenGroupHasNoDeploymentsThenStartupFailsNamingTheProperty() {
		withGroup().withPropertyValues("llm.router.groups.empty.num-retries=1")
			.run((context) -> assertInvalid(context, "llm.router.groups.empty.deployments",
					"Add at least one deployment"));
	}

	@Test
	void whenNoGroupIsConfiguredThenStartupFailsNamingTheProperty() {
		this.contextRunner.run((context) -> assertInvalid(context, "llm.router.groups", "llm.router.enabled=false"));
	}

	@Test
	void whenProviderIsUnknownThenStartupFailsNamingThePropertyAndTheIdsAvailable() {
		withGroup().withPropertyValues(DEPLOYMENT + "provider=cohere").run((context) -> {
			FailureAnalysis analysis = assertInvalid(context, "llm.router.groups.gpt.deployments.east.provider",
					"Use one of [openai, azure-openai, anthropic], or define an LlmProvider bean whose id() is 'cohere'");
			assertThat(analysis.getDescription()).contains("no provider adapter has the id 'cohere'");
		});
	}

	@Test
	void whenApiKeyIsAnUnresolvedPlaceholderThenStartupFailsNamingTheVariable() {
		withGroup().withPropertyValues(DEPLOYMENT + "api-key=${LLM_ROUTER_TEST_UNSET_KEY}").run((context) -> {
			FailureAnalysis analysis = assertInvalid(context, "llm.router.groups.gpt.deployments.east.api-key",
					"LLM_ROUTER_TEST_UNSET_KEY");
			assertThat(analysis.getDescription()).contains("${LLM_ROUTER_TEST_UNSET_KEY}").contains("not resolved");
		});
	}

	@Test
	void whenApiKeyPlaceholderIsResolvedThenStartupSucceeds() {
		withGroup().withPropertyValues("test.llm.key=sk-resolved-1234", DEPLOYMENT + "api-key=${test.llm.key}")
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(LlmRouter.class));
	}

	@Test
	void whenRoutingStrategyIsUnknownThenStartupFailsNamingTheProperty() {
		withGroup().withPropertyValues("llm.router.routing-strategy=fastest")
			.run((context) -> assertBindingFailure(context, "llm.router.routing-strategy"));
	}

	@Test
	void whenGroupRoutingStrategyIsUnknownThenStartupFailsNamingTheProperty() {
		withGroup().withPropertyValues("llm.router.groups.gpt.routing-strategy=fastest")
			.run((context) -> assertBindingFailure(context, "llm.router.groups.gpt.routing-strategy"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "llm.router.num-retries", "llm.router.allowed-fails", "llm.router.max-fallbacks",
			"llm.router.groups.gpt.num-retries", "llm.router.retry-policy.timeout-error-retries",
			"llm.router.retry-policy.rate-limit-error-retries", "llm.router.retry-policy.internal-server-error-retries",
			"llm.router.retry-policy.bad-request-error-retries", "llm.router.retry-policy.authentication-error-retries",
			"llm.router.retry-policy.content-policy-violation-error-retries",
			"llm.router.retry-policy.unsupported-params-retries",
			"llm.router.groups.gpt.retry-policy.rate-limit-error-retries" })
	void whenCountIsNegativeThenStartupFailsNamingTheProperty(String property) {
		withGroup().withPropertyValues(property + "=-1").run((context) -> assertInvalid(context, property, "or more"));
	}

	@ParameterizedTest
	@CsvSource({ "llm.router.timeout, positive duration", "llm.router.stream-timeout, positive duration",
			"llm.router.total-timeout, positive duration", "llm.router.cooldown-time, 0s or more",
			"llm.router.quota-cooldown-time, 0s or more", "llm.router.retry-after, 0s or more",
			"llm.router.backoff.initial-interval, 0s or more", "llm.router.backoff.max-interval, 0s or more",
			"llm.router.backoff.max-retry-after, 0s or more", "llm.router.groups.gpt.timeout, positive duration",
			"llm.router.groups.gpt.stream-timeout, positive duration",
			"llm.router.groups.gpt.total-timeout, positive duration",
			"llm.router.groups.gpt.deployments.east.timeout, positive duration",
			"llm.router.groups.gpt.deployments.east.stream-timeout, positive duration",
			"llm.router.groups.gpt.deployments.east.cooldown-time, 0s or more" })
	void whenDurationIsNegativeThenStartupFailsNamingTheProperty(String property, String fix) {
		withGroup().withPropertyValues(property + "=-1s").run((context) -> assertInvalid(context, property, fix));
	}

	@ParameterizedTest
	@CsvSource({ "weight, 0", "weight, -2", "rpm, 0", "tpm, -1" })
	void whenDeploymentLimitIsNotPositiveThenStartupFailsNamingTheProperty(String property, String value) {
		withGroup().withPropertyValues(DEPLOYMENT + property + "=" + value)
			.run((context) -> assertInvalid(context, DEPLOYMENT + property, "1 or more"));
	}

	@Test
	void whenTimeoutIsZeroThenStartupFailsNamingTheProperty() {
		withGroup().withPropertyValues("llm.router.timeout=0s")
			.run((context) -> assertInvalid(context, "llm.router.timeout", "positive duration"));
	}

	@Test
	void whenDurationCannotBeParsedThenStartupFailsNamingTheProperty() {
		withGroup().withPropertyValues("llm.router.cooldown-time=five seconds")
			.run((context) -> assertBindingFailure(context, "llm.router.cooldown-time"));
	}

	@Test
	void whenBackoffMultiplierIsBelowOneThenStartupFailsNamingTheProperty() {
		withGroup().withPropertyValues("llm.router.backoff.multiplier=0.5")
			.run((context) -> assertInvalid(context, "llm.router.backoff.multiplier", "1.0"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "not a url", "localhost:8080/v1", "ftp://example.com/v1", "http://", "/v1" })
	void whenBaseUrlIsMalformedThenStartupFailsNamingTheProperty(String baseUrl) {
		withGroup().withPropertyValues(DEPLOYMENT + "base-url=" + baseUrl)
			.run((context) -> assertInvalid(context, DEPLOYMENT + "base-url", "https://api.openai.com/v1"));
	}

	@Test
	void whenBaseUrlIsMissingThenStartupFailsNamingTheProperty() {
		withGroup().withPropertyValues(DEPLOYMENT + "base-url=")
			.run((context) -> assertInvalid(context, DEPLOYMENT + "base-url", "https://api.openai.com/v1"));
	}

	@Test
	void whenBaseUrlCarriesAQueryStringThenStartupFailsNamingThePropertyAndTheFix() {
		withGroup().withPropertyValues(DEPLOYMENT + "base-url=" + this.server.baseUrl() + "?api-version=2024-10-21")
			.run((context) -> assertInvalid(context, DEPLOYMENT + "base-url", "api-version"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "azure-deployment=gpt-4o-prod", "api-version=2024-10-21", "max-tokens=1024" })
	void whenAnotherProvidersKeyIsSetOnAnOpenAiDeploymentThenStartupFailsNamingIt(String setting) {
		String key = setting.substring(0, setting.indexOf('='));
		withGroup().withPropertyValues(DEPLOYMENT + setting)
			.run((context) -> assertInvalid(context, DEPLOYMENT + key, "Remove it, or set provider: "));
	}

	@Test
	void whenMaxTokensIsNotPositiveThenStartupFailsNamingTheProperty() {
		withGroup().withPropertyValues(DEPLOYMENT + "provider=anthropic", DEPLOYMENT + "max-tokens=0")
			.run((context) -> assertInvalid(context, DEPLOYMENT + "max-tokens", "1 or more"));
	}

	@Test
	void whenAnAnthropicDeploymentSetsNoBaseUrlThenAnthropicsApiIsUsed() {
		this.contextRunner
			.withPropertyValues("llm.router.groups.claude.deployments.sonnet.provider=anthropic",
					"llm.router.groups.claude.deployments.sonnet.model=claude-sonnet-4-5",
					"llm.router.groups.claude.deployments.sonnet.api-key=" + API_KEY,
					"llm.router.groups.claude.deployments.sonnet.max-tokens=2048")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				RouterView.Deployment deployment = view(context).groups().get("claude").deployments().get(0);
				assertThat(deployment.provider()).isEqualTo("anthropic");
				assertThat(deployment.baseUrl()).isEqualTo("https://api.anthropic.com");
			});
	}

	@Test
	void whenTheStateStoreIsRedisWithoutTheRedisModuleThenStartupFailsNamingTheProperty() {
		withGroup().withPropertyValues("llm.router.state.store=redis")
			.run((context) -> assertInvalid(context, "llm.router.state.store", "dev.llmrouter:llm-router-redis"));
	}

	@Test
	void whenModelIsMissingThenStartupFailsNamingTheProperty() {
		withGroup().withPropertyValues("llm.router.groups.gpt.deployments.west.base-url=http://localhost:1/v1")
			.run((context) -> assertInvalid(context, "llm.router.groups.gpt.deployments.west.model", "gpt-4o"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "fallbacks", "context-window-fallbacks", "content-policy-fallbacks" })
	void whenGroupFallbackNamesUnknownGroupThenStartupFailsNamingTheProperty(String fallbacks) {
		withGroup().withPropertyValues("llm.router.groups.gpt." + fallbacks + "=gpt-35")
			.run((context) -> assertInvalid(context, "llm.router.groups.gpt." + fallbacks,
					"add a group named 'gpt-35'"));
	}

	@Test
	void whenDefaultFallbackNamesUnknownGroupThenStartupFailsNamingTheProperty() {
		withGroup().withPropertyValues("llm.router.default-fallbacks=gpt-35")
			.run((context) -> assertInvalid(context, "llm.router.default-fallbacks", "add a group named 'gpt-35'"));
	}

	@Test
	void whenConfigurationIsInvalidThenTheApiKeyIsNotInTheFailure() {
		withGroup().withPropertyValues(DEPLOYMENT + "base-url=ftp://example.com")
			.run((context) -> assertThat(context).getFailure().satisfies((failure) -> {
				for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
					assertThat(cause.toString()).doesNotContain(API_KEY);
				}
			}));
	}

	// ---- IDE metadata -----------------------------------------------------------

	@Test
	void whenMetadataIsGeneratedThenEveryPropertyHasADescription() {
		File file = new File("target/classes/META-INF/spring-configuration-metadata.json");
		assertThat(file).exists();
		JsonNode properties = JsonMapper.builder().build().readTree(file).get("properties");
		List<String> names = new ArrayList<>();
		for (JsonNode property : properties) {
			String name = property.get("name").asString();
			if (name.startsWith("llm.router.")) {
				names.add(name);
				assertThat(property.path("description").asString()).as(name).isNotBlank();
			}
		}
		assertThat(names).contains("llm.router.enabled", "llm.router.num-retries", "llm.router.retry-after",
				"llm.router.backoff.initial-interval", "llm.router.backoff.multiplier",
				"llm.router.backoff.max-interval", "llm.router.backoff.max-retry-after", "llm.router.timeout",
				"llm.router.stream-timeout", "llm.router.total-timeout", "llm.router.routing-strategy",
				"llm.router.allowed-fails", "llm.router.cooldown-time", "llm.router.quota-cooldown-time",
				"llm.router.max-fallbacks", "llm.router.default-fallbacks",
				"llm.router.retry-policy.timeout-error-retries", "llm.router.retry-policy.rate-limit-error-retries",
				"llm.router.retry-policy.internal-server-error-retries",
				"llm.router.retry-policy.bad-request-error-retries",
				"llm.router.retry-policy.authentication-error-retries",
				"llm.router.retry-policy.content-policy-violation-error-retries",
				"llm.router.retry-policy.unsupported-params-retries", "llm.router.groups");
	}

	// ---- helpers ----------------------------------------------------------------

	private ApplicationContextRunner withGroup() {
		return this.contextRunner.withPropertyValues(DEPLOYMENT + "model=gpt-4o",
				DEPLOYMENT + "base-url=" + this.server.baseUrl(), DEPLOYMENT + "api-key=" + API_KEY);
	}

	private static RouterView view(AssertableApplicationContext context) {
		return context.getBean(LlmRouter.class).view().orElseThrow();
	}

	private static FailureAnalysis assertInvalid(AssertableApplicationContext context, String property, String fix) {
		assertThat(context).hasFailed();
		Throwable failure = context.getStartupFailure();
		assertThat(failure).rootCause().hasMessageContaining("'" + property + "'");
		FailureAnalysis analysis = new LlmRouterConfigurationFailureAnalyzer().analyze(failure);
		assertThat(analysis).isNotNull();
		assertThat(analysis.getDescription()).contains("Property: " + property + "\n");
		assertThat(analysis.getAction()).contains(fix);
		return analysis;
	}

	private static void assertBindingFailure(AssertableApplicationContext context, String property) {
		assertThat(context).hasFailed();
		List<String> messages = new ArrayList<>();
		for (Throwable cause = context.getStartupFailure(); cause != null; cause = cause.getCause()) {
			messages.add(cause.getMessage());
		}
		assertThat(messages).anySatisfy((message) -> assertThat(message).contains("'" + property + "'"));
	}

	@Configuration(proxyBeanMethods = false)
	static class UserRetryPolicyConfiguration {

		static final RetryPolicy POLICY = RetryPolicy.builder().rateLimitErrorRetries(9).build();

		@Bean
		RetryPolicy userRetryPolicy() {
			return POLICY;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserRouterConfiguration {

		@Bean
		LlmRouter userRouter() {
			return LlmRouter.builder()
				.group("mine",
						(group) -> group.deployment("a",
								(deployment) -> deployment.model("m").baseUrl("http://localhost:1/v1")))
				.build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CustomizerConfiguration {

		final List<String> applied = new CopyOnWriteArrayList<>();

		@Bean
		LlmRouterCustomizer secondCustomizer() {
			return new OrderedCustomizer(2, () -> this.applied.add("second"), 7);
		}

		@Bean
		LlmRouterCustomizer firstCustomizer() {
			return new OrderedCustomizer(1, () -> this.applied.add("first"), 5);
		}

	}

	record OrderedCustomizer(int order, Runnable onApply, int numRetries) implements LlmRouterCustomizer, Ordered {

		@Override
		public void customize(LlmRouter.Builder builder) {
			this.onApply.run();
			builder.numRetries(this.numRetries);
		}

		@Override
		public int getOrder() {
			return this.order;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class WebClientCustomizerConfiguration {

		@Bean
		WebClientCustomizer applicationHeader() {
			return (builder) -> builder.defaultHeader("X-Application", "orders");
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ListenerConfiguration {

		@Bean
		RecordingListener recordingListener() {
			return new RecordingListener();
		}

	}

	static class RecordingListener implements LlmRouterListener {

		final List<CallMetadata> successes = new CopyOnWriteArrayList<>();

		@Override
		public void onSuccess(SuccessEvent event) {
			this.successes.add(event.metadata());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class RetryRegistryConfiguration {

		@Bean
		RetryRegistry retryRegistry() {
			return RetryRegistry.ofDefaults();
		}

	}

}
