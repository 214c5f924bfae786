package dev.llmrouter.bench;

import java.util.List;

/**
 * A kind of call measured beside plain chat (issue 13 "Speed"): a non-streaming tool
 * call, a streamed tool call and an embedding. Each is measured for a few of the arms,
 * known by the same letters as in the plain-chat figures, on four figures of its own:
 * latency at c=1 (p50 and p99), throughput at c=64 and allocation per call, all against
 * the mock's {@code d0} mode.
 *
 * @author llm-router
 */
enum Workload {

	/**
	 * One request with a tool definition; the answer is the tool call, arguments read.
	 */
	TOOL_CALL("tool_call", "Tool call, non-streaming", "BCEG"),

	/**
	 * One streamed request with a tool definition; the call ends when the stream has
	 * ended and the tool call's arguments are assembled from their fragments.
	 */
	TOOL_STREAM("tool_stream", "Tool call, streamed", "BCEG"),

	/**
	 * One embedding of one input, the 1,536-float vector decoded.
	 */
	EMBEDDING("embedding", "Embeddings", "BCE");

	private final String key;

	private final String title;

	private final String arms;

	private final Figure latencyP50;

	private final Figure latencyP99;

	private final Figure throughput;

	private final Figure allocation;

	private final Figure errors;

	Workload(String key, String title, String arms) {
		this.key = key;
		this.title = title;
		this.arms = arms;
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
	 * Every figure of this workload, in table order.
	 */
	List<Figure> figures() {
		return List.of(this.latencyP50, this.latencyP99, this.throughput, this.allocation, this.errors);
	}

	/**
	 * The figures where "ahead" is judged: all but the count of failures, which must be
	 * zero.
	 */
	List<Figure> compared() {
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
