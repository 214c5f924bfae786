package dev.llmrouter.autoconfigure;

import java.net.http.HttpClient.Redirect;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.HttpRedirects;
import org.springframework.boot.http.client.reactive.ClientHttpConnectorBuilder;
import org.springframework.boot.http.client.reactive.JdkClientHttpConnectorBuilder;
import org.springframework.boot.http.client.reactive.ReactorClientHttpConnectorBuilder;
import org.springframework.http.client.reactive.ClientHttpConnector;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.util.ClassUtils;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The client the router's adapters send requests with: the application's
 * {@link WebClient.Builder} (so its customizers, codecs and observation apply) with a
 * connector that never follows redirects, whatever {@code spring.http.clients.redirects}
 * says: a prompt and its API key go only to the configured {@code base-url}. The
 * connector is built like Boot's own, from the application's
 * {@code ClientHttpConnectorBuilder} and {@code HttpClientSettings} (timeouts, SSL
 * bundle), when Boot's HTTP client support is on the class path; redirects stay off even
 * when that builder's own HTTP client customizers turn them on (Reactor Netty and JDK
 * connectors).
 *
 * @author llm-router
 */
final class ProviderWebClient {

	private static final boolean BOOT_HTTP_CLIENT = ClassUtils
		.isPresent("org.springframework.boot.http.client.reactive.ClientHttpConnectorBuilder", null);

	private ProviderWebClient() {
	}

	static WebClient create(WebClient.Builder builder, BeanFactory beanFactory, ClassLoader classLoader) {
		ClientHttpConnector connector = BOOT_HTTP_CLIENT ? BootConnector.create(beanFactory, classLoader)
				: new ReactorClientHttpConnector();
		return builder.clientConnector(connector).build();
	}

	private static final class BootConnector {

		@SuppressWarnings("unchecked")
		static ClientHttpConnector create(BeanFactory beanFactory, ClassLoader classLoader) {
			ClientHttpConnectorBuilder<?> connectors = beanFactory.getBeanProvider(ClientHttpConnectorBuilder.class)
				.getIfAvailable(() -> ClientHttpConnectorBuilder.detect(classLoader));
			HttpClientSettings settings = beanFactory.getBeanProvider(HttpClientSettings.class)
				.getIfAvailable(HttpClientSettings::defaults);
			return dontFollow(connectors).build(settings.withRedirects(HttpRedirects.DONT_FOLLOW));
		}

		/**
		 * The builder's own HTTP client customizers run after the settings and may turn
		 * redirects back on: one more, run last, turns them off again.
		 */
		private static ClientHttpConnectorBuilder<?> dontFollow(ClientHttpConnectorBuilder<?> connectors) {
			if (connectors instanceof ReactorClientHttpConnectorBuilder reactor) {
				return reactor.withHttpClientCustomizer((client) -> client.followRedirect(false));
			}
			if (connectors instanceof JdkClientHttpConnectorBuilder jdk) {
				return jdk.withHttpClientCustomizer((client) -> client.followRedirects(Redirect.NEVER));
			}
			return connectors;
		}

	}

}
