package dev.llmrouter.bench;

import java.util.List;

/**
 * A figure measured per arm and round.
 *
 * @param key the JSON key
 * @param label the table heading
 * @param higherIsBetter whether more is better
 * @author llm-router
 */
record Figure(String key, String label, boolean higherIsBetter) {

	static final Figure LAT_P50 = new Figure("latency_p50_us", "latency p50 µs (c=1)", false);

	static final Figure LAT_P99 = new Figure("latency_p99_us", "latency p99 µs (c=1)", false);

	static final Figure THR_64 = new Figure("throughput_c64_0ms", "calls/s (c=64, 0 ms)", true);

	static final Figure THR_256 = new Figure("throughput_c256_20ms", "calls/s (c=256, 20 ms)", true);

	static final Figure ALLOC = new Figure("alloc_bytes_per_call", "allocated B/call", false);

	static final Figure TTFT_P50 = new Figure("ttft_p50_us", "TTFT p50 µs", false);

	static final Figure TTFT_P99 = new Figure("ttft_p99_us", "TTFT p99 µs", false);

	static final Figure TTFT_C1_P50 = new Figure("ttft_c1_p50_us", "TTFT p50 µs (c=1, stream sent at once)", false);

	static final Figure TTFT_C1_P99 = new Figure("ttft_c1_p99_us", "TTFT p99 µs (c=1, stream sent at once)", false);

	static final Figure TTFT_P99_PAIRED = new Figure("ttft_p99_paired_us", "TTFT p99 µs, B and C streams interleaved",
			false);

	static final Figure GAP_P99_PAIRED = new Figure("chunk_gap_p99_paired_us",
			"chunk gap p99 µs, B and C streams interleaved", false);

	static final Figure GAP_P50 = new Figure("chunk_gap_p50_us", "chunk gap p50 µs", false);

	static final Figure GAP_P99 = new Figure("chunk_gap_p99_us", "chunk gap p99 µs", false);

	static final Figure LOST = new Figure("stream_lost_chunks", "lost chunks", false);

	static final Figure DUPLICATED = new Figure("stream_duplicated_chunks", "duplicated chunks", false);

	static final Figure UNFINISHED = new Figure("streams_unfinished", "streams failed or unfinished", false);

	static final Figure RETAINED_CALL = new Figure("retained_bytes_per_call", "retained B per in-flight call", false);

	static final Figure RETAINED_STREAM = new Figure("retained_bytes_per_stream", "retained B per open stream", false);

	static final Figure ERRORS = new Figure("errors", "failed calls", false);

	static final List<Figure> ALL = List.of(LAT_P50, LAT_P99, THR_64, THR_256, ALLOC, TTFT_C1_P50, TTFT_C1_P99,
			TTFT_P50, TTFT_P99, GAP_P50, GAP_P99, TTFT_P99_PAIRED, GAP_P99_PAIRED, LOST, DUPLICATED, UNFINISHED,
			RETAINED_CALL, RETAINED_STREAM, ERRORS);

	/**
	 * Figures where "ahead" is judged. The counts of failures are checked separately; the
	 * median chunk gap is the mock's pace for every arm that keeps up, and falls below it
	 * only for an arm whose chunks arrive late in bursts, so lower is not better there.
	 */
	static final List<Figure> COMPARED = List.of(LAT_P50, LAT_P99, THR_64, THR_256, ALLOC, TTFT_C1_P50, TTFT_C1_P99,
			TTFT_P50, TTFT_P99, GAP_P99, RETAINED_CALL, RETAINED_STREAM);

}
