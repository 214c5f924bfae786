package dev.llmrouter.client.embeddings;

import dev.llmrouter.LlmRouterCustomizer;
import dev.llmrouter.test.TestTimer;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * A user application with embedding clients, whose router waits on a virtual-time timer
 * the tests drive.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class EmbeddingsTestApplication {

	@Bean
	TestTimer testTimer() {
		return new TestTimer();
	}

	@Bean
	LlmRouterCustomizer virtualTime(TestTimer testTimer) {
		return (builder) -> builder.timer(testTimer).random(() -> 0.5);
	}

}
