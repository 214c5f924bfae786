package dev.llmrouter.sample.sim;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.llmrouter.test.ErrorBodies;
import dev.llmrouter.test.Fault;
import dev.llmrouter.test.FaultProfile;
import dev.llmrouter.test.MockLlmServer.RecordedRequest;
import dev.llmrouter.test.MockLlmServer.Reply;
import tools.jackson.databind.JsonNode;

/**
 * One simulated deployment: the fixture's {@link FaultProfile} with the deployment's
 * failure mix, latency and token pacing, and a context window that answers an over-long
 * prompt with OpenAI's 400 {@code context_length_exceeded}.
 *
 * @author llm-router
 */
final class SimulatedDeployment {

	private static final int CHARS_PER_TOKEN = 4;

	private final String id;

	private final SimulatedProviderProperties.Deployment settings;

	private final FaultProfile faults;

	SimulatedDeployment(String id, SimulatedProviderProperties.Deployment settings, long seed) {
		this.id = id;
		this.settings = settings;
		this.faults = profile(id, settings, seed);
	}

	/**
	 * The fault profile of a deployment's settings.
	 * @param id the deployment id, whose answers name it
	 * @param settings the deployment's settings
	 * @param seed the seed of its draws
	 * @return the profile
	 */
	static FaultProfile profile(String id, SimulatedProviderProperties.Deployment settings, long seed) {
		Duration retryAfter = Duration.ofSeconds(Math.max(1, settings.getRetryAfter().toSeconds()));
		return FaultProfile.builder()
			.seed(seed)
			.rate(Fault.RATE_LIMITED, settings.getRateLimitRate())
			.rate(Fault.SERVER_ERROR, settings.getServerErrorRate())
			.rate(Fault.UNAVAILABLE, settings.getUnavailableRate())
			.rate(Fault.HANG, settings.getTimeoutRate())
			.hangTime(settings.getHangTime())
			.retryAfter(retryAfter, retryAfter)
			.latency(settings.getLatency(), settings.getLatencyJitter())
			.tokenInterval(settings.getTokenInterval())
			.answer((request) -> words(answerText(id, request)))
			.build();
	}

	FaultProfile faults() {
		return this.faults;
	}

	/**
	 * The reply to a request: 400 when the prompt exceeds the context window, otherwise
	 * the profile's draw.
	 * @return the reply
	 */
	Reply reply() {
		return Reply.from((request) -> {
			int window = this.settings.getContextWindow();
			int promptTokens = promptTokens(request);
			if (window > 0 && promptTokens > window) {
				return Reply.delayed(this.settings.getLatency(), Reply.json(400,
						ErrorBodies.openAi(
								"This model's maximum context length is " + window
										+ " tokens. However, your messages resulted in " + promptTokens
										+ " tokens. Please reduce the length of the messages.",
								"invalid_request_error", "messages", "context_length_exceeded"),
						java.util.Map.of()));
			}
			return this.faults;
		});
	}

	private static int promptTokens(RecordedRequest request) {
		int chars = 0;
		for (JsonNode message : request.json().path("messages")) {
			chars += message.path("content").asString("").length();
		}
		return (chars + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN;
	}

	private static String answerText(String id, RecordedRequest request) {
		String question = "";
		for (JsonNode message : request.json().path("messages")) {
			if ("user".equals(message.path("role").asString(""))) {
				question = message.path("content").asString("");
			}
		}
		question = question.strip();
		if (question.length() > 60) {
			question = question.substring(0, 57) + "...";
		}
		return "Simulated answer from " + id + " to \"" + question + "\": the router picked this deployment,"
				+ " and every retry, fallback and cooldown on the way shows on the dashboard.";
	}

	private static List<String> words(String text) {
		List<String> words = new ArrayList<>();
		int start = 0;
		for (int i = 1; i <= text.length(); i++) {
			if (i == text.length() || text.charAt(i) == ' ') {
				words.add(text.substring(start, i));
				start = i;
			}
		}
		return words;
	}

	@Override
	public String toString() {
		return "simulated deployment " + this.id;
	}

}
