package dev.llmrouter.client.structured;

public enum Sentiment {

	POSITIVE, NEGATIVE, NEUTRAL

}
