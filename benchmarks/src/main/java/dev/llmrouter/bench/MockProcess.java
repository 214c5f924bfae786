package dev.llmrouter.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The mock server's JVM, launched as a child process on this JVM's class path.
 *
 * @author llm-router
 */
final class MockProcess implements AutoCloseable {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final Process process;

	private final String root;

	/**
	 * The mock's {@code STATS} lines; everything else it prints is discarded, read all
	 * the same so that the mock never blocks on a full pipe.
	 */
	private final BlockingQueue<String> stats = new LinkedBlockingQueue<>();

	private final Writer in;

	private MockProcess(Process process, int port, BufferedReader out) {
		this.process = process;
		this.root = "http://127.0.0.1:" + port;
		this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
		Thread drain = new Thread(() -> {
			try {
				String line;
				while ((line = out.readLine()) != null) {
					if (line.startsWith("STATS ")) {
						this.stats.add(line.substring(6));
					}
				}
			}
			catch (IOException ex) {
				// the mock is gone
			}
		}, "mock-stdout");
		drain.setDaemon(true);
		drain.start();
	}

	static MockProcess start(long paceMillis, long holdMillis) throws IOException {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		List<String> command = new ArrayList<>(List.of(java, "-Xms256m", "-Xmx512m", "-XX:+UseParallelGC", "-cp",
				System.getProperty("java.class.path"), MockServerMain.class.getName(), "--port", "0", "--pace-ms",
				Long.toString(paceMillis), "--hold-ms", Long.toString(holdMillis)));
		Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
		BufferedReader out = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
		String line;
		while ((line = out.readLine()) != null) {
			if (line.startsWith("PORT ")) {
				return new MockProcess(process, Integer.parseInt(line.substring(5).trim()), out);
			}
		}
		process.destroyForcibly();
		throw new IOException("The mock server exited before printing its port");
	}

	String root() {
		return this.root;
	}

	long pid() {
		return this.process.pid();
	}

	/**
	 * The mock's counters, asked for on its standard input and read from its standard
	 * output.
	 */
	synchronized Stats stats() {
		try {
			this.in.write("stats\n");
			this.in.flush();
			String line = this.stats.poll(10, TimeUnit.SECONDS);
			if (line == null) {
				throw new IOException("The mock server did not report its stats within 10 s");
			}
			JsonNode node = JSON.readTree(line);
			return new Stats(node.get("requests").asLong(), node.get("pending").asLong(), node.get("cpuNanos").asLong(),
					node.get("cores").asInt(), node.get("delayed").asLong(), node.get("delayedNanos").asLong());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void close() {
		try {
			this.in.close();
			if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
			}
		}
		catch (IOException ex) {
			this.process.destroyForcibly();
		}
		catch (InterruptedException ex) {
			this.process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * The mock's counters.
	 *
	 * @param requests requests served
	 * @param pending calls and streams in flight
	 * @param cpuNanos the mock process's CPU time
	 * @param cores the cores the mock sees
	 * @param delayed delayed answers sent
	 * @param delayedNanos the waits those answers actually took, in total
	 */
	record Stats(long requests, long pending, long cpuNanos, int cores, long delayed, long delayedNanos) {
	}

}
