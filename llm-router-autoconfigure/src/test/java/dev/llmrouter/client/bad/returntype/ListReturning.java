package dev.llmrouter.client.bad.returntype;

import java.util.List;

import dev.llmrouter.client.LlmClient;

@LlmClient("gpt-4")
public interface ListReturning {

	String ask(String question);

	List<String> askMany(String question);

}
