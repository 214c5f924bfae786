package dev.llmrouter.sample.sim;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the simulated provider ({@code sim.*}): a loopback server on its own port
 * where each simulated deployment answers at {@code /sim/<id>/v1/chat/completions}
 * (OpenAI's format) or {@code /sim/<id>/v1/messages} (Anthropic's).
 *
 * @author llm-router
 */
@ConfigurationProperties("sim")
public class SimulatedProviderProperties {

	/**
	 * Whether the simulated provider is served.
	 */
	private boolean enabled = true;

	/**
	 * Loopback port of the simulated provider; 0 for a free one.
	 */
	private int port;

	/**
	 * Seed of the simulated failures, latencies and truncations: the same seed replays
	 * the same draws in the same request order.
	 */
	private long seed = 20_251_202L;

	/**
	 * Whether the simulated provider keeps every request it receives (for tests: memory
	 * grows with each request).
	 */
	private boolean recordRequests;

	/**
	 * Simulated deployments by id; the id is the path segment in {@code /sim/<id>/v1}.
	 */
	private Map<String, Deployment> deployments = new LinkedHashMap<>();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public int getPort() {
		return this.port;
	}

	public void setPort(int port) {
		this.port = port;
	}

	public long getSeed() {
		return this.seed;
	}

	public void setSeed(long seed) {
		this.seed = seed;
	}

	public boolean isRecordRequests() {
		return this.recordRequests;
	}

	public void setRecordRequests(boolean recordRequests) {
		this.recordRequests = recordRequests;
	}

	public Map<String, Deployment> getDeployments() {
		return this.deployments;
	}

	public void setDeployments(Map<String, Deployment> deployments) {
		this.deployments = deployments;
	}

	/**
	 * How one simulated deployment behaves. Rates are shares of requests between 0 and 1;
	 * what is left over after all failure rates is answered normally.
	 */
	public static class Deployment {

		/**
		 * Share of requests answered with HTTP 429 and a Retry-After header.
		 */
		private double rateLimitRate;

		/**
		 * Retry-After sent with a 429 (whole seconds).
		 */
		private Duration retryAfter = Duration.ofSeconds(2);

		/**
		 * Share of requests answered with HTTP 500.
		 */
		private double serverErrorRate;

		/**
		 * Share of requests answered with HTTP 503.
		 */
		private double unavailableRate;

		/**
		 * Share of requests that hang for hang-time, longer than the router's timeout.
		 */
		private double timeoutRate;

		/**
		 * How long a hanging request waits before it would answer.
		 */
		private Duration hangTime = Duration.ofSeconds(30);

		/**
		 * Time before the answer (or the first streamed token).
		 */
		private Duration latency = Duration.ofMillis(100);

		/**
		 * Extra random latency, uniform between zero and this.
		 */
		private Duration latencyJitter = Duration.ofMillis(100);

		/**
		 * Pause between streamed tokens.
		 */
		private Duration tokenInterval = Duration.ofMillis(30);

		/**
		 * Largest prompt, in tokens (estimated as 4 characters each), the model accepts;
		 * a longer one gets HTTP 400 context_length_exceeded. 0 means no limit.
		 */
		private int contextWindow;

		/**
		 * Whether the model calls tools. A request with tools to a model that does not
		 * gets HTTP 400 unsupported_parameter; one that does answers a request with tools
		 * and no tool result yet with a call of its first tool, then text once the result
		 * came back.
		 */
		private boolean tools = true;

		public double getRateLimitRate() {
			return this.rateLimitRate;
		}

		public void setRateLimitRate(double rateLimitRate) {
			this.rateLimitRate = rateLimitRate;
		}

		public Duration getRetryAfter() {
			return this.retryAfter;
		}

		public void setRetryAfter(Duration retryAfter) {
			this.retryAfter = retryAfter;
		}

		public double getServerErrorRate() {
			return this.serverErrorRate;
		}

		public void setServerErrorRate(double serverErrorRate) {
			this.serverErrorRate = serverErrorRate;
		}

		public double getUnavailableRate() {
			return this.unavailableRate;
		}

		public void setUnavailableRate(double unavailableRate) {
			this.unavailableRate = unavailableRate;
		}

		public double getTimeoutRate() {
			return this.timeoutRate;
		}

		public void setTimeoutRate(double timeoutRate) {
			this.timeoutRate = timeoutRate;
		}

		public Duration getHangTime() {
			return this.hangTime;
		}

		public void setHangTime(Duration hangTime) {
			this.hangTime = hangTime;
		}

		public Duration getLatency() {
			return this.latency;
		}

		public void setLatency(Duration latency) {
			this.latency = latency;
		}

		public Duration getLatencyJitter() {
			return this.latencyJitter;
		}

		public void setLatencyJitter(Duration latencyJitter) {
			this.latencyJitter = latencyJitter;
		}

		public Duration getTokenInterval() {
			return this.tokenInterval;
		}

		public void setTokenInterval(Duration tokenInterval) {
			this.tokenInterval = tokenInterval;
		}

		public int getContextWindow() {
			return this.contextWindow;
		}

		public void setContextWindow(int contextWindow) {
			this.contextWindow = contextWindow;
		}

		public boolean isTools() {
			return this.tools;
		}

		public void setTools(boolean tools) {
			this.tools = tools;
		}

	}

}
