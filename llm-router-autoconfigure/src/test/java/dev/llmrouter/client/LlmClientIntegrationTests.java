package dev.llmrouter.client;

import java.util.List;
import java.util.Map;

import dev.llmrouter.ChatChunk;
import dev.llmrouter.ChatMessage;
import dev.llmrouter.ChatRequest;
import dev.llmrouter.ChatResponse;
import dev.llmrouter.client.app.Assistant;
import dev.llmrouter.client.app.ClientTestApplication;
import dev.llmrouter.client.app.Summarizer;
import dev.llmrouter.test.MockLlmServer;
import dev.llmrouter.test.MockLlmServer.Reply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * A user application with {@code @LlmClient} interfaces in its package and no explicit
 * configuration, calling every supported method signature against a loopback
 * OpenAI-compatible server.
 */
@SpringBootTest(classes = ClientTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE)
class LlmClientIntegrationTests {

	private static final String SYSTEM = "You are a concise assistant.";

	private static final MockLlmServer server = new MockLlmServer();

	private static final JsonMapper json = JsonMapper.builder().build();

	@Autowired
	private Assistant assistant;

	@Autowired
	private Summarizer summarizer;

	@DynamicPropertySource
	static void groups(DynamicPropertyRegistry registry) {
		group(registry, "gpt-4", "gpt-4o");
		group(registry, "gpt-4-long", "gpt-4o-long");
	}

	private static void group(DynamicPropertyRegistry registry, String group, String model) {
		String deployment = "llm.router.groups." + group + ".deployments.main.";
		registry.add(deployment + "model", () -> model);
		registry.add(deployment + "base-url", server::baseUrl);
		registry.add(deployment + "api-key", () -> "sk-test-00001234");
	}

	@AfterAll
	static void close() {
		server.close();
	}

	@Test
	void whenPlainStringArgumentThenItIsTheUserMessageAfterTheTypeSystemMessage() {
		assertThat(this.assistant.ask("What is Spring?")).isEqualTo("Hello from the mock");
		assertThat(lastMessages()).containsExactly(system(SYSTEM), user("What is Spring?"));
	}

	@Test
	void whenUserMessageTemplateWithParamsThenPlaceholdersBound() {
		this.assistant.translate("Good morning", "French");
		assertThat(lastMessages()).containsExactly(system(SYSTEM), user("Translate Good morning into French."));
	}

	@Test
	void whenUserMessageTemplateWithoutParamThenCompiledNamesBindPlaceholders() {
		this.assistant.summarise("Spring Boot makes it easy.", 3);
		assertThat(lastMessages()).containsExactly(system(SYSTEM),
				user("Summarise in 3 words: Spring Boot makes it easy."));
	}

	@Test
	void whenMethodSystemMessageThenItReplacesTheTypeOneAndBindsParams() {
		this.assistant.askIn("What is Spring?", "German");
		assertThat(lastMessages()).containsExactly(system("Answer in German."), user("What is Spring?"));
	}

	@Test
	void whenTemplateWithoutPlaceholdersThenSentAsWritten() {
		this.assistant.joke();
		assertThat(lastMessages()).containsExactly(system(SYSTEM), user("Tell me a joke."));
	}

	@Test
	void whenFluxOfStringThenNonEmptyContentDeltas() {
		server.enqueue(Reply.sse("Hel", "lo"));
		assertThat(this.assistant.askStreaming("Hi").collectList().block()).containsExactly("Hel", "lo");
		assertThat(lastMessages()).containsExactly(system(SYSTEM), user("Hi"));
		assertThat(lastBody()).containsEntry("stream", true);
	}

	@Test
	void whenFluxOfChatChunkThenEveryChunk() {
		server.enqueue(Reply.sse("Hel", "lo"));
		List<ChatChunk> chunks = this.assistant.askChunks("Hi").collectList().block();
		assertThat(chunks).extracting(ChatChunk::content).containsExactly("", "Hel", "lo", "", "");
		assertThat(lastMessages()).containsExactly(system(SYSTEM), user("Hi"));
	}

	@Test
	void whenMonoOfStringThenLazyContent() {
		int before = server.hits();
		Mono<String> answer = this.assistant.askAsync("Hi");
		assertThat(server.hits()).isEqualTo(before);
		assertThat(answer.block()).isEqualTo("Hello from the mock");
		assertThat(lastMessages()).containsExactly(system(SYSTEM), user("Hi"));
	}

	@Test
	void whenMonoOfChatResponseThenResponseWithMetadata() {
		ChatResponse response = this.assistant.askAsyncWithMetadata("Hi").block();
		assertThat(response.content()).isEqualTo("Hello from the mock");
		assertThat(response.metadata().modelGroup()).isEqualTo("gpt-4");
		assertThat(lastMessages()).containsExactly(system(SYSTEM), user("Hi"));
	}

	@Test
	void whenCompletableFutureOfStringThenContent() throws Exception {
		assertThat(this.assistant.askLater("Hi").get()).isEqualTo("Hello from the mock");
		assertThat(lastMessages()).containsExactly(system(SYSTEM), user("Hi"));
	}

	@Test
	void whenCompletableFutureOfChatResponseThenResponse() throws Exception {
		ChatResponse response = this.assistant.askLaterWithMetadata("Hi").get();
		assertThat(response.metadata().deployment()).isEqualTo("main");
		assertThat(lastMessages()).containsExactly(system(SYSTEM), user("Hi"));
	}

	@Test
	void whenChatResponseThenUsageAndMetadata() {
		ChatResponse response = this.assistant.askWithMetadata("Hi");
		assertThat(response.usage().totalTokens()).isEqualTo(21);
		assertThat(response.metadata().retryCount()).isZero();
		assertThat(lastMessages()).containsExactly(system(SYSTEM), user("Hi"));
	}

	@Test
	void whenChatRequestParameterThenSentAsBuiltWithoutTheTypeSystemMessage() {
		ChatRequest request = ChatRequest.builder()
			.model("gpt-4-long")
			.message(ChatMessage.system("Be brief."))
			.message(ChatMessage.user("Hi"))
			.temperature(0.2)
			.build();
		this.assistant.chat(request);
		assertThat(lastMessages()).containsExactly(system("Be brief."), user("Hi"));
		assertThat(lastBody()).containsEntry("model", "gpt-4o-long").containsEntry("temperature", 0.2);
	}

	@Test
	void whenLlmCallNamesModelThenThatGroupIsCalled() {
		this.assistant.askLong("Hi");
		assertThat(lastBody()).containsEntry("model", "gpt-4o-long");
		assertThat(lastMessages()).containsExactly(system(SYSTEM), user("Hi"));
	}

	@Test
	void whenTypeModelThenItsGroupIsCalled() {
		this.assistant.ask("Hi");
		assertThat(lastBody()).containsEntry("model", "gpt-4o");
	}

	@Test
	void whenDefaultMethodThenItRunsAsWritten() {
		this.assistant.askPolitely("help");
		assertThat(lastMessages()).containsExactly(system(SYSTEM), user("Please, help"));
	}

	@Test
	void whenSecondInterfaceForTheSameGroupThenBothAreInjectable() {
		this.summarizer.summarise("A long text.");
		assertThat(lastMessages()).containsExactly(user("Summarise: A long text."));
		assertThat(lastBody()).containsEntry("model", "gpt-4o");
	}

	@Test
	void whenObjectMethodsThenProxyBehavesAsAnObjectWithIdentity() {
		int hits = server.hits();
		assertThat(this.assistant.toString())
			.isEqualTo("LlmClient proxy for " + Assistant.class.getName() + " (model group gpt-4)");
		assertThat(this.assistant).isEqualTo(this.assistant).isNotEqualTo(this.summarizer);
		assertThat(this.assistant.hashCode()).isEqualTo(System.identityHashCode(this.assistant));
		assertThat(server.hits()).isEqualTo(hits);
	}

	@Test
	void whenNullArgumentThenRejectedNamingTheMethod() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.assistant.ask(null))
			.withMessage(Assistant.class.getName() + "#ask: argument 'question' must not be null");
	}

	private static Map<String, Object> lastBody() {
		List<MockLlmServer.RecordedRequest> requests = server.requests();
		return json.readValue(requests.get(requests.size() - 1).body(), Map.class);
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> lastMessages() {
		return (List<Map<String, Object>>) lastBody().get("messages");
	}

	private static Map<String, Object> system(String content) {
		return Map.of("role", "system", "content", content);
	}

	private static Map<String, Object> user(String content) {
		return Map.of("role", "user", "content", content);
	}

}
