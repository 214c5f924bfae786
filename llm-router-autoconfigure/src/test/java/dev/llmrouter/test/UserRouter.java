package dev.llmrouter.test;

import java.util.Optional;

import dev.llmrouter.ChatChunk;
import dev.llmrouter.ChatRequest;
import dev.llmrouter.ChatResponse;
import dev.llmrouter.LlmRouter;
import dev.llmrouter.RouterView;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * An {@link LlmRouter} an application writes itself, wrapping a built router: it either
 * hides the view (as a router that does not implement {@link LlmRouter#view()} does) or
 * passes on the view of the router it wraps.
 */
public final class UserRouter implements LlmRouter {

	private final LlmRouter delegate;

	private final boolean passOnView;

	private UserRouter(LlmRouter delegate, boolean passOnView) {
		this.delegate = delegate;
		this.passOnView = passOnView;
	}

	/** A router that offers no view. */
	public static UserRouter withoutView(LlmRouter delegate) {
		return new UserRouter(delegate, false);
	}

	/** A router that offers the view of the router it wraps. */
	public static UserRouter passingOnView(LlmRouter delegate) {
		return new UserRouter(delegate, true);
	}

	/** A built router with the given groups, one deployment each, at a base URL. */
	public static LlmRouter built(String baseUrl, String... groups) {
		LlmRouter.Builder builder = LlmRouter.builder();
		for (String group : groups) {
			builder.group(group,
					(spec) -> spec.deployment("a", (deployment) -> deployment.model("m").baseUrl(baseUrl)));
		}
		return builder.build();
	}

	@Override
	public ChatResponse chat(ChatRequest request) {
		return this.delegate.chat(request);
	}

	@Override
	public Mono<ChatResponse> chatAsync(ChatRequest request) {
		return this.delegate.chatAsync(request);
	}

	@Override
	public Flux<ChatChunk> stream(ChatRequest request) {
		return this.delegate.stream(request);
	}

	@Override
	public Optional<RouterView> view() {
		return this.passOnView ? this.delegate.view() : Optional.empty();
	}

}
