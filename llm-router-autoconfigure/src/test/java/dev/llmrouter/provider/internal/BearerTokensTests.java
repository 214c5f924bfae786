package dev.llmrouter.provider.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import dev.llmrouter.provider.AccessToken;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.scheduler.VirtualTimeScheduler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link BearerTokens}: the in-flight fetch is shared and outlives a caller
 * that cancels.
 */
class BearerTokensTests {

	private final VirtualTimeScheduler clock = VirtualTimeScheduler.create();

	@Test
	void whenTheFirstCallerCancelsThenTheFetchGoesOnAndServesTheOthers() {
		AtomicInteger fetches = new AtomicInteger();
		AtomicInteger cancels = new AtomicInteger();
		Sinks.One<AccessToken> pending = Sinks.one();
		BearerTokens tokens = new BearerTokens((group, deployment) -> {
			fetches.incrementAndGet();
			return pending.asMono().doOnCancel(cancels::incrementAndGet);
		}, this.clock);
		Disposable first = tokens.token("g", "d").subscribe();
		first.dispose();
		Mono<Optional<String>> second = tokens.token("g", "d");
		pending.tryEmitValue(new AccessToken("t-0123456789abcdef", Instant.EPOCH.plus(Duration.ofHours(1))));
		assertThat(second.block()).contains("t-0123456789abcdef");
		assertThat(fetches).hasValue(1);
		assertThat(cancels).hasValue(0);
		assertThat(tokens.toString()).doesNotContain("t-0123456789abcdef");
	}

}
