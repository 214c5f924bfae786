package dev.llmrouter.client.extra;

public interface NotAClient {

	String ask(String question);

}
