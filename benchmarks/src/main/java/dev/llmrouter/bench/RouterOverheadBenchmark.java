package dev.llmrouter.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.llmrouter.CallMetadata;
import dev.llmrouter.ChatChunk;
import dev.llmrouter.ChatMessage;
import dev.llmrouter.ChatRequest;
import dev.llmrouter.ChatResponse;
import dev.llmrouter.Choice;
import dev.llmrouter.LlmRouter;
import dev.llmrouter.Usage;
import dev.llmrouter.provider.LlmProvider;
import dev.llmrouter.provider.ProviderEndpoint;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The router's own work per call: a stub transport answers at once with a pre-built
 * response, so what is left is selection, the attempt's bookkeeping, the timeout, the
 * retry session and the metadata.
 *
 * @author llm-router
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RouterOverheadBenchmark {

	private static final ChatResponse CANNED = new ChatResponse(
			List.of(new Choice(0, ChatMessage.assistant("canned"), "stop")), new Usage(12, 64, 76), Arms.MODEL,
			CallMetadata.empty(""));

	private LlmRouter router;

	private ChatRequest request;

	@Setup
	public void setUp() {
		LlmProvider stub = new LlmProvider() {

			@Override
			public String id() {
				return "stub";
			}

			@Override
			public Mono<ChatResponse> chat(ProviderEndpoint endpoint, ChatRequest request) {
				return Mono.just(CANNED);
			}

			@Override
			public Flux<ChatChunk> stream(ProviderEndpoint endpoint, ChatRequest request) {
				return Flux.just(new ChatChunk("canned", "stop", null));
			}

		};
		this.router = LlmRouter.builder()
			.component(LlmProvider.class, stub)
			.group("bench", (group) -> group.deployment("stub",
					(d) -> d.provider("stub").model(Arms.MODEL).baseUrl("http://127.0.0.1:9/v1").apiKey(Arms.API_KEY)))
			.build();
		this.request = ChatRequest.of("bench", Arms.PROMPT);
	}

	private final Capture capture = new Capture();

	@Benchmark
	public ChatResponse chat() {
		// the stub answers on the calling thread: the call is over when subscribe returns
		this.router.chatAsync(this.request).subscribe(this.capture);
		return this.capture.take();
	}

	/**
	 * A reusable subscriber, so that the figure holds the router's allocations and not a
	 * blocking subscriber's latch.
	 */
	static final class Capture implements CoreSubscriber<ChatResponse> {

		private ChatResponse value;

		private Throwable error;

		@Override
		public void onSubscribe(Subscription subscription) {
			subscription.request(Long.MAX_VALUE);
		}

		@Override
		public void onNext(ChatResponse response) {
			this.value = response;
		}

		@Override
		public void onError(Throwable throwable) {
			this.error = throwable;
		}

		@Override
		public void onComplete() {
		}

		ChatResponse take() {
			if (this.error != null || this.value == null) {
				throw new IllegalStateException("The call did not complete synchronously", this.error);
			}
			ChatResponse response = this.value;
			this.value = null;
			return response;
		}

	}

}
