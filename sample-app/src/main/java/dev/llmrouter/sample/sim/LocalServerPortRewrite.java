package dev.llmrouter.sample.sim;

import java.net.URI;

import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.boot.webclient.WebClientCustomizer;
import org.springframework.context.ApplicationListener;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Sends requests addressed to port 0 of this host to the port the application's server
 * actually bound.
 * <p>
 * The router's deployments point at {@code http://localhost:${server.port}/sim/<id>/v1}.
 * With the default {@code server.port=8080} that URL is complete, but with
 * {@code server.port=0} (a random port, as tests use) the real port is only known after
 * the router has been built. Rather than building the router late, this filter on the
 * application's {@link WebClient.Builder} (which the router uses) fills in the port on
 * each request. A request to port 0 can never succeed otherwise, so no other traffic is
 * affected.
 *
 * @author llm-router
 */
final class LocalServerPortRewrite implements WebClientCustomizer, ApplicationListener<WebServerInitializedEvent> {

	private volatile int port;

	@Override
	public void onApplicationEvent(WebServerInitializedEvent event) {
		if (event.getApplicationContext().getServerNamespace() == null) {
			this.port = event.getWebServer().getPort();
		}
	}

	@Override
	public void customize(WebClient.Builder builder) {
		builder.filter((request, next) -> next.exchange(rewrite(request)));
	}

	private ClientRequest rewrite(ClientRequest request) {
		URI url = request.url();
		int port = this.port;
		if (url.getPort() != 0 || port <= 0 || !isLoopback(url.getHost())) {
			return request;
		}
		URI local = UriComponentsBuilder.fromUri(url).port(port).build(true).toUri();
		return ClientRequest.from(request).url(local).build();
	}

	private static boolean isLoopback(String host) {
		return "localhost".equals(host) || "127.0.0.1".equals(host) || "[::1]".equals(host);
	}

}
