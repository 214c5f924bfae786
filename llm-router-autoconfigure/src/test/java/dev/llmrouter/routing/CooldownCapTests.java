package dev.llmrouter.routing;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.llmrouter.RouterView;
import dev.llmrouter.RoutingStrategy;
import dev.llmrouter.Attempt;
import dev.llmrouter.ChatRequest;
import dev.llmrouter.ChatResponse;
import dev.llmrouter.LlmRouter;
import dev.llmrouter.test.MockLlmServer;
import dev.llmrouter.test.MockLlmServer.Reply;
import dev.llmrouter.test.TestTimer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every cooldown is capped at {@code max-cooldown-time} (issue 12, item 7): a nonsense
 * {@code Retry-After} on a 429 — a huge number of seconds, an HTTP date in year 9999 —
 * takes a deployment of a group of two out of rotation for at most the cap (default 1h),
 * as the router's view reports, and it is back when the cap has passed. A
 * {@code cooldown-time} longer than the cap is capped too.
 */
class CooldownCapTests {

	private static final String YEAR_9999 = "Fri, 31 Dec 9999 23:59:59 GMT";

	private final MockLlmServer a = new MockLlmServer();

	private final MockLlmServer b = new MockLlmServer();

	private final TestTimer timer = new TestTimer();

	@AfterEach
	void close() {
		this.a.close();
		this.b.close();
	}

	@Test
	void whenRetryAfterIsAHugeNumberThenTheCooldownIsTheDefaultCapOfOneHour() throws Exception {
		this.a.enqueue(Reply.rateLimited(Map.of("Retry-After", "1e300")));
		LlmRouter router = builder().build();
		assertServedByB(router);
		assertCooledFor(router, Duration.ofHours(1));
	}

	@Test
	void whenRetryAfterIsADateInYear9999ThenTheCooldownIsTheDefaultCapOfOneHour() throws Exception {
		this.a.enqueue(Reply.rateLimited(Map.of("Retry-After", YEAR_9999)));
		LlmRouter router = builder().build();
		assertServedByB(router);
		assertCooledFor(router, Duration.ofHours(1));
	}

	@Test
	void whenRetryAfterMsIsAHugeNumberThenTheCooldownIsTheDefaultCapOfOneHour() throws Exception {
		this.a.enqueue(Reply.rateLimited(Map.of("retry-after-ms", "1e300")));
		LlmRouter router = builder().build();
		assertServedByB(router);
		assertCooledFor(router, Duration.ofHours(1));
	}

	@Test
	void whenMaxCooldownTimeIsSetThenAHugeRetryAfterCoolsForThatLong() throws Exception {
		this.a.enqueue(Reply.rateLimited(Map.of("Retry-After", "1e300")));
		LlmRouter router = builder().maxCooldownTime(Duration.ofMinutes(5)).build();
		assertServedByB(router);
		assertCooledFor(router, Duration.ofMinutes(5));
	}

	@Test
	void whenMaxCooldownTimeIsSetThenADateInYear9999CoolsForThatLong() throws Exception {
		this.a.enqueue(Reply.rateLimited(Map.of("Retry-After", YEAR_9999)));
		LlmRouter router = builder().maxCooldownTime(Duration.ofMinutes(5)).build();
		assertServedByB(router);
		assertCooledFor(router, Duration.ofMinutes(5));
	}

	@Test
	void whenTheCooldownTimeIsLongerThanTheCapThenARateLimitWithoutRetryAfterCoolsForTheCap() throws Exception {
		this.a.enqueue(Reply.rateLimited(Map.of()));
		LlmRouter router = builder().cooldownTime(Duration.ofHours(3)).build();
		assertServedByB(router);
		assertCooledFor(router, Duration.ofHours(1));
	}

	@Test
	void whenADeploymentsCooldownTimeIsLongerThanTheCapThenItsFailuresCoolItForTheCap() throws Exception {
		this.a.enqueue(Reply.status(503));
		LlmRouter router = LlmRouter.builder()
			.timer(this.timer)
			.random(() -> 0.5)
			.routingStrategy(RoutingStrategy.ROUND_ROBIN)
			.allowedFails(1)
			.maxCooldownTime(Duration.ofMinutes(5))
			.group("gpt",
					(g) -> g
						.deployment("a",
								(d) -> d.model("m").baseUrl(this.a.baseUrl()).cooldownTime(Duration.ofMinutes(30)))
						.deployment("b", (d) -> d.model("m").baseUrl(this.b.baseUrl())))
			.build();
		assertServedByB(router);
		assertCooledFor(router, Duration.ofMinutes(5));
	}

	@Test
	void whenTheCapHasPassedThenTheDeploymentIsBackInRotation() throws Exception {
		this.a.enqueue(Reply.rateLimited(Map.of("Retry-After", YEAR_9999)));
		LlmRouter router = builder().maxCooldownTime(Duration.ofMinutes(5)).build();
		assertServedByB(router);
		this.timer.advance(Duration.ofMinutes(5).minusMillis(1));
		assertThat(deployment(router, "a").available()).isFalse();
		this.timer.advance(Duration.ofMillis(1));
		assertThat(deployment(router, "a").available()).isTrue();
		assertThat(deployment(router, "a").status().cooldownRemaining()).isZero();
		assertThat(List.of(call(router).metadata().deployment(), call(router).metadata().deployment())).contains("a");
	}

	private LlmRouter.Builder builder() {
		return LlmRouter.builder()
			.timer(this.timer)
			.random(() -> 0.5)
			.routingStrategy(RoutingStrategy.ROUND_ROBIN)
			.group("gpt", (g) -> g.deployment("a", (d) -> d.model("m").baseUrl(this.a.baseUrl()))
				.deployment("b", (d) -> d.model("m").baseUrl(this.b.baseUrl())));
	}

	private ChatResponse call(LlmRouter router) throws Exception {
		return this.timer.run(router.chatAsync(ChatRequest.of("gpt", "hi"))).get(30, TimeUnit.SECONDS);
	}

	private void assertServedByB(LlmRouter router) throws Exception {
		ChatResponse response = call(router);
		assertThat(response.metadata().attempts()).extracting(Attempt::deployment).containsExactly("a", "b");
		assertThat(this.timer.advanced()).isEmpty();
	}

	private void assertCooledFor(LlmRouter router, Duration cap) {
		RouterView.DeploymentStatus status = deployment(router, "a").status();
		Instant now = router.view().orElseThrow().now();
		assertThat(status.coolingDown()).isTrue();
		assertThat(status.cooldownUntil()).isEqualTo(now.plus(cap));
		assertThat(status.cooldownRemaining()).isEqualTo(cap);
		assertThat(deployment(router, "b").status().coolingDown()).isFalse();
	}

	private static RouterView.Deployment deployment(LlmRouter router, String id) {
		return router.view()
			.orElseThrow()
			.group("gpt")
			.deployments()
			.stream()
			.filter((deployment) -> deployment.id().equals(id))
			.findFirst()
			.orElseThrow();
	}

}
