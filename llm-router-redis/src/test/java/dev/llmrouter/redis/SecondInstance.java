package dev.llmrouter.redis;

import java.time.Duration;

import dev.llmrouter.routing.SharedDeploymentState;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * A second instance in a JVM of its own, for {@link SeparateJvmTests}: it takes a
 * cooldown of deployment {@code gpt/one} and three in-flight leases on it through its own
 * Redis store, prints {@code READY}, and then waits to be killed.
 */
public final class SecondInstance {

	private SecondInstance() {
	}

	public static void main(String[] args) throws Exception {
		int port = Integer.parseInt(args[0]);
		String prefix = args[1];
		LettuceConnectionFactory factory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration("127.0.0.1", port));
		factory.afterPropertiesSet();
		factory.start();
		RedisDeploymentStateStore store = new RedisDeploymentStateStore(factory,
				new RedisStateOptions(prefix, Duration.ofSeconds(2), Duration.ofMillis(100), Duration.ofMillis(500)));
		store.start();
		SharedDeploymentState state = store.state("gpt", "one");
		long now = System.currentTimeMillis();
		for (int i = 0; i < 3; i++) {
			state.attemptStarted(now, Long.MAX_VALUE).block(Duration.ofSeconds(5));
		}
		state.coolDownUntil(now + 600_000).block(Duration.ofSeconds(5));
		System.out.println("READY");
		System.out.flush();
		Thread.sleep(Long.MAX_VALUE);
	}

}
