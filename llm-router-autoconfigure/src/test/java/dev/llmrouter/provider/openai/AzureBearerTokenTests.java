package dev.llmrouter.provider.openai;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import dev.llmrouter.ChatRequest;
import dev.llmrouter.ChatResponse;
import dev.llmrouter.EmbeddingRequest;
import dev.llmrouter.LlmRouter;
import dev.llmrouter.error.AuthenticationException;
import dev.llmrouter.error.LlmException;
import dev.llmrouter.provider.AccessToken;
import dev.llmrouter.provider.LlmCredentialsProvider;
import dev.llmrouter.test.MockLlmServer;
import dev.llmrouter.test.MockLlmServer.RecordedRequest;
import dev.llmrouter.test.MockLlmServer.Reply;
import dev.llmrouter.test.TestTimer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Tests for bearer tokens from an {@link LlmCredentialsProvider} over real HTTP: sent
 * instead of the key, cached, refreshed before they expire (time driven through the
 * router's virtual-time scheduler), fetched once for concurrent calls, never shown, and a
 * failed fetch typed.
 */
@ExtendWith(OutputCaptureExtension.class)
class AzureBearerTokenTests {

	private static final String API_KEY = "azure-test-SECRETKEY1234567890";

	private static final String TOKEN = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.entra-SECRET-token-one";

	private static final Log logger = LogFactory.getLog(AzureBearerTokenTests.class);

	private final MockLlmServer server = new MockLlmServer();

	private final TestTimer timer = new TestTimer();

	private final Tokens tokens = new Tokens();

	@AfterEach
	void close() {
		this.server.close();
	}

	@Test
	void whenCredentialsServeTheDeploymentThenBearerTokenIsSentInsteadOfTheKey() {
		router("azure-openai").chat(ChatRequest.of("gpt", "hi"));
		RecordedRequest request = lastRequest();
		assertThat(request.header("Authorization")).isEqualTo("Bearer " + this.tokens.issued.get(0));
		assertThat(request.header("api-key")).isNull();
		assertThat(this.tokens.asked).containsExactly("gpt/east");
	}

	@Test
	void whenCredentialsServeAnOpenAiDeploymentThenItsTokenReplacesTheKey() {
		router("openai").chat(ChatRequest.of("gpt", "hi"));
		assertThat(lastRequest().header("Authorization")).isEqualTo("Bearer " + this.tokens.issued.get(0));
		assertThat(lastRequest().header("Authorization")).doesNotContain(API_KEY);
	}

	@Test
	void whenCredentialsServeTheDeploymentThenStreamsAndEmbeddingsSendTheToken() {
		LlmRouter router = router("azure-openai");
		this.server.enqueue(Reply.sse("a", "b"));
		router.stream(ChatRequest.of("gpt", "hi")).blockLast();
		assertThat(lastRequest().header("Authorization")).isEqualTo("Bearer " + this.tokens.issued.get(0));
		this.server.enqueue(Reply.embeddings(new float[] { 1 }));
		router.embed(EmbeddingRequest.of("embed", "text"));
		assertThat(lastRequest().header("Authorization")).startsWith("Bearer ");
		assertThat(lastRequest().header("api-key")).isNull();
		assertThat(this.tokens.asked).containsExactly("gpt/east", "embed/vectors");
	}

	@Test
	void whenCredentialsDoNotServeTheDeploymentThenTheKeyIsSent() {
		this.tokens.answer = (key) -> Mono.empty();
		LlmRouter router = router("azure-openai");
		router.chat(ChatRequest.of("gpt", "hi"));
		router.chat(ChatRequest.of("gpt", "hi"));
		assertThat(lastRequest().header("api-key")).isEqualTo(API_KEY);
		assertThat(lastRequest().header("Authorization")).isNull();
		assertThat(this.tokens.asked).as("an empty answer is remembered").hasSize(1);
	}

	@Test
	void whenTokenIsFreshThenItIsReusedWithoutAskingAgain() {
		LlmRouter router = router("azure-openai");
		for (int i = 0; i < 3; i++) {
			router.chat(ChatRequest.of("gpt", "hi"));
		}
		this.timer.advance(Duration.ofMinutes(54));
		router.chat(ChatRequest.of("gpt", "hi"));
		assertThat(this.tokens.asked).hasSize(1);
		assertThat(authorizations()).containsOnly("Bearer " + this.tokens.issued.get(0));
	}

	@Test
	void whenTokenNearsItsExpiryThenTheNextIsFetchedWhileTheOldStillServes() {
		LlmRouter router = router("azure-openai");
		router.chat(ChatRequest.of("gpt", "hi"));
		this.timer.advance(Duration.ofMinutes(56));
		router.chat(ChatRequest.of("gpt", "hi"));
		router.chat(ChatRequest.of("gpt", "hi"));
		assertThat(this.tokens.asked).hasSize(2);
		assertThat(authorizations()).containsExactly("Bearer " + this.tokens.issued.get(0),
				"Bearer " + this.tokens.issued.get(0), "Bearer " + this.tokens.issued.get(1));
	}

	@Test
	void whenTokenHasExpiredThenTheCallWaitsForANewOne() {
		LlmRouter router = router("azure-openai");
		router.chat(ChatRequest.of("gpt", "hi"));
		this.timer.advance(Duration.ofMinutes(61));
		router.chat(ChatRequest.of("gpt", "hi"));
		assertThat(this.tokens.asked).hasSize(2);
		assertThat(authorizations()).containsExactly("Bearer " + this.tokens.issued.get(0),
				"Bearer " + this.tokens.issued.get(1));
	}

	@Test
	void whenTokenIsShortLivedThenItIsRefreshedATenthOfItsLifetimeBeforeExpiry() {
		this.tokens.lifetime = Duration.ofMinutes(10);
		LlmRouter router = router("azure-openai");
		router.chat(ChatRequest.of("gpt", "hi"));
		this.timer.advance(Duration.ofSeconds(539));
		router.chat(ChatRequest.of("gpt", "hi"));
		assertThat(this.tokens.asked).hasSize(1);
		this.timer.advance(Duration.ofSeconds(2));
		router.chat(ChatRequest.of("gpt", "hi"));
		assertThat(this.tokens.asked).hasSize(2);
	}

	@Test
	void whenCallsConcurrentlyNeedATokenThenOneFetchServesThemAll() throws Exception {
		Sinks.One<AccessToken> pending = Sinks.one();
		this.tokens.answer = (key) -> pending.asMono();
		LlmRouter router = router("azure-openai");
		List<CompletableFuture<ChatResponse>> calls = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			calls.add(router.chatAsync(ChatRequest.of("gpt", "hi")).toFuture());
		}
		assertThat(calls).noneMatch(CompletableFuture::isDone);
		pending.tryEmitValue(new AccessToken(TOKEN,
				Instant.ofEpochMilli(this.timer.now(TimeUnit.MILLISECONDS)).plus(Duration.ofHours(1))));
		for (CompletableFuture<ChatResponse> call : calls) {
			call.get(30, TimeUnit.SECONDS);
		}
		assertThat(this.tokens.asked).hasSize(1);
		assertThat(authorizations()).hasSize(5).containsOnly("Bearer " + TOKEN);
	}

	@Test
	void whenTheTokenFetchFailsThenTheCallFailsWithAnAuthenticationErrorAndTheNextFetchesAgain() {
		this.tokens.answer = (key) -> Mono.error(new IllegalStateException("identity endpoint said no"));
		LlmRouter router = router("azure-openai");
		Throwable error = catchThrowable(() -> router.chat(ChatRequest.of("gpt", "hi")));
		assertThat(error).isExactlyInstanceOf(AuthenticationException.class)
			.hasMessageContaining("bearer token for deployment 'east' of group 'gpt'")
			.hasMessageContaining("IllegalStateException")
			.hasRootCauseInstanceOf(IllegalStateException.class);
		assertThat(((LlmException) error).statusCode()).isEmpty();
		assertThat(((LlmException) error).metadata().attempts()).hasSize(1);
		assertThat(this.server.requests()).isEmpty();
		this.tokens.answer = this.tokens::issue;
		router.chat(ChatRequest.of("gpt", "hi"));
		assertThat(this.tokens.asked).hasSize(2);
		assertThat(lastRequest().header("Authorization")).startsWith("Bearer ");
	}

	@Test
	void whenTheTokenFetchNeverAnswersThenTheAttemptFailsAfterTheFetchTimeout() throws Exception {
		this.tokens.answer = (key) -> Mono.never();
		CompletableFuture<ChatResponse> call = this.timer
			.run(router("azure-openai").chatAsync(ChatRequest.of("gpt", "hi")));
		Throwable error = catchThrowable(() -> call.get(30, TimeUnit.SECONDS));
		assertThat(error).isInstanceOf(ExecutionException.class);
		assertThat(error.getCause()).isExactlyInstanceOf(AuthenticationException.class)
			.hasMessageContaining("timed out after 30s");
		assertThat(this.timer.advanced()).contains(Duration.ofSeconds(30));
	}

	@Test
	void whenTheServerRejectsTheTokenThenTheNextAttemptFetchesANewOne() {
		this.server.enqueue(Reply.error(401, null, "401",
				"Unauthorized. Access token is missing, invalid, audience " + "is incorrect, or have expired.",
				Map.of()));
		LlmRouter router = router("azure-openai");
		assertThat(catchThrowable(() -> router.chat(ChatRequest.of("gpt", "hi"))))
			.isExactlyInstanceOf(AuthenticationException.class);
		router.chat(ChatRequest.of("gpt", "hi"));
		assertThat(this.tokens.asked).hasSize(2);
		assertThat(authorizations()).containsExactly("Bearer " + this.tokens.issued.get(0),
				"Bearer " + this.tokens.issued.get(1));
	}

	@Test
	void whenTheServerEchoesTheTokenThenItAppearsInNoMessageAndNoLog(CapturedOutput output) {
		this.tokens.answer = (key) -> Mono
			.just(new AccessToken(TOKEN, Instant.ofEpochMilli(0).plus(Duration.ofHours(1))));
		this.server.enqueue(Reply.error(401, null, "invalid_token", "Token " + TOKEN + " is not valid", Map.of()),
				Reply.error(500, "server_error", null, "upstream rejected Bearer " + TOKEN, Map.of()));
		LoggingSystem logging = LoggingSystem.get(getClass().getClassLoader());
		logging.setLogLevel("dev.llmrouter", LogLevel.TRACE);
		try {
			LlmRouter router = router("azure-openai");
			Throwable first = catchThrowable(() -> router.chat(ChatRequest.of("gpt", "hi")));
			Throwable second = catchThrowable(() -> router.stream(ChatRequest.of("gpt", "hi")).blockLast());
			for (Throwable error : List.of(first, second)) {
				assertThat(error).isInstanceOf(LlmException.class);
				logger.error("LLM call failed: " + error + " " + ((LlmException) error).metadata(), error);
				assertThat(error.getMessage()).doesNotContain(TOKEN).contains("****");
				assertThat(((LlmException) error).providerFields().toString()).doesNotContain(TOKEN);
			}
			assertThat(new AccessToken(TOKEN, Instant.EPOCH).toString()).doesNotContain(TOKEN);
			assertThat(output).contains("LLM call failed").doesNotContain(TOKEN).doesNotContain(TOKEN.substring(0, 40));
		}
		finally {
			logging.setLogLevel("dev.llmrouter", null);
		}
	}

	private LlmRouter router(String provider) {
		return LlmRouter.builder()
			.numRetries(0)
			.timer(this.timer)
			.component(LlmCredentialsProvider.class, this.tokens)
			.group("gpt",
					(group) -> group.deployment("east",
							(d) -> d.provider(provider).model("gpt-4o").baseUrl(root()).apiKey(API_KEY)))
			.group("embed", (group) -> group.deployment("vectors",
					(d) -> d.provider(provider).model("text-embedding-3-small").baseUrl(root()).apiKey(API_KEY)))
			.build();
	}

	private String root() {
		return "http://127.0.0.1:" + this.server.port();
	}

	private List<String> authorizations() {
		return this.server.requests().stream().map((request) -> request.header("Authorization")).toList();
	}

	private RecordedRequest lastRequest() {
		List<RecordedRequest> requests = this.server.requests();
		assertThat(requests).isNotEmpty();
		return requests.get(requests.size() - 1);
	}

	/**
	 * Issues a new token on every fetch, valid for {@link #lifetime} from the router's
	 * virtual time, and records who asked.
	 */
	private final class Tokens implements LlmCredentialsProvider {

		final List<String> asked = new CopyOnWriteArrayList<>();

		final List<String> issued = new CopyOnWriteArrayList<>();

		final AtomicInteger count = new AtomicInteger();

		volatile Duration lifetime = Duration.ofHours(1);

		volatile Function<String, Mono<AccessToken>> answer = this::issue;

		@Override
		public Mono<AccessToken> token(String group, String deployment) {
			String key = group + "/" + deployment;
			this.asked.add(key);
			return this.answer.apply(key);
		}

		Mono<AccessToken> issue(String key) {
			return Mono.fromSupplier(() -> {
				String token = "entra-token-" + this.count.incrementAndGet() + "-abcdefghijklmnop";
				this.issued.add(token);
				Instant now = Instant.ofEpochMilli(AzureBearerTokenTests.this.timer.now(TimeUnit.MILLISECONDS));
				return new AccessToken(token, now.plus(this.lifetime));
			});
		}

	}

}
