package dev.llmrouter.provider;

/**
 * The wire protocol a deployment speaks.
 *
 * @author llm-router
 */
public enum ProviderType {

	/**
	 * Any OpenAI-compatible server: {@code POST {base-url}/chat/completions}, bearer key.
	 */
	OPENAI,

	/**
	 * Azure OpenAI's OpenAI-compatible v1 API ({@code base-url} ending in
	 * {@code /openai/v1}): the OpenAI wire format with the key in an {@code api-key}
	 * header.
	 */
	AZURE_OPENAI,

	/**
	 * Anthropic's Messages API. Not supported by this version: configuring it fails
	 * start-up.
	 */
	ANTHROPIC

}
