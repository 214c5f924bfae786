package dev.llmrouter.provider.internal;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.llmrouter.error.AuthenticationException;
import dev.llmrouter.error.LlmException;
import dev.llmrouter.provider.AccessToken;
import dev.llmrouter.provider.LlmCredentialsProvider;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;

/**
 * The bearer tokens of an {@link LlmCredentialsProvider}, cached per group and
 * deployment, for any adapter whose deployments authenticate with short-lived tokens.
 * <ul>
 * <li>A token is used until its refresh time: {@link #REFRESH_MARGIN} (5 minutes) before
 * {@link AccessToken#expiresAt()}, or a tenth of its lifetime before that when the token
 * lives less than 50 minutes. From then until it expires, callers still get it at once
 * while one fetch of the next token runs in the background; once it has expired, callers
 * wait for that fetch.</li>
 * <li>One fetch at a time per deployment: concurrent callers share it, and a caller that
 * cancels does not cancel it. A fetch that takes longer than {@link #FETCH_TIMEOUT}
 * fails.</li>
 * <li>A failed fetch (an error, or a timeout) fails the waiting attempts with an
 * {@link AuthenticationException} without a status, naming the deployment and the
 * failure's type, never its token. It is not remembered: the next attempt fetches again.
 * Authentication errors are not retried by default ({@code authentication-error-retries}
 * retries them); the call goes on to its fallbacks.</li>
 * <li>An empty answer (the provider does not serve the deployment) is remembered for
 * {@link #NOT_SERVED_TIME}; meanwhile the deployment uses its API key.</li>
 * <li>{@link #invalidate} drops a token the provider rejected (HTTP 401), so the next
 * attempt fetches a new one.</li>
 * </ul>
 * Time is read from the scheduler given ({@code now(MILLISECONDS)} as epoch
 * milliseconds), so tests drive it with virtual time. Nothing here blocks, logs or shows
 * a token: {@link #toString()} lists no tokens.
 *
 * @author llm-router
 */
public final class BearerTokens {

	/** How long before a token expires it is fetched again, at most. */
	public static final Duration REFRESH_MARGIN = Duration.ofMinutes(5);

	/** How long a token fetch may take before it fails the attempts waiting for it. */
	public static final Duration FETCH_TIMEOUT = Duration.ofSeconds(30);

	/** How long an empty answer (deployment not served) is remembered. */
	public static final Duration NOT_SERVED_TIME = Duration.ofMinutes(1);

	private static final Mono<Optional<String>> NOT_SERVED = Mono.just(Optional.empty());

	private final LlmCredentialsProvider provider;

	private final Scheduler clock;

	private final Map<Key, Slot> slots = new ConcurrentHashMap<>();

	/**
	 * Create a cache over a provider.
	 * @param provider the tokens' source
	 * @param clock the scheduler whose time decides expiry and which bounds a fetch
	 */
	public BearerTokens(LlmCredentialsProvider provider, Scheduler clock) {
		this.provider = provider;
		this.clock = clock;
	}

	/**
	 * The token to send for a deployment.
	 * @param group the deployment's group ({@code null} outside a router: asked as
	 * {@code ""})
	 * @param deployment the deployment id
	 * @return the token, or an empty {@code Optional} when the provider does not serve
	 * the deployment; never an empty {@code Mono}. Fails with an
	 * {@link AuthenticationException} when the fetch fails
	 */
	public Mono<Optional<String>> token(@Nullable String group, String deployment) {
		Key key = new Key((group != null) ? group : "", deployment);
		return Mono.defer(() -> this.slots.computeIfAbsent(key, Slot::new).token(now()));
	}

	/**
	 * Drop a token the provider rejected, unless it was replaced meanwhile.
	 * @param group the deployment's group, or {@code null}
	 * @param deployment the deployment id
	 * @param token the token that was rejected
	 */
	public void invalidate(@Nullable String group, String deployment, String token) {
		Slot slot = this.slots.get(new Key((group != null) ? group : "", deployment));
		if (slot != null) {
			slot.invalidate(token);
		}
	}

	private long now() {
		return this.clock.now(TimeUnit.MILLISECONDS);
	}

	@Override
	public String toString() {
		return "BearerTokens[deployments=" + this.slots.size() + "]";
	}

	private record Key(String group, String deployment) {

	}

	/**
	 * What is known of one deployment's token.
	 *
	 * @param answer the answer to give while fresh
	 * @param token the token, or {@code null} when the deployment is not served
	 * @param refreshAt when to fetch the next one, epoch millis
	 * @param expiresAt when it stops being usable, epoch millis
	 */
	private record Cached(Mono<Optional<String>> answer, @Nullable String token, long refreshAt, long expiresAt) {

	}

	/** One deployment's cached token and in-flight fetch. */
	private final class Slot {

		private final Key key;

		private volatile @Nullable Cached cached;

		private @Nullable Mono<Optional<String>> inFlight;

		Slot(Key key) {
			this.key = key;
		}

		Mono<Optional<String>> token(long now) {
			Cached cached = this.cached;
			if (cached != null && now < cached.refreshAt) {
				return cached.answer;
			}
			Mono<Optional<String>> fetch = fetch();
			return (cached != null && now < cached.expiresAt) ? cached.answer : fetch;
		}

		void invalidate(String token) {
			synchronized (this) {
				Cached cached = this.cached;
				if (cached != null && token.equals(cached.token)) {
					this.cached = null;
				}
			}
		}

		/** The fetch under way, or a new one started. */
		private Mono<Optional<String>> fetch() {
			Sinks.One<Optional<String>> sink;
			synchronized (this) {
				if (this.inFlight != null) {
					return this.inFlight;
				}
				sink = Sinks.one();
				this.inFlight = sink.asMono();
			}
			Mono<AccessToken> source;
			try {
				source = BearerTokens.this.provider.token(this.key.group, this.key.deployment);
			}
			catch (RuntimeException ex) {
				source = Mono.error(ex);
			}
			source.timeout(FETCH_TIMEOUT, BearerTokens.this.clock)
				.map(Optional::of)
				.defaultIfEmpty(Optional.empty())
				.subscribe((token) -> {
					if (token.isPresent()) {
						fetched(sink, token.get());
					}
					else {
						notServed(sink);
					}
				}, (error) -> failed(sink, error));
			return sink.asMono();
		}

		private void fetched(Sinks.One<Optional<String>> sink, AccessToken token) {
			long now = now();
			long expiresAt = token.expiresAt().toEpochMilli();
			long margin = Math.min(REFRESH_MARGIN.toMillis(), Math.max(0, expiresAt - now) / 10);
			Optional<String> answer = Optional.of(token.token());
			complete(new Cached(Mono.just(answer), token.token(), expiresAt - margin, expiresAt));
			sink.tryEmitValue(answer);
		}

		private void notServed(Sinks.One<Optional<String>> sink) {
			long until = now() + NOT_SERVED_TIME.toMillis();
			complete(new Cached(NOT_SERVED, null, until, until));
			sink.tryEmitValue(Optional.empty());
		}

		private void failed(Sinks.One<Optional<String>> sink, Throwable error) {
			complete(this.cached);
			sink.tryEmitError(failure(error));
		}

		private void complete(@Nullable Cached cached) {
			synchronized (this) {
				this.cached = cached;
				this.inFlight = null;
			}
		}

		private LlmException failure(Throwable error) {
			String what = (error instanceof TimeoutException) ? "timed out after " + FETCH_TIMEOUT.toSeconds() + "s"
					: "failed (" + error.getClass().getSimpleName() + ")";
			return new AuthenticationException("Fetching a bearer token for deployment '" + this.key.deployment
					+ "' of group '" + this.key.group + "' from the LlmCredentialsProvider " + what, 0, null, error);
		}

	}

}
