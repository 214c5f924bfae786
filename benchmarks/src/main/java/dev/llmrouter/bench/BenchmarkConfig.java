package dev.llmrouter.bench;

/**
 * The parameters of one run.
 *
 * @param rounds measured rounds
 * @param warmupCalls calls per arm before the first round
 * @param latencyMillis length of the concurrency-1 latency figure per round
 * @param throughputMillis length of each throughput figure per round
 * @param streams concurrent streams
 * @param paceMillis gap between the mock's deltas
 * @param retainedCalls calls held in flight for the retained-heap figures
 * @param retainedRounds repetitions of the retained-heap figures
 * @param holdMillis how long the mock holds those calls
 * @param jmhForks JMH forks (0 runs in this JVM)
 * @param jmhIterations JMH warm-up and measurement iterations
 * @param jmhMillis length of one JMH iteration
 * @param arms the arm ids to run
 * @author llm-router
 */
record BenchmarkConfig(int rounds, int warmupCalls, long latencyMillis, long throughputMillis, int streams,
		long paceMillis, int retainedCalls, int retainedRounds, long holdMillis, int jmhForks, int jmhIterations,
		long jmhMillis, String arms) {

	static final BenchmarkConfig FULL = new BenchmarkConfig(7, 20_000, 1500, 2000, 1024, 40, 256, 3, 3000, 1, 5, 1000,
			"ABCDEFG");

	static final BenchmarkConfig SMOKE = new BenchmarkConfig(1, 300, 200, 300, 64, 5, 32, 1, 600, 0, 1, 200, "ABCDEFG");

	BenchmarkConfig withArms(String arms) {
		return new BenchmarkConfig(this.rounds, this.warmupCalls, this.latencyMillis, this.throughputMillis,
				this.streams, this.paceMillis, this.retainedCalls, this.retainedRounds, this.holdMillis, this.jmhForks,
				this.jmhIterations, this.jmhMillis, arms);
	}

	BenchmarkConfig withRounds(int rounds) {
		return new BenchmarkConfig(rounds, this.warmupCalls, this.latencyMillis, this.throughputMillis, this.streams,
				this.paceMillis, this.retainedCalls, this.retainedRounds, this.holdMillis, this.jmhForks,
				this.jmhIterations, this.jmhMillis, this.arms);
	}

}
