package dev.llmrouter.autoconfigure;

import java.net.http.HttpClient.Redirect;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import dev.llmrouter.ChatRequest;
import dev.llmrouter.ChatResponse;
import dev.llmrouter.LlmRouter;
import dev.llmrouter.error.BadRequestException;
import dev.llmrouter.error.LlmException;
import dev.llmrouter.test.MockLlmServer;
import dev.llmrouter.test.MockLlmServer.Reply;
import dev.llmrouter.test.TestTimer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.reactive.ReactiveHttpClientAutoConfiguration;
import org.springframework.boot.http.client.reactive.ClientHttpConnectorBuilder;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.WebClientCustomizer;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Provider calls never follow HTTP redirects (CONTRACT §3, issue 12 item 7): a redirect
 * answer fails the call with a {@link BadRequestException} naming the location, without
 * retry, and the prompt never reaches the address redirected to — with the builder's own
 * client, and with the auto-configured one even when the application's HTTP clients are
 * set to follow redirects, by property, by a {@code WebClientCustomizer}'s connector or
 * by the HTTP client customizer of its {@code ClientHttpConnectorBuilder}.
 */
class RedirectTests {

	private static final String DEPLOYMENT = "llm.router.groups.gpt.deployments.east.";

	private final MockLlmServer redirecting = new MockLlmServer();

	private final MockLlmServer elsewhere = new MockLlmServer();

	private final TestTimer timer = new TestTimer();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LlmRouterAutoConfiguration.class, WebClientAutoConfiguration.class,
				HttpClientAutoConfiguration.class, ReactiveHttpClientAutoConfiguration.class))
		.withPropertyValues("spring.http.clients.redirects=follow", "spring.reactor.netty.shutdown-quiet-period=0s",
				DEPLOYMENT + "model=gpt-4o", DEPLOYMENT + "base-url=" + this.redirecting.baseUrl(),
				DEPLOYMENT + "api-key=sk-test-KEY1234")
		.withBean(ReactorResourceFactory.class, RedirectTests::ownResources);

	/**
	 * Resources of the context's own, without a connection pool: a context closing with
	 * Reactor Netty's global resources disposes them under every other test, and
	 * disposing a pool while its last connection is still closing on a loop that is
	 * shutting down once left {@code ReactorResourceFactory.stop()} blocked for good.
	 */
	private static ReactorResourceFactory ownResources() {
		ReactorResourceFactory resources = new ReactorResourceFactory();
		resources.setUseGlobalResources(false);
		resources.setConnectionProviderSupplier(ConnectionProvider::newConnection);
		resources.setShutdownQuietPeriod(Duration.ZERO);
		return resources;
	}

	@AfterEach
	void close() {
		this.redirecting.close();
		this.elsewhere.close();
	}

	@ParameterizedTest
	@ValueSource(ints = { 301, 302, 307, 308 })
	void whenTheProviderRedirectsThenTheBuildersClientDoesNotFollowAndTheCallFailsNamingTheLocation(int status) {
		this.redirecting.byDefault(redirect(status));
		LlmRouter router = LlmRouter.builder()
			.timer(this.timer)
			.random(() -> 0.5)
			.group("gpt",
					(group) -> group.deployment("east",
							(d) -> d.model("gpt-4o").baseUrl(this.redirecting.baseUrl()).apiKey("sk-test-KEY1234")))
			.build();
		CompletableFuture<ChatResponse> call = this.timer.run(router.chatAsync(ChatRequest.of("gpt", "hi")));
		assertNotFollowed(catchThrowableOfType(ExecutionException.class, call::get).getCause(), status);
		assertThat(this.timer.advanced()).isEmpty();
	}

	@Test
	void whenBootClientsFollowRedirectsThenTheApplicationsOwnWebClientFollows() {
		this.redirecting.byDefault(redirect(307));
		this.contextRunner.run((context) -> {
			String answer = context.getBean(WebClient.Builder.class)
				.build()
				.post()
				.uri(this.redirecting.baseUrl() + "/chat/completions")
				.bodyValue("{}")
				.retrieve()
				.bodyToMono(String.class)
				.block(Duration.ofSeconds(20));
			assertThat(answer).contains("Hello from the mock");
			assertThat(this.elsewhere.hits()).isOne();
		});
	}

	@ParameterizedTest
	@ValueSource(ints = { 301, 302, 307, 308 })
	void whenBootClientsFollowRedirectsThenTheRoutersClientStillDoesNot(int status) {
		this.redirecting.byDefault(redirect(status));
		this.contextRunner.run((context) -> {
			LlmRouter router = context.getBean(LlmRouter.class);
			Throwable failure = catchThrowableOfType(LlmException.class,
					() -> router.chat(ChatRequest.of("gpt", "hi")));
			assertNotFollowed(failure, status);
		});
	}

	@Test
	void whenAWebClientCustomizerSetsAConnectorThatFollowsRedirectsThenTheRoutersClientStillDoesNot() {
		this.redirecting.byDefault(redirect(307));
		this.contextRunner
			.withBean(WebClientCustomizer.class,
					() -> (builder) -> builder
						.clientConnector(new ReactorClientHttpConnector(HttpClient.create().followRedirect(true))))
			.run((context) -> {
				LlmRouter router = context.getBean(LlmRouter.class);
				assertNotFollowed(
						catchThrowableOfType(LlmException.class, () -> router.chat(ChatRequest.of("gpt", "hi"))), 307);
			});
	}

	@Test
	void whenTheReactorConnectorBuilderFollowsRedirectsThenTheRoutersClientStillDoesNot() {
		this.redirecting.byDefault(redirect(307));
		this.contextRunner
			.withBean(ClientHttpConnectorBuilder.class,
					() -> ClientHttpConnectorBuilder.reactor()
						.withHttpClientCustomizer((client) -> client.followRedirect(true)))
			.run((context) -> {
				LlmRouter router = context.getBean(LlmRouter.class);
				assertNotFollowed(
						catchThrowableOfType(LlmException.class, () -> router.chat(ChatRequest.of("gpt", "hi"))), 307);
			});
	}

	@Test
	void whenTheJdkConnectorBuilderFollowsRedirectsThenTheRoutersClientStillDoesNot() {
		this.redirecting.byDefault(redirect(307));
		this.contextRunner
			.withBean(ClientHttpConnectorBuilder.class,
					() -> ClientHttpConnectorBuilder.jdk()
						.withHttpClientCustomizer((client) -> client.followRedirects(Redirect.ALWAYS)))
			.run((context) -> {
				LlmRouter router = context.getBean(LlmRouter.class);
				assertNotFollowed(
						catchThrowableOfType(LlmException.class, () -> router.chat(ChatRequest.of("gpt", "hi"))), 307);
			});
	}

	private void assertNotFollowed(Throwable failure, int status) {
		assertThat(failure).isExactlyInstanceOf(BadRequestException.class)
			.hasMessageContaining("HTTP " + status)
			.hasMessageContaining("redirect to " + location())
			.hasMessageContaining("not followed");
		assertThat(((LlmException) failure).metadata().attempts()).hasSize(1);
		assertThat(this.redirecting.hits()).isOne();
		assertThat(this.elsewhere.hits()).isZero();
		assertThat(this.elsewhere.connections()).isZero();
	}

	private Reply redirect(int status) {
		return (response) -> response.status(status).header("Location", location()).send().then();
	}

	private String location() {
		return this.elsewhere.baseUrl() + "/chat/completions";
	}

}
