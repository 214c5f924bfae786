package dev.llmrouter.test;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * A real {@code redis-server} (Debian's {@code redis-server} package, or one on the
 * {@code PATH}) on a free loopback port, without persistence, for tests: started by the
 * constructor, answering {@code PING} when it returns, stopped by {@link #close()}. It
 * can be stopped and started again on the same port, to test what an application does
 * while Redis is away. <pre class="code">
 * try (RedisServer redis = new RedisServer()) {
 *     // spring.data.redis.port=redis.port()
 * }
 * </pre>
 *
 * @author llm-router
 */
public final class RedisServer implements AutoCloseable {

	private static final String BINARY = findBinary();

	private final int port;

	private @Nullable Process process;

	/**
	 * Start a server on a free port.
	 * @throws IllegalStateException if there is no {@code redis-server} to start, or it
	 * does not answer within 20 seconds
	 */
	public RedisServer() {
		this.port = freePort();
		start();
	}

	/**
	 * The server's port on 127.0.0.1.
	 * @return the port
	 */
	public int port() {
		return this.port;
	}

	/**
	 * Start the server again, on the same port, if it was stopped.
	 */
	public synchronized void start() {
		if (this.process != null) {
			return;
		}
		try {
			this.process = new ProcessBuilder(BINARY, "--port", Integer.toString(this.port), "--bind", "127.0.0.1",
					"--save", "", "--appendonly", "no", "--protected-mode", "no")
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.start();
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not start " + BINARY, ex);
		}
		awaitPong(Duration.ofSeconds(20));
	}

	/**
	 * Stop the server; {@link #start()} starts it again.
	 */
	public synchronized void stop() {
		Process running = this.process;
		if (running == null) {
			return;
		}
		running.destroy();
		try {
			if (!running.waitFor(10, TimeUnit.SECONDS)) {
				running.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.process = null;
	}

	/**
	 * Stop the server.
	 */
	@Override
	public void close() {
		stop();
	}

	private void awaitPong(Duration patience) {
		long deadline = System.nanoTime() + patience.toNanos();
		IOException last = null;
		while (System.nanoTime() < deadline) {
			Process running = this.process;
			if (running != null && !running.isAlive()) {
				throw new IllegalStateException(
						"redis-server exited with " + running.exitValue() + " on port " + this.port);
			}
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress("127.0.0.1", this.port), 200);
				socket.setSoTimeout(1000);
				OutputStream out = socket.getOutputStream();
				out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
				out.flush();
				InputStream in = socket.getInputStream();
				byte[] answer = new byte[7];
				int read = in.readNBytes(answer, 0, answer.length);
				if (new String(answer, 0, read, StandardCharsets.US_ASCII).startsWith("+PONG")) {
					return;
				}
			}
			catch (IOException ex) {
				last = ex;
			}
			try {
				// polling a process that is starting: nothing to wait on but the socket
				Thread.sleep(20);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
		throw new IllegalStateException("redis-server on port " + this.port + " did not answer PING", last);
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String findBinary() {
		for (String candidate : new String[] { "/usr/bin/redis-server", "/usr/local/bin/redis-server" }) {
			if (new File(candidate).canExecute()) {
				return candidate;
			}
		}
		String path = System.getenv("PATH");
		if (path != null) {
			for (String dir : path.split(File.pathSeparator)) {
				File file = new File(dir, "redis-server");
				if (file.canExecute()) {
					return file.getPath();
				}
			}
		}
		throw new IllegalStateException(
				"These tests need a real redis-server: install it (Debian: apt-get install redis-server)");
	}

}
