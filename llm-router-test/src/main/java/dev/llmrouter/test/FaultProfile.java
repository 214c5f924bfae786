package dev.llmrouter.test;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerResponse;

import dev.llmrouter.test.MockLlmServer.RecordedRequest;
import dev.llmrouter.test.MockLlmServer.Reply;

/**
 * A seeded random mix of faults, as a {@link Reply} to give
 * {@link MockLlmServer#byDefault(Reply)}: each request draws a {@link Fault} from the
 * configured rates (what is left answers normally: a chat completion, streamed or not as
 * the request asks, or for an embeddings request {@link Reply#embeddings()}), with
 * latency and jitter, a {@code Retry-After} hint for 429s, and paced streams. A request
 * to Anthropic's {@link Endpoint#MESSAGES} is answered in Anthropic's shapes throughout:
 * a message or its event stream, 429 {@code rate_limit_error} with {@code retry-after},
 * 500 {@code api_error}, 529 {@code overloaded_error} for {@link Fault#UNAVAILABLE},
 * broken or cut-off messages and streams (see {@link AnthropicReplies}). The draws are
 * reproducible: the n-th request a profile answers always draws the same fault, hint,
 * latency and truncation point for the same seed, whatever the threads or the timing
 * ({@link #draw(long)} is a pure function of the seed and n). Answering takes no lock and
 * blocks nothing: every wait is a Reactor timer. <pre class="code">
 * FaultProfile faults = FaultProfile.builder()
 *     .seed(42)
 *     .rate(Fault.RATE_LIMITED, 0.05)
 *     .rate(Fault.UNAVAILABLE, 0.05)
 *     .rate(Fault.RESET, 0.02)
 *     .retryAfter(Duration.ofMillis(5), Duration.ofMillis(20))
 *     .build();
 * server.byDefault(faults);
 * </pre>
 */
public final class FaultProfile implements Reply {

	private static final long GOLDEN = 0x9E3779B97F4A7C15L;

	private static final Fault[] FAULTS = Fault.values();

	private static final List<String> DEFAULT_ANSWER = List.of("Hello", " from", " the", " mock");

	private final long seed;

	private final double[] bounds = new double[FAULTS.length];

	private final Duration latency;

	private final Duration jitter;

	private final Duration slowLatency;

	private final Duration minRetryAfter;

	private final Duration maxRetryAfter;

	private final @Nullable Duration hangTime;

	private final Duration tokenInterval;

	private final Function<RecordedRequest, List<String>> answer;

	private final Function<RecordedRequest, @Nullable Reply> successReply;

	private final AtomicLong sequence = new AtomicLong();

	private volatile @Nullable Prepared prepared;

	private final AtomicLongArray counts = new AtomicLongArray(FAULTS.length);

	private final AtomicIntegerArray inProgress = new AtomicIntegerArray(FAULTS.length);

	private FaultProfile(Builder builder) {
		this.seed = builder.seed;
		double bound = 0;
		for (Fault fault : FAULTS) {
			if (fault != Fault.NONE) {
				bound += builder.rates.getOrDefault(fault, 0.0);
			}
			this.bounds[fault.ordinal()] = bound;
		}
		if (bound > 1.0 + 1e-9) {
			throw new IllegalArgumentException("The fault rates add up to " + bound + ", more than 1");
		}
		this.latency = builder.latency;
		this.jitter = builder.jitter;
		this.slowLatency = builder.slowLatency;
		this.minRetryAfter = builder.minRetryAfter;
		this.maxRetryAfter = builder.maxRetryAfter;
		this.hangTime = builder.hangTime;
		this.tokenInterval = builder.tokenInterval;
		this.answer = builder.answer;
		this.successReply = builder.successReply;
	}

	/**
	 * A builder of a profile that, until told otherwise, answers every request normally
	 * at once.
	 * @return the builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * The draw of the n-th request this profile answers (n from 0).
	 * @param n the request's number
	 * @return its fault
	 */
	public Fault draw(long n) {
		return new Draw(this.seed, n).fault();
	}

	/**
	 * How many requests drew each fault so far.
	 * @return the counts, every fault present
	 */
	public Map<Fault, Long> counts() {
		Map<Fault, Long> counts = new EnumMap<>(Fault.class);
		for (Fault fault : FAULTS) {
			counts.put(fault, this.counts.get(fault.ordinal()));
		}
		return counts;
	}

	/**
	 * Replies being written now, by fault (a hang stays here until its connection
	 * closes).
	 * @return the replies in progress, every fault present
	 */
	public Map<Fault, Integer> inProgress() {
		Map<Fault, Integer> open = new EnumMap<>(Fault.class);
		for (Fault fault : FAULTS) {
			open.put(fault, this.inProgress.get(fault.ordinal()));
		}
		return open;
	}

	@Override
	public Mono<Void> write(HttpServerResponse response) {
		return write(RecordedRequest.NONE, response);
	}

	@Override
	public Mono<Void> write(RecordedRequest request, HttpServerResponse response) {
		Draw draw = new Draw(this.seed, this.sequence.getAndIncrement());
		Fault fault = draw.fault();
		int slot = fault.ordinal();
		this.counts.incrementAndGet(slot);
		Reply reply = reply(fault, draw, request);
		Mono<Void> written = Mono.defer(() -> {
			this.inProgress.incrementAndGet(slot);
			return reply.write(request, response);
		}).doFinally((signal) -> this.inProgress.decrementAndGet(slot));
		Duration delay = (fault != Fault.HANG) ? this.latency.plusNanos(draw.below(this.jitter.toNanos()))
				: Duration.ZERO;
		return delay.isZero() ? written : Mono.delay(delay).then(written);
	}

	private Reply reply(Fault fault, Draw draw, RecordedRequest request) {
		boolean stream = request.streaming();
		if (request.endpoint() == Endpoint.MESSAGES) {
			return anthropicReply(fault, draw, request, stream);
		}
		return switch (fault) {
			case NONE -> success(request, stream);
			case SLOW ->
				Reply.delayed(Duration.ofNanos(draw.below(this.slowLatency.toNanos())), success(request, stream));
			case RATE_LIMITED -> rateLimited(draw);
			case SERVER_ERROR -> Reply.json(500,
					ErrorBodies.openAi("The server had an error while processing your request. Sorry about that!",
							"server_error", null, null),
					Map.of());
			case UNAVAILABLE ->
				Reply.json(503, ErrorBodies.openAi("The engine is currently overloaded, please try again later.",
						"server_error", null, null), Map.of());
			case RESET -> Reply.drop();
			case HANG ->
				(this.hangTime != null) ? Reply.delayed(this.hangTime, success(request, stream)) : Reply.hang();
			case MALFORMED -> stream ? Reply.raw(200, "text/event-stream", "data: {\"id\":[\n\n")
					: Reply.raw(200, "application/json", "{\"id\":\"chatcmpl-1\",\"choices\":[");
			case TRUNCATED, STALLED -> partial(fault, draw, request, stream);
		};
	}

	private Reply success(RecordedRequest request, boolean stream) {
		if (request.endpoint() == Endpoint.EMBEDDINGS) {
			return Reply.embeddings();
		}
		Reply custom = this.successReply.apply(request);
		if (custom != null) {
			return custom;
		}
		if (request.endpoint() == Endpoint.MESSAGES) {
			return anthropicSuccess(request, stream);
		}
		List<String> tokens = this.answer.apply(request);
		Prepared prepared = prepare(tokens, Math.max(1, request.body().length() / 4));
		if (!stream) {
			return Reply.json(200, prepared.json(), Map.of());
		}
		if (this.tokenInterval.isZero()) {
			return Reply.raw(200, "text/event-stream", prepared.stream());
		}
		List<String> frames = prepared.frames();
		int contentEnd = 1 + tokens.size();
		Flux<String> events = Flux.concat(Flux.just(frames.get(0)),
				Flux.fromIterable(frames.subList(1, contentEnd)).delayElements(this.tokenInterval),
				Flux.fromIterable(frames.subList(contentEnd, frames.size())));
		return (response) -> response.status(200)
			.header("Content-Type", "text/event-stream")
			.send(MockLlmServer.heapBuffers(events))
			.then();
	}

	/**
	 * The success bodies for an answer, kept while requests keep asking for the same one
	 * (the common case of a fixed answer): rendering them again for each request would
	 * cost more than the rest of the reply.
	 */
	private Prepared prepare(List<String> tokens, int promptTokens) {
		Prepared prepared = this.prepared;
		if (prepared != null && prepared.tokens() == tokens && prepared.promptTokens() == promptTokens) {
			return prepared;
		}
		String json = Completion.of(CompletionChoice.text(String.join("", tokens)))
			.usage(promptTokens, tokens.size())
			.toJson();
		List<String> frames = ChunkStream.create()
			.content(tokens.toArray(String[]::new))
			.finish("stop")
			.usage(promptTokens, tokens.size())
			.done()
			.frames();
		prepared = new Prepared(tokens, promptTokens, json, frames, String.join("", frames));
		this.prepared = prepared;
		return prepared;
	}

	private record Prepared(List<String> tokens, int promptTokens, String json, List<String> frames, String stream) {

	}

	private Reply rateLimited(Draw draw) {
		long min = this.minRetryAfter.toMillis();
		long hint = min + draw.below(this.maxRetryAfter.toMillis() - min + 1);
		Duration delay = Duration.ofMillis(hint);
		Map<String, String> headers = RateLimitHeaders.create().retryAfterMillis(delay).retryAfter(delay).toMap();
		return Reply.json(429,
				ErrorBodies.openAi(
						"Rate limit reached for mock-model in organization org-mock on requests per min"
								+ " (RPM): Limit 500, Used 500, Requested 1. Please try again in " + hint + "ms.",
						"requests", "requests", "rate_limit_exceeded"),
				headers);
	}

	private Reply partial(Fault fault, Draw draw, RecordedRequest request, boolean stream) {
		if (stream) {
			List<String> tokens = this.answer.apply(request);
			String[] prefix = tokens.subList(0, (int) draw.below(tokens.size())).toArray(String[]::new);
			ChunkStream opening = ChunkStream.create().role().content(prefix);
			return (fault == Fault.TRUNCATED) ? Reply.streamThenDrop(opening) : Reply.streamThenStall(opening);
		}
		String body = (request.endpoint() == Endpoint.EMBEDDINGS) ? Embeddings.fromInputs().toJson(request)
				: Completion.of(CompletionChoice.text(String.join("", this.answer.apply(request)))).toJson();
		return halfBody(fault, body);
	}

	private static Reply halfBody(Fault fault, String body) {
		String half = body.substring(0, body.length() / 2);
		return (response) -> {
			Mono<Void> sent = response.status(200)
				.header("Content-Type", "application/json")
				.send(MockLlmServer.heapBuffers(Mono.just(half)))
				.then();
			if (fault == Fault.STALLED) {
				return sent.then(Mono.never());
			}
			return sent.then(Mono.defer(() -> {
				response.withConnection((connection) -> connection.channel().close());
				return Mono.<Void>never();
			})).timeout(Duration.ofSeconds(5), Mono.empty());
		};
	}

	private Reply anthropicReply(Fault fault, Draw draw, RecordedRequest request, boolean stream) {
		return switch (fault) {
			case NONE -> success(request, stream);
			case SLOW ->
				Reply.delayed(Duration.ofNanos(draw.below(this.slowLatency.toNanos())), success(request, stream));
			case RATE_LIMITED -> anthropicRateLimited(draw);
			case SERVER_ERROR -> AnthropicReplies.error("api_error", "Internal server error");
			case UNAVAILABLE -> AnthropicReplies.overloaded();
			case RESET -> Reply.drop();
			case HANG ->
				(this.hangTime != null) ? Reply.delayed(this.hangTime, success(request, stream)) : Reply.hang();
			case MALFORMED -> stream
					? Reply.raw(200, "text/event-stream",
							"event: message_start\ndata: {\"type\":\"message_start\",\"message\":[\n\n")
					: Reply.raw(200, "application/json", "{\"id\":\"msg_01\",\"type\":\"message\",\"content\":[");
			case TRUNCATED, STALLED -> anthropicPartial(fault, draw, request, stream);
		};
	}

	private Reply anthropicSuccess(RecordedRequest request, boolean stream) {
		List<String> tokens = this.answer.apply(request);
		int promptTokens = Math.max(1, request.body().length() / 4);
		if (!stream) {
			return AnthropicReplies
				.message(AnthropicMessage.create().text(String.join("", tokens)).usage(promptTokens, tokens.size()));
		}
		List<String> frames = AnthropicStream.create()
			.messageStart()
			.ping()
			.text(tokens.toArray(String[]::new))
			.messageDelta("end_turn", tokens.size())
			.messageStop()
			.frames();
		if (this.tokenInterval.isZero()) {
			return anthropicStream(Flux.fromIterable(frames));
		}
		// message_start, ping and content_block_start, then one delta per token, then the
		// end
		int contentStart = 3;
		int contentEnd = contentStart + tokens.size();
		Flux<String> events = Flux.concat(Flux.fromIterable(frames.subList(0, contentStart)),
				Flux.fromIterable(frames.subList(contentStart, contentEnd)).delayElements(this.tokenInterval),
				Flux.fromIterable(frames.subList(contentEnd, frames.size())));
		return anthropicStream(events);
	}

	/**
	 * A 200 event stream as {@link AnthropicReplies#stream(AnthropicStream)} sends it.
	 */
	private static Reply anthropicStream(Flux<String> frames) {
		return (response) -> response.status(200)
			.header("Content-Type", "text/event-stream; charset=utf-8")
			.header("request-id", "req_01")
			.send(MockLlmServer.heapBuffers(frames))
			.then();
	}

	private Reply anthropicRateLimited(Draw draw) {
		long min = this.minRetryAfter.toMillis();
		long hint = min + draw.below(this.maxRetryAfter.toMillis() - min + 1);
		// Anthropic's retry-after is whole seconds
		long seconds = Math.max(1, (hint + 999) / 1000);
		return AnthropicReplies.rateLimited(Map.of("retry-after", Long.toString(seconds)));
	}

	private Reply anthropicPartial(Fault fault, Draw draw, RecordedRequest request, boolean stream) {
		List<String> tokens = this.answer.apply(request);
		if (stream) {
			String[] prefix = tokens.subList(0, (int) draw.below(tokens.size())).toArray(String[]::new);
			AnthropicStream opening = AnthropicStream.create().messageStart().text(prefix);
			return (fault == Fault.TRUNCATED) ? AnthropicReplies.streamThenDrop(opening)
					: AnthropicReplies.streamThenStall(opening);
		}
		String body = AnthropicMessage.create().text(String.join("", tokens)).toJson();
		return halfBody(fault, body);
	}

	/**
	 * The random values of one request: a SplitMix64 sequence started from the seed and
	 * the request's number.
	 */
	private final class Draw {

		private long state;

		Draw(long seed, long n) {
			this.state = mix(seed ^ mix(n * GOLDEN + GOLDEN));
		}

		Fault fault() {
			double roll = nextDouble();
			for (Fault fault : FAULTS) {
				if (fault != Fault.NONE && roll < FaultProfile.this.bounds[fault.ordinal()]) {
					return fault;
				}
			}
			return Fault.NONE;
		}

		long below(long bound) {
			return (bound <= 0) ? 0 : (long) (nextDouble() * bound);
		}

		private double nextDouble() {
			this.state += GOLDEN;
			return (mix(this.state) >>> 11) * 0x1.0p-53;
		}

		private static long mix(long value) {
			long z = value;
			z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
			z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
			return z ^ (z >>> 31);
		}

	}

	/**
	 * Builds a {@link FaultProfile}.
	 */
	public static final class Builder {

		private long seed;

		private final Map<Fault, Double> rates = new EnumMap<>(Fault.class);

		private Duration latency = Duration.ZERO;

		private Duration jitter = Duration.ZERO;

		private Duration slowLatency = Duration.ofMillis(20);

		private Duration minRetryAfter = Duration.ofSeconds(1);

		private Duration maxRetryAfter = Duration.ofSeconds(1);

		private @Nullable Duration hangTime;

		private Duration tokenInterval = Duration.ZERO;

		private Function<RecordedRequest, List<String>> answer = (request) -> DEFAULT_ANSWER;

		private Function<RecordedRequest, @Nullable Reply> successReply = (request) -> null;

		private Builder() {
		}

		/**
		 * The seed of the draws (default 0).
		 * @param seed the seed
		 * @return this builder
		 */
		public Builder seed(long seed) {
			this.seed = seed;
			return this;
		}

		/**
		 * The share of requests, between 0 and 1, that meet a fault; the shares of all
		 * faults add up to at most 1, the rest is answered normally.
		 * @param fault the fault
		 * @param rate its share
		 * @return this builder
		 */
		public Builder rate(Fault fault, double rate) {
			if (fault == Fault.NONE || rate < 0 || rate > 1) {
				throw new IllegalArgumentException(
						"A rate is for a fault other than NONE, between 0 and 1: " + fault + " " + rate);
			}
			this.rates.put(fault, rate);
			return this;
		}

		/**
		 * Time before every reply but a hang: {@code latency} plus a uniform random part
		 * up to {@code jitter}.
		 * @param latency the fixed part
		 * @param jitter the largest random part
		 * @return this builder
		 */
		public Builder latency(Duration latency, Duration jitter) {
			this.latency = latency;
			this.jitter = jitter;
			return this;
		}

		/**
		 * The largest extra delay of a {@link Fault#SLOW} reply (default 20ms).
		 * @param slowLatency the largest extra delay
		 * @return this builder
		 */
		public Builder slowLatency(Duration slowLatency) {
			this.slowLatency = slowLatency;
			return this;
		}

		/**
		 * The hint a 429 sends, uniform between the bounds, as {@code retry-after-ms} and
		 * {@code Retry-After} (default 1s).
		 * @param min the shortest hint
		 * @param max the longest hint
		 * @return this builder
		 */
		public Builder retryAfter(Duration min, Duration max) {
			this.minRetryAfter = min;
			this.maxRetryAfter = max;
			return this;
		}

		/**
		 * How long a {@link Fault#HANG} stays silent before it answers (default: for
		 * ever).
		 * @param hangTime the silence
		 * @return this builder
		 */
		public Builder hangTime(Duration hangTime) {
			this.hangTime = hangTime;
			return this;
		}

		/**
		 * The pause before each streamed token (default none).
		 * @param tokenInterval the pause
		 * @return this builder
		 */
		public Builder tokenInterval(Duration tokenInterval) {
			this.tokenInterval = tokenInterval;
			return this;
		}

		/**
		 * The answer's tokens: the content deltas of a stream, joined for a JSON answer
		 * (default "Hello from the mock" in four tokens).
		 * @param tokens the tokens
		 * @return this builder
		 */
		public Builder answer(List<String> tokens) {
			List<String> copy = List.copyOf(tokens);
			this.answer = (request) -> copy;
			return this;
		}

		/**
		 * The answer's tokens for each request, for answers that depend on the question.
		 * @param tokens the tokens for a request
		 * @return this builder
		 */
		public Builder answer(Function<RecordedRequest, List<String>> tokens) {
			this.answer = tokens;
			return this;
		}

		/**
		 * The reply to a request the profile answers normally, for answers that are not
		 * plain text, such as a tool call; where it gives {@code null} the
		 * {@link #answer(Function) answer's tokens} are sent. The profile's latency and
		 * faults apply as to any answer.
		 * @param reply the reply for a request, or {@code null}
		 * @return this builder
		 */
		public Builder successReply(Function<RecordedRequest, @Nullable Reply> reply) {
			this.successReply = reply;
			return this;
		}

		/**
		 * Build the profile.
		 * @return the profile
		 */
		public FaultProfile build() {
			return new FaultProfile(this);
		}

	}

}
