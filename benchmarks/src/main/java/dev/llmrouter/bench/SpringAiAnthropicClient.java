package dev.llmrouter.bench;

import java.util.concurrent.Callable;
import java.util.function.Supplier;

import reactor.core.publisher.Flux;

import org.springframework.ai.anthropic.AnthropicChatModel;
import org.springframework.ai.anthropic.AnthropicChatOptions;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.Prompt;

/**
 * Spring AI 2.0's {@code AnthropicChatModel} for arm E of the Anthropic workload. This
 * class is loaded by {@link IsolatedSpringAiAnthropic}'s class loader, beside the
 * Anthropic SDK version Spring AI 2.0.1 was built on (2.52.0), so it sees only public
 * types of the harness's loader: the JDK's and Reactor's. Spring AI's own retries are the
 * SDK client's, and are off ({@code maxRetries(0)}).
 *
 * @author llm-router
 */
public final class SpringAiAnthropicClient implements Callable<String>, Supplier<Flux<String>> {

	private final AnthropicChatModel model;

	private final Prompt prompt;

	/**
	 * A model bound to the mock.
	 * @param baseUrl the mock's base URL, without {@code /v1}
	 * @param apiKey the key sent as {@code x-api-key}
	 * @param model the model name
	 * @param maxTokens the {@code max_tokens} of every request
	 * @param prompt the user message of every request
	 */
	public SpringAiAnthropicClient(String baseUrl, String apiKey, String model, int maxTokens, String prompt) {
		this.model = AnthropicChatModel.builder()
			.options(AnthropicChatOptions.builder()
				.baseUrl(baseUrl)
				.apiKey(apiKey)
				.model(model)
				.maxTokens(maxTokens)
				.maxRetries(0)
				.build())
			.build();
		this.prompt = new Prompt(prompt);
	}

	/**
	 * One blocking call.
	 * @return the answer's text
	 */
	@Override
	public String call() {
		return this.model.call(this.prompt).getResult().getOutput().getText();
	}

	/**
	 * One stream.
	 * @return the texts of the stream's responses that carry any
	 */
	@Override
	public Flux<String> get() {
		return this.model.stream(this.prompt).map(SpringAiAnthropicClient::text).filter((text) -> !text.isEmpty());
	}

	private static String text(ChatResponse response) {
		if (response.getResult() == null || response.getResult().getOutput() == null) {
			return "";
		}
		String text = response.getResult().getOutput().getText();
		return (text != null) ? text : "";
	}

}
