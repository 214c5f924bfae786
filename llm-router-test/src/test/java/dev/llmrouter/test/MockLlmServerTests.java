package dev.llmrouter.test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.llmrouter.test.MockLlmServer.RecordedRequest;
import dev.llmrouter.test.MockLlmServer.Reply;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests of {@link MockLlmServer}'s scripting, over real HTTP on loopback.
 */
class MockLlmServerTests {

	private final MockLlmServer server = new MockLlmServer();

	private final HttpClient client = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final JsonMapper json = JsonMapper.builder().build();

	@AfterEach
	void close() {
		this.server.close();
	}

	@Test
	void whenEndpointHasItsOwnScriptThenItsRequestsTakeItFirst() throws Exception {
		this.server.enqueue(Endpoint.EMBEDDINGS, Reply.status(503)).enqueue(Reply.status(500));
		assertThat(post("/v1/chat/completions", "{}").statusCode()).isEqualTo(500);
		assertThat(post("/v1/embeddings", "{\"input\":\"a\"}").statusCode()).isEqualTo(503);
	}

	@Test
	void whenNothingIsScriptedThenEmbeddingsGetOneVectorPerInput() throws Exception {
		HttpResponse<String> response = post("/v1/embeddings", "{\"input\":[\"a\",\"b\"]}");
		assertThat(this.json.readTree(response.body()).path("data").size()).isEqualTo(2);
	}

	@Test
	void whenMatcherMatchesThenItsRepliesComeBeforeTheScriptUntilSpent() throws Exception {
		this.server.enqueue(Reply.status(500), Reply.status(500));
		this.server.when((request) -> request.json().path("model").asString("").equals("special"))
			.thenReply(Reply.status(418));
		assertThat(post("/v1/chat/completions", "{\"model\":\"special\"}").statusCode()).isEqualTo(418);
		assertThat(post("/v1/chat/completions", "{\"model\":\"special\"}").statusCode()).isEqualTo(500);
	}

	@Test
	void whenMatcherAnswersAlwaysThenEveryMatchingRequestGetsIt() throws Exception {
		this.server.when((request) -> request.path().startsWith("/sim/a/")).thenAlways(Reply.status(429));
		assertThat(post("/sim/a/v1/chat/completions", "{}").statusCode()).isEqualTo(429);
		assertThat(post("/sim/a/v1/chat/completions", "{}").statusCode()).isEqualTo(429);
		assertThat(post("/sim/b/v1/chat/completions", "{}").statusCode()).isEqualTo(200);
	}

	@Test
	void whenRequestArrivesThenItsPathHeadersAndJsonAreRecorded() throws Exception {
		post("/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21",
				"{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
		RecordedRequest request = this.server.requests().get(0);
		assertThat(request.path()).isEqualTo("/openai/deployments/gpt-4o/chat/completions");
		assertThat(request.uri()).endsWith("?api-version=2024-10-21");
		assertThat(request.endpoint()).isEqualTo(Endpoint.CHAT);
		assertThat(request.header("X-Test")).isEqualTo("yes");
		assertThat(request.json().path("messages").get(0).path("content").asString()).isEqualTo("Hi");
	}

	@Test
	void whenPathIsNotAnEndpointThenNotFoundAndNotCounted() throws Exception {
		HttpResponse<String> response = post("/v1/completions", "{}");
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(this.json.readTree(response.body()).path("error").path("type").asString())
			.isEqualTo("invalid_request_error");
		assertThat(this.server.hits()).isZero();
	}

	@Test
	void whenRecordingIsOffThenRequestsAreCountedNotKept() throws Exception {
		this.server.recordRequests(false);
		post("/v1/chat/completions", "{}");
		assertThat(this.server.hits()).isOne();
		assertThat(this.server.requests()).isEmpty();
	}

	@Test
	void whenReplyIsFromTheRequestThenItSeesTheBody() throws Exception {
		this.server.byDefault(Reply.from((request) -> Reply.completion(request.json().path("model").asString())));
		JsonNode body = this.json.readTree(post("/v1/chat/completions", "{\"model\":\"echo\"}").body());
		assertThat(body.path("choices").get(0).path("message").path("content").asString()).isEqualTo("echo");
	}

	@Test
	void whenEmbeddingsAreAskedInBase64OverHttpThenTheReplyIsBase64() throws Exception {
		this.server.enqueue(Reply.embeddings(new float[] { 1f }));
		JsonNode body = this.json
			.readTree(post("/v1/embeddings", "{\"input\":\"a\",\"encoding_format\":\"base64\"}").body());
		assertThat(body.path("data").get(0).path("embedding").asString())
			.isEqualTo(Embeddings.base64(new float[] { 1f }));
	}

	@Test
	void whenStreamIsScriptedThenItsFramesArriveAsEventStream() throws Exception {
		this.server.enqueue(Reply.stream(ChunkStream.text("a", "b")));
		HttpResponse<String> response = post("/v1/chat/completions", "{\"stream\":true}");
		assertThat(response.headers().firstValue("content-type")).hasValue("text/event-stream");
		assertThat(response.body()).isEqualTo(String.join("", ChunkStream.text("a", "b").frames()));
		assertThat(this.server.requests().get(0).streaming()).isTrue();
	}

	private HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.server.port() + path))
			.header("Content-Type", "application/json")
			.header("X-Test", "yes")
			.timeout(Duration.ofSeconds(10))
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
		return this.client.send(request, HttpResponse.BodyHandlers.ofString());
	}

}
