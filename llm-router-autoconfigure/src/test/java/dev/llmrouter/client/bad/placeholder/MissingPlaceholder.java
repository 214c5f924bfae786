package dev.llmrouter.client.bad.placeholder;

import dev.llmrouter.client.LlmClient;
import dev.llmrouter.client.Param;
import dev.llmrouter.client.UserMessage;

@LlmClient("gpt-4")
public interface MissingPlaceholder {

	@UserMessage("Translate {text} into {language}.")
	String translate(@Param("text") String text);

}
