package dev.llmrouter.sample.sim;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Answers {@code POST /sim/{deployment}/v1/chat/completions} like an OpenAI-compatible
 * server: JSON or server-sent events, with the failure mix, latency and token pacing of
 * the simulated deployment. Every wait is a Reactor timer: no thread is ever blocked.
 *
 * @author llm-router
 */
final class SimulatedProviderHandler {

	private static final int CHARS_PER_TOKEN = 4;

	private final SimulatedProviderProperties properties;

	private final JsonMapper jsonMapper;

	private final DoubleSupplier random;

	private final AtomicLong ids = new AtomicLong();

	SimulatedProviderHandler(SimulatedProviderProperties properties, JsonMapper jsonMapper) {
		this.properties = properties;
		this.jsonMapper = jsonMapper;
		this.random = () -> ThreadLocalRandom.current().nextDouble();
	}

	Mono<ServerResponse> chatCompletions(ServerRequest request) {
		String id = request.pathVariable("deployment");
		SimulatedProviderProperties.Deployment deployment = this.properties.getDeployments().get(id);
		if (deployment == null) {
			return error(HttpStatus.NOT_FOUND, "The model deployment '" + id + "' does not exist",
					"invalid_request_error", "model_not_found");
		}
		return request.bodyToMono(OpenAiWire.Request.class).flatMap((body) -> answer(id, deployment, body));
	}

	private Mono<ServerResponse> answer(String id, SimulatedProviderProperties.Deployment deployment,
			OpenAiWire.Request body) {
		Mono<Long> latency = Mono.delay(latency(deployment));
		int promptTokens = tokens(body.promptChars());
		if (deployment.getContextWindow() > 0 && promptTokens > deployment.getContextWindow()) {
			return latency.then(error(HttpStatus.BAD_REQUEST,
					"This model's maximum context length is " + deployment.getContextWindow()
							+ " tokens. However, your messages resulted in " + promptTokens
							+ " tokens. Please reduce the length of the messages.",
					"invalid_request_error", "context_length_exceeded"));
		}
		return switch (SimulatedOutcome.draw(deployment, this.random)) {
			case RATE_LIMITED -> latency.then(rateLimited(id, deployment));
			case SERVER_ERROR -> latency.then(error(HttpStatus.INTERNAL_SERVER_ERROR,
					"The server had an error while processing your request.", "server_error", null));
			case UNAVAILABLE -> latency.then(error(HttpStatus.SERVICE_UNAVAILABLE,
					"The engine is currently overloaded, please try again later.", "server_error", null));
			case HANG -> Mono.delay(deployment.getHangTime()).then(completion(id, deployment, body, promptTokens));
			case ANSWER -> body.streaming() ? stream(id, deployment, body, promptTokens)
					: latency.then(completion(id, deployment, body, promptTokens));
		};
	}

	private Mono<ServerResponse> completion(String id, SimulatedProviderProperties.Deployment deployment,
			OpenAiWire.Request body, int promptTokens) {
		List<String> tokens = words(answerText(id, body));
		OpenAiWire.Completion completion = new OpenAiWire.Completion(nextId(), "chat.completion", created(),
				model(body, id),
				List.of(new OpenAiWire.Choice(0, new OpenAiWire.Message("assistant", String.join("", tokens)), "stop")),
				new OpenAiWire.Usage(promptTokens, tokens.size(), promptTokens + tokens.size()));
		return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(completion);
	}

	private Mono<ServerResponse> stream(String id, SimulatedProviderProperties.Deployment deployment,
			OpenAiWire.Request body, int promptTokens) {
		String completionId = nextId();
		long created = created();
		String model = model(body, id);
		List<String> tokens = words(answerText(id, body));
		Flux<ServerSentEvent<String>> deltas = Flux.fromIterable(tokens)
			.delayElements(deployment.getTokenInterval())
			.map((token) -> chunk(completionId, created, model, new OpenAiWire.Message(null, token), null, null));
		Flux<ServerSentEvent<String>> events = Flux.concat(
				Mono.delay(latency(deployment))
					.map((tick) -> chunk(completionId, created, model, new OpenAiWire.Message("assistant", ""), null,
							null)),
				deltas,
				Mono.fromSupplier(
						() -> chunk(completionId, created, model, new OpenAiWire.Message(null, null), "stop", null)),
				Mono.fromSupplier(() -> usageChunk(completionId, created, model,
						new OpenAiWire.Usage(promptTokens, tokens.size(), promptTokens + tokens.size()))),
				Mono.just(ServerSentEvent.builder("[DONE]").build()));
		return ServerResponse.ok().contentType(MediaType.TEXT_EVENT_STREAM).body(events, ServerSentEvent.class);
	}

	private ServerSentEvent<String> chunk(String id, long created, String model, OpenAiWire.Message delta,
			@Nullable String finishReason, OpenAiWire.@Nullable Usage usage) {
		OpenAiWire.Chunk chunk = new OpenAiWire.Chunk(id, "chat.completion.chunk", created, model,
				List.of(new OpenAiWire.ChunkChoice(0, delta, finishReason)), usage);
		return ServerSentEvent.builder(this.jsonMapper.writeValueAsString(chunk)).build();
	}

	private ServerSentEvent<String> usageChunk(String id, long created, String model, OpenAiWire.Usage usage) {
		OpenAiWire.Chunk chunk = new OpenAiWire.Chunk(id, "chat.completion.chunk", created, model, List.of(), usage);
		return ServerSentEvent.builder(this.jsonMapper.writeValueAsString(chunk)).build();
	}

	private Mono<ServerResponse> rateLimited(String id, SimulatedProviderProperties.Deployment deployment) {
		long seconds = Math.max(1, deployment.getRetryAfter().toSeconds());
		return ServerResponse.status(HttpStatus.TOO_MANY_REQUESTS)
			.header("Retry-After", Long.toString(seconds))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(new OpenAiWire.ErrorBody(new OpenAiWire.Error(
					"Rate limit reached for deployment " + id + " (simulated). Please try again in " + seconds + "s.",
					"requests", null, "rate_limit_exceeded")));
	}

	private Mono<ServerResponse> error(HttpStatus status, String message, String type, @Nullable String code) {
		return ServerResponse.status(status)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(new OpenAiWire.ErrorBody(new OpenAiWire.Error(message, type, null, code)));
	}

	private Duration latency(SimulatedProviderProperties.Deployment deployment) {
		long jitter = deployment.getLatencyJitter().toMillis();
		long extra = (jitter > 0) ? (long) (this.random.getAsDouble() * jitter) : 0;
		return deployment.getLatency().plusMillis(extra);
	}

	private String answerText(String id, OpenAiWire.Request body) {
		String question = body.lastUserMessage().strip();
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

	private static int tokens(int chars) {
		return (chars + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN;
	}

	private String nextId() {
		return "chatcmpl-sim-" + this.ids.incrementAndGet();
	}

	private static long created() {
		return System.currentTimeMillis() / 1000;
	}

	private static String model(OpenAiWire.Request body, String id) {
		return (body.model() != null) ? body.model() : id;
	}

}
