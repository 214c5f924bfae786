#!/usr/bin/env bash
# Consumer check: installs llm-router into the local Maven repository, then creates a
# throwaway Spring Boot 4.1 application OUTSIDE this repository that depends on nothing but
# dev.llmrouter:llm-router-spring-boot-starter (plus spring-boot-starter-test), configures one
# model group in application.properties pointing at a loopback OpenAI-compatible server its
# test starts on port 0, injects LlmRouter and gets content back blocking, via Mono and
# streaming.
#
# Usage: scripts/consumer-check.sh [consumer-dir]      (default: /tmp/llm-router-consumer)
#   SKIP_INSTALL=1  reuse the artifacts already installed in ~/.m2
#   MVN=...         the Maven command for the consumer (default: mvn if on PATH, else ./mvnw)
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
dir="${1:-/tmp/llm-router-consumer}"
case "$dir" in
	"$repo"|"$repo"/*) echo "The consumer must live outside the repository: $dir" >&2; exit 2 ;;
esac
version="$(sed -n 's|^\t<version>\(.*\)</version>$|\1|p' "$repo/pom.xml" | head -1)"
mvn_cmd="${MVN:-$(command -v mvn || echo "$repo/mvnw")}"

if [ "${SKIP_INSTALL:-0}" != "1" ]; then
	echo "==> Installing llm-router $version from $repo"
	(cd "$repo" && ./mvnw -B -q install -DskipTests)
fi

echo "==> Creating the consumer project in $dir"
rm -rf "$dir"
mkdir -p "$dir/src/main/java/com/example/consumer" "$dir/src/main/resources" \
	"$dir/src/test/java/com/example/consumer"

cat > "$dir/pom.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
		xsi:schemaLocation="http://maven.apache.org/POM/4.0.0 https://maven.apache.org/xsd/maven-4.0.0.xsd">
	<modelVersion>4.0.0</modelVersion>
	<parent>
		<groupId>org.springframework.boot</groupId>
		<artifactId>spring-boot-starter-parent</artifactId>
		<version>4.1.2</version>
		<relativePath/>
	</parent>
	<groupId>com.example</groupId>
	<artifactId>consumer</artifactId>
	<version>0.0.1-SNAPSHOT</version>
	<properties>
		<java.version>17</java.version>
		<netty.version>4.2.18.Final</netty.version>
	</properties>
	<dependencies>
		<dependency>
			<groupId>dev.llmrouter</groupId>
			<artifactId>llm-router-spring-boot-starter</artifactId>
			<version>$version</version>
		</dependency>
		<dependency>
			<groupId>org.springframework.boot</groupId>
			<artifactId>spring-boot-starter-test</artifactId>
			<scope>test</scope>
		</dependency>
	</dependencies>
</project>
EOF

cat > "$dir/src/main/java/com/example/consumer/ConsumerApplication.java" <<'EOF'
package com.example.consumer;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class ConsumerApplication {

	public static void main(String[] args) {
		SpringApplication.run(ConsumerApplication.class, args);
	}

}
EOF

cat > "$dir/src/main/resources/application.properties" <<'EOF'
llm.router.groups.gpt.deployments.local.model=tiny-model
llm.router.groups.gpt.deployments.local.api-key=sk-consumer-check-0000
# base-url is set by the test (the loopback server listens on a free port)
EOF

cat > "$dir/src/test/java/com/example/consumer/ConsumerApplicationTests.java" <<'EOF'
package com.example.consumer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.llmrouter.ChatChunk;
import dev.llmrouter.ChatRequest;
import dev.llmrouter.ChatResponse;
import dev.llmrouter.LlmRouter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest
class ConsumerApplicationTests {

	static final List<String> authorizations = new CopyOnWriteArrayList<>();

	static final HttpServer server = start();

	@Autowired
	LlmRouter router;

	@DynamicPropertySource
	static void baseUrl(DynamicPropertyRegistry registry) {
		registry.add("llm.router.groups.gpt.deployments.local.base-url",
				() -> "http://127.0.0.1:" + server.getAddress().getPort() + "/v1");
	}

	@AfterAll
	static void stop() {
		server.stop(0);
	}

	@Test
	void blocking() {
		ChatResponse response = this.router.chat(ChatRequest.of("gpt", "Hi"));
		System.out.println("blocking -> " + response.content() + " " + response.metadata());
		assertThat(response.content()).isEqualTo("Hello, consumer");
		assertThat(response.metadata().deployment()).isEqualTo("local");
		assertThat(authorizations).contains("Bearer sk-consumer-check-0000");
	}

	@Test
	void mono() {
		ChatResponse response = this.router.chatAsync(ChatRequest.of("gpt", "Hi")).block(Duration.ofSeconds(30));
		System.out.println("mono -> " + response.content());
		assertThat(response.content()).isEqualTo("Hello, consumer");
	}

	@Test
	void streaming() {
		List<String> deltas = this.router.stream(ChatRequest.of("gpt", "Hi"))
			.map(ChatChunk::content)
			.filter((content) -> !content.isEmpty())
			.collectList()
			.block(Duration.ofSeconds(30));
		System.out.println("streaming -> " + deltas);
		assertThat(deltas).containsExactly("Hello", ", ", "consumer");
	}

	private static HttpServer start() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
			server.createContext("/v1/chat/completions", ConsumerApplicationTests::answer);
			server.start();
			return server;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void answer(HttpExchange exchange) throws IOException {
		String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
		authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
		boolean stream = body.replace(" ", "").contains("\"stream\":true");
		String reply;
		if (stream) {
			StringBuilder events = new StringBuilder();
			for (String delta : List.of("Hello", ", ", "consumer")) {
				events.append("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"").append(delta)
					.append("\"},\"finish_reason\":null}]}\n\n");
			}
			events.append("data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n");
			events.append("data: [DONE]\n\n");
			reply = events.toString();
			exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
		}
		else {
			reply = "{\"id\":\"c1\",\"object\":\"chat.completion\",\"model\":\"tiny-model\",\"choices\":[{\"index\":0,"
					+ "\"message\":{\"role\":\"assistant\",\"content\":\"Hello, consumer\"},\"finish_reason\":\"stop\"}],"
					+ "\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":3,\"total_tokens\":4}}";
			exchange.getResponseHeaders().set("Content-Type", "application/json");
		}
		byte[] bytes = reply.getBytes(StandardCharsets.UTF_8);
		exchange.sendResponseHeaders(200, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

}
EOF

echo "==> Running the consumer's tests with $mvn_cmd"
cd "$dir"
"$mvn_cmd" -B test
