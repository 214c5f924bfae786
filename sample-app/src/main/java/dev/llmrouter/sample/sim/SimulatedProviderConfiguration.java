package dev.llmrouter.sample.sim;

import dev.llmrouter.test.ErrorBodies;
import dev.llmrouter.test.MockLlmServer;
import dev.llmrouter.test.MockLlmServer.Reply;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Starts the simulated provider, the project's test fixture {@link MockLlmServer}, on its
 * own loopback port ({@code sim.port}, by default a free one) and answers
 * {@code /sim/<deployment>/v1/chat/completions} (OpenAI's format) and
 * {@code /sim/<deployment>/v1/messages} (Anthropic's) with each simulated deployment's
 * fault profile, unless {@code sim.enabled=false} (the {@code openai} profile turns it
 * off).
 *
 * @author llm-router
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "sim.enabled", matchIfMissing = true)
@EnableConfigurationProperties(SimulatedProviderProperties.class)
class SimulatedProviderConfiguration {

	@Bean(destroyMethod = "close")
	MockLlmServer simulatedProvider(SimulatedProviderProperties properties) {
		MockLlmServer server = new MockLlmServer(properties.getPort()).recordRequests(properties.isRecordRequests());
		long seed = properties.getSeed();
		properties.getDeployments().forEach((id, settings) -> {
			String prefix = "/sim/" + id + "/";
			SimulatedDeployment deployment = new SimulatedDeployment(id, settings, seed ^ id.hashCode());
			server.when((request) -> request.path().startsWith(prefix)).thenAlways(deployment.reply());
		});
		server.byDefault(Reply.from((request) -> Reply.json(404,
				ErrorBodies.openAi("The model deployment of " + request.path() + " does not exist",
						"invalid_request_error", null, "model_not_found"),
				java.util.Map.of())));
		return server;
	}

	@Bean
	SimulatedProviderPortRewrite simulatedProviderPortRewrite(MockLlmServer simulatedProvider) {
		return new SimulatedProviderPortRewrite(simulatedProvider.port());
	}

}
