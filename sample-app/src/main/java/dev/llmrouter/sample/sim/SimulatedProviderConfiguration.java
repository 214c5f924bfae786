package dev.llmrouter.sample.sim;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Serves the simulated provider at {@code /sim/<deployment>/v1/chat/completions} unless
 * {@code sim.enabled=false} (the {@code openai} profile turns it off).
 *
 * @author llm-router
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "sim.enabled", matchIfMissing = true)
@EnableConfigurationProperties(SimulatedProviderProperties.class)
class SimulatedProviderConfiguration {

	@Bean
	RouterFunction<ServerResponse> simulatedProviderRoutes(SimulatedProviderProperties properties,
			JsonMapper jsonMapper) {
		SimulatedProviderHandler handler = new SimulatedProviderHandler(properties, jsonMapper);
		return RouterFunctions.route().POST("/sim/{deployment}/v1/chat/completions", handler::chatCompletions).build();
	}

	@Bean
	LocalServerPortRewrite localServerPortRewrite() {
		return new LocalServerPortRewrite();
	}

}
