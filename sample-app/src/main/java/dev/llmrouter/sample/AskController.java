package dev.llmrouter.sample;

import java.util.List;

import dev.llmrouter.error.LlmException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code GET /ask}, {@code GET /ask/stream}, {@code GET /ask/agent} and
 * {@code POST /load}: every call goes through the {@link SampleAssistant} (the agent's
 * through the {@link WeatherAgent}'s tool loop), so through the router's retries,
 * cooldowns and fallbacks. Nothing here blocks a thread.
 *
 * @author llm-router
 */
@RestController
class AskController {

	static final int MAX_LOAD = 2000;

	private static final List<String> QUESTIONS = List.of("What is a model group?", "Why add jitter to backoff?",
			"When does a deployment cool down?", "What does Retry-After mean?", "Summarise the CAP theorem.",
			"Name three sorting algorithms.", "What is a fallback?", "Explain idempotency briefly.",
			"What is server-sent events?");

	private static final String LONG_QUESTION = "Please summarise the following meeting notes. "
			+ "The team discussed the rollout plan, the migration of the billing service, the on-call rota, "
			+ "the latency regression seen last week, the budget for the next quarter, the hiring plan, "
			+ "the customer escalations from the enterprise tier and the open questions about data retention. "
			+ "Every item came with a long list of follow-ups, owners and deadlines.";

	/** The agent's question in a burst. */
	static final String AGENT_QUESTION = "What is the weather in Lisbon?";

	private final SampleAssistant assistant;

	private final WeatherAgent agent;

	AskController(SampleAssistant assistant, WeatherAgent agent) {
		this.assistant = assistant;
		this.agent = agent;
	}

	@GetMapping("/ask")
	Mono<AskResult> ask(@RequestParam("q") String question) {
		return this.assistant.ask(question).map(AskResult::of);
	}

	@GetMapping(path = "/ask/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	Flux<ServerSentEvent<String>> askStream(@RequestParam("q") String question) {
		return this.assistant.askStreaming(question)
			.map(AskController::data)
			.concatWith(Mono.fromSupplier(() -> ServerSentEvent.builder("[DONE]").event("done").build()))
			.onErrorResume(LlmException.class,
					(ex) -> Flux.just(ServerSentEvent.builder(ex.getClass().getSimpleName() + ": " + ex.getMessage())
						.event("error")
						.build()));
	}

	@GetMapping("/ask/agent")
	Mono<AgentResult> askAgent(@RequestParam("q") String question) {
		return this.agent.ask(question);
	}

	@PostMapping("/load")
	Mono<LoadSummary> load(@RequestParam(name = "n", defaultValue = "50") int count,
			@RequestParam(name = "concurrency", defaultValue = "32") int concurrency) {
		if (count < 1 || count > MAX_LOAD || concurrency < 1) {
			return Mono.error(new ResponseStatusException(HttpStatus.BAD_REQUEST,
					"n must be between 1 and " + MAX_LOAD + " and concurrency at least 1"));
		}
		return Flux.range(0, count)
			.flatMap((i) -> outcome(i).onErrorResume(LlmException.class, (ex) -> Mono.just(LoadSummary.Outcome.of(ex))),
					concurrency)
			.reduceWith(() -> new LoadSummary.Tally(count), LoadSummary.Tally::add)
			.map(LoadSummary.Tally::summary);
	}

	@ExceptionHandler(LlmException.class)
	ResponseEntity<AskError> failed(LlmException ex) {
		return ResponseEntity.status(HttpStatus.BAD_GATEWAY).body(AskError.of(ex));
	}

	private Mono<LoadSummary.Outcome> outcome(int index) {
		return isAgentQuestion(index) ? this.agent.ask(AGENT_QUESTION).map(LoadSummary.Outcome::of)
				: this.assistant.ask(question(index)).map(LoadSummary.Outcome::of);
	}

	/**
	 * Every tenth question of a burst is too long for the {@code fast} group's context
	 * window, so the context-window fallback shows.
	 */
	static String question(int index) {
		return (index % 10 == 9) ? LONG_QUESTION : QUESTIONS.get(index % QUESTIONS.size());
	}

	/**
	 * One question in twenty of a burst (the 5th, 25th, ...) goes to the agent, whose
	 * tool call falls back to {@code claude}.
	 */
	static boolean isAgentQuestion(int index) {
		return index % 20 == 4;
	}

	/**
	 * An SSE event whose data keeps a leading space: readers drop one space after
	 * {@code data:}, so one is added.
	 */
	private static ServerSentEvent<String> data(String delta) {
		return ServerSentEvent.builder(" " + delta).build();
	}

}
