package dev.llmrouter.redis;

import dev.llmrouter.test.RedisServer;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * Connections to a test's {@link RedisServer}.
 */
final class RedisConnections {

	private RedisConnections() {
	}

	/**
	 * A new, started Lettuce connection factory to the server: one per simulated
	 * instance.
	 */
	static LettuceConnectionFactory connectionFactory(RedisServer server) {
		LettuceConnectionFactory factory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration("127.0.0.1", server.port()));
		factory.afterPropertiesSet();
		factory.start();
		return factory;
	}

}
