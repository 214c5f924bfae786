package dev.llmrouter.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import java.util.stream.Stream;

import reactor.core.publisher.Flux;

/**
 * Spring AI 2.0.1's Anthropic module in a class loader of its own. It is built on the
 * Anthropic Java SDK 2.52.0 and is not binary compatible with 3.x, which arm F measures
 * (it calls {@code RequestOptions.getTimeout()}, {@code HttpRequest.body()} returning the
 * body itself and {@code MessageCreateParams.Builder.addUserMessageOfBlockParams}, all
 * gone or changed in 3.x), so the two cannot share one class path. The build copies
 * {@code spring-ai-anthropic} and {@code anthropic-java-core} 2.52.0 into
 * {@code isolated/} on the class path (see the pom); this loader takes
 * {@code com.anthropic.*}, {@code org.springframework.ai.anthropic.*} and
 * {@link SpringAiAnthropicClient} from there first and everything else (Spring AI's model
 * API, Reactor, OkHttp, Jackson, Kotlin) from the harness's loader, so arm E runs on the
 * SDK version its Spring AI release was built and tested with.
 *
 * @author llm-router
 */
final class IsolatedSpringAiAnthropic {

	static final String CLIENT = "dev.llmrouter.bench.SpringAiAnthropicClient";

	private static final List<String> CHILD_FIRST = List.of("com.anthropic.", "org.springframework.ai.anthropic.");

	private static ClassLoader loader;

	private IsolatedSpringAiAnthropic() {
	}

	/**
	 * A new client bound to the mock.
	 * @return its blocking call and its stream
	 */
	@SuppressWarnings("unchecked")
	static Client create(String baseUrl, String apiKey, String model, int maxTokens, String prompt) throws Exception {
		Object client = Class.forName(CLIENT, true, loader())
			.getConstructor(String.class, String.class, String.class, int.class, String.class)
			.newInstance(baseUrl, apiKey, model, maxTokens, prompt);
		return new Client((Callable<String>) client, (Supplier<Flux<String>>) client);
	}

	static synchronized ClassLoader loader() throws IOException, URISyntaxException {
		if (loader == null) {
			URL isolated = IsolatedSpringAiAnthropic.class.getClassLoader().getResource("isolated/");
			if (isolated == null) {
				throw new IllegalStateException("isolated/ is not on the class path: build the module with Maven");
			}
			URL[] jars;
			try (Stream<Path> files = Files.list(Path.of(isolated.toURI()))) {
				jars = files.filter((file) -> file.toString().endsWith(".jar")).sorted().map((file) -> {
					try {
						return file.toUri().toURL();
					}
					catch (MalformedURLException ex) {
						throw new IllegalStateException(ex);
					}
				}).toArray(URL[]::new);
			}
			if (jars.length < 2) {
				throw new IllegalStateException("Expected spring-ai-anthropic and anthropic-java-core in " + isolated);
			}
			loader = new ChildFirst(jars, IsolatedSpringAiAnthropic.class.getClassLoader());
		}
		return loader;
	}

	/**
	 * Arm E's two ways in, typed by the JDK and Reactor.
	 *
	 * @param call one blocking call
	 * @param stream one stream of texts
	 */
	record Client(Callable<String> call, Supplier<Flux<String>> stream) {
	}

	private static final class ChildFirst extends URLClassLoader {

		static {
			ClassLoader.registerAsParallelCapable();
		}

		ChildFirst(URL[] urls, ClassLoader parent) {
			super("spring-ai-anthropic", urls, parent);
		}

		@Override
		protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
			synchronized (getClassLoadingLock(name)) {
				Class<?> type = findLoadedClass(name);
				if (type == null) {
					if (name.equals(CLIENT) || name.startsWith(CLIENT + "$")) {
						type = defineFromParent(name);
					}
					else if (CHILD_FIRST.stream().anyMatch(name::startsWith)) {
						try {
							type = findClass(name);
						}
						catch (ClassNotFoundException ex) {
							type = super.loadClass(name, false);
						}
					}
					else {
						return super.loadClass(name, resolve);
					}
				}
				if (resolve) {
					resolveClass(type);
				}
				return type;
			}
		}

		private Class<?> defineFromParent(String name) throws ClassNotFoundException {
			try (InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
				if (in == null) {
					throw new ClassNotFoundException(name);
				}
				byte[] bytes = in.readAllBytes();
				return defineClass(name, bytes, 0, bytes.length);
			}
			catch (IOException ex) {
				throw new ClassNotFoundException(name, ex);
			}
		}

	}

}
