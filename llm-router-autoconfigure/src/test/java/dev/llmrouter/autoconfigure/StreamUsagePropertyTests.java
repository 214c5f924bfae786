package dev.llmrouter.autoconfigure;

import java.time.Duration;

import dev.llmrouter.ChatRequest;
import dev.llmrouter.LlmRouter;
import dev.llmrouter.test.MockLlmServer;
import dev.llmrouter.test.MockLlmServer.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Binding of a deployment's {@code stream-usage} property: what a stream's request body
 * asks for, over real HTTP against {@link MockLlmServer}.
 */
class StreamUsagePropertyTests {

	private static final String DEPLOYMENT = "llm.router.groups.gpt.deployments.east.";

	private static final JsonMapper json = JsonMapper.builder().build();

	private final MockLlmServer server = new MockLlmServer();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LlmRouterAutoConfiguration.class, WebClientAutoConfiguration.class))
		.withPropertyValues(DEPLOYMENT + "model=gpt-4o", DEPLOYMENT + "base-url=" + this.server.baseUrl());

	@AfterEach
	void close() {
		this.server.close();
	}

	@Test
	void whenStreamUsageIsNotSetThenStreamsAskForUsage() {
		this.contextRunner.run((context) -> {
			JsonNode body = streamedBody(context.getBean(LlmRouter.class));
			assertThat(body.get("stream_options").get("include_usage").asBoolean()).isTrue();
		});
	}

	@Test
	void whenStreamUsageIsFalseThenStreamsSendNoStreamOptions() {
		this.contextRunner.withPropertyValues(DEPLOYMENT + "stream-usage=false").run((context) -> {
			JsonNode body = streamedBody(context.getBean(LlmRouter.class));
			assertThat(body.get("stream").asBoolean()).isTrue();
			assertThat(body.has("stream_options")).isFalse();
		});
	}

	@Test
	void whenStreamUsageIsNotABooleanThenStartupFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues(DEPLOYMENT + "stream-usage=sometimes").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("sometimes");
			assertThat(context.getStartupFailure()).hasStackTraceContaining(DEPLOYMENT + "stream-usage");
		});
	}

	private JsonNode streamedBody(LlmRouter router) {
		this.server.enqueue(Reply.sse("Hi"));
		router.stream(ChatRequest.of("gpt", "hi")).blockLast(Duration.ofSeconds(20));
		return json.readTree(this.server.requests().get(0).body());
	}

}
