package dev.llmrouter.client.app;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

/**
 * A user application: its package holds {@code @LlmClient} interfaces and nothing
 * configures them.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class ClientTestApplication {

}
