package dev.llmrouter.bench;

import java.util.List;

/**
 * A kind of call measured beside plain chat (issue 13 "Speed"): a non-streaming tool
 * call, a streamed tool call and an embedding. Each is measured for a few of the arms,
 * known by the same letters as in the plain-chat figures, on four figures of its own:
 * latency at c=1 (p50 and p99), throughput at c=64 and allocation per call, all against
 * the mock's {@code d0} mode. A workload that {@linkplain #streamed() streams} adds
 * time-to-first-token figures through every arm: at concurrency 1 with the stream sent at
 * once, and over concurrent paced streams.
 *
 * @author llm-router
 */
enum Workload {

	/**
	 * One request with a tool definition; the answer is the tool call, arguments read.
	 */
	TOOL_CALL("tool_call", "Tool call, non-streaming", "BCEG", false),

	/**
	 * One streamed request with a tool definition; the call ends when the stream has
	 * ended and the tool call's arguments are assembled from their fragments.
	 */
	TOOL_STREAM("tool_stream", "Tool call, streamed", "BCEG", false),

	/**
	 * One embedding of one input, the 1,536-float vector decoded.
	 */
	EMBEDDING("embedding", "Embeddings", "BCE", false),

	/**
	 * Plain chat over Anthropic's Messages API (issue 14 "Speed"): one user message, the
	 * text answer read, and the paced 64-delta stream read through each arm for its
	 * time-to-first-token. E is Spring AI's {@code AnthropicChatModel}, F the official
	 * Anthropic Java SDK.
	 */
	ANTHROPIC("anthropic", "Anthropic Messages API", "BCEF", true);

	private final String key;

	private final String title;

	private final String arms;

	private final Figure latencyP50;

	private final Figure latencyP99;

	private final Figure throughput;

	private final Figure allocation;

	private final Figure errors;

	private final boolean streamed;

	private final Figure ttftC1P50;

	private final Figure ttftC1P99;

	private final Figure ttftP50;

	private final Figure ttftP99;

	private final Figure ttftP99Paired;

	private final Figure streamFailures;

	Workload(String key, String title, String arms, boolean streamed) {
		this.key = key;
		this.title = title;
		this.arms = arms;
		this.streamed = streamed;
		this.ttftC1P50 = new Figure(key + "_ttft_c1_p50_us", "TTFT p50 µs (c=1, stream sent at once)", false);
		this.ttftC1P99 = new Figure(key + "_ttft_c1_p99_us", "TTFT p99 µs (c=1, stream sent at once)", false);
		this.ttftP50 = new Figure(key + "_ttft_p50_us", "TTFT p50 µs", false);
		this.ttftP99 = new Figure(key + "_ttft_p99_us", "TTFT p99 µs", false);
		this.ttftP99Paired = new Figure(key + "_ttft_p99_paired_us", "TTFT p99 µs, B and C streams interleaved", false);
		this.streamFailures = new Figure(key + "_stream_failures", "lost, duplicated chunks or unfinished streams",
				false);
		this.latencyP50 = new Figure(key + "_latency_p50_us", "latency p50 µs (c=1)", false);
		this.latencyP99 = new Figure(key + "_latency_p99_us", "latency p99 µs (c=1)", false);
		this.throughput = new Figure(key + "_throughput_c64_0ms", "calls/s (c=64, 0 ms)", true);
		this.allocation = new Figure(key + "_alloc_bytes_per_call", "allocated B/call", false);
		this.errors = new Figure(key + "_errors", "failed calls", false);
	}

	String key() {
		return this.key;
	}

	String title() {
		return this.title;
	}

	/**
	 * The ids of the arms this workload is measured for.
	 */
	String arms() {
		return this.arms;
	}

	Figure latencyP50() {
		return this.latencyP50;
	}

	Figure latencyP99() {
		return this.latencyP99;
	}

	Figure throughput() {
		return this.throughput;
	}

	Figure allocation() {
		return this.allocation;
	}

	Figure errors() {
		return this.errors;
	}

	/**
	 * Whether every arm of this workload also streams, for the time-to-first-token
	 * figures.
	 */
	boolean streamed() {
		return this.streamed;
	}

	/**
	 * Time to first token at concurrency 1, the mock sending the stream's events at once.
	 */
	Figure ttftC1P50() {
		return this.ttftC1P50;
	}

	Figure ttftC1P99() {
		return this.ttftC1P99;
	}

	Figure ttftP50() {
		return this.ttftP50;
	}

	Figure ttftP99() {
		return this.ttftP99;
	}

	/**
	 * B's and C's streams started alternately, as in the plain-chat figure of that name.
	 */
	Figure ttftP99Paired() {
		return this.ttftP99Paired;
	}

	Figure streamFailures() {
		return this.streamFailures;
	}

	/**
	 * Every figure of this workload, in table order.
	 */
	List<Figure> figures() {
		if (this.streamed) {
			return List.of(this.latencyP50, this.latencyP99, this.throughput, this.allocation, this.errors,
					this.ttftC1P50, this.ttftC1P99, this.ttftP50, this.ttftP99, this.ttftP99Paired,
					this.streamFailures);
		}
		return List.of(this.latencyP50, this.latencyP99, this.throughput, this.allocation, this.errors);
	}

	/**
	 * The figures where "ahead" is judged: all but the counts of failures, which must be
	 * zero (and the interleaved figure, which only B and C have).
	 */
	List<Figure> compared() {
		if (this.streamed) {
			return List.of(this.latencyP50, this.latencyP99, this.throughput, this.allocation, this.ttftC1P50,
					this.ttftC1P99, this.ttftP50, this.ttftP99);
		}
		return List.of(this.latencyP50, this.latencyP99, this.throughput, this.allocation);
	}

	/**
	 * The peers the router must be ahead of: every arm but the baseline and the router.
	 */
	List<String> peers() {
		return this.arms.chars()
			.mapToObj(Character::toString)
			.filter((id) -> !"B".equals(id) && !"C".equals(id))
			.toList();
	}

	String armName(String id) {
		return WorkloadArms.name(this, id);
	}

	/**
	 * Bind arm {@code id} of this workload to the mock.
	 * @param id the arm's id
	 * @param root the mock's root URL
	 * @param mode the mock's mode, such as {@code d0}
	 * @return the arm's client
	 */
	Target create(String id, String root, String mode) {
		return WorkloadArms.create(this, id, root, mode);
	}

}
