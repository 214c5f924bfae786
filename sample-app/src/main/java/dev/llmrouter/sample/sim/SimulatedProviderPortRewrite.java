package dev.llmrouter.sample.sim;

import java.net.URI;

import org.springframework.boot.webclient.WebClientCustomizer;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Sends requests addressed to port 0 of this host to the port the simulated provider
 * bound.
 * <p>
 * The router's deployments point at {@code http://localhost:${sim.port}/sim/<id>/v1}.
 * With a fixed {@code sim.port} that URL is complete, but with {@code sim.port=0} (the
 * default: a free port) the real port is only known once the simulated provider has
 * started. This filter on the application's {@link WebClient.Builder} (which the router
 * uses) fills in the port on each request. A request to port 0 can never succeed
 * otherwise, so no other traffic is affected.
 *
 * @author llm-router
 */
final class SimulatedProviderPortRewrite implements WebClientCustomizer {

	private final int port;

	SimulatedProviderPortRewrite(int port) {
		this.port = port;
	}

	@Override
	public void customize(WebClient.Builder builder) {
		builder.filter((request, next) -> next.exchange(rewrite(request)));
	}

	private ClientRequest rewrite(ClientRequest request) {
		URI url = request.url();
		if (url.getPort() != 0 || !isLoopback(url.getHost())) {
			return request;
		}
		URI local = UriComponentsBuilder.fromUri(url).port(this.port).build(true).toUri();
		return ClientRequest.from(request).url(local).build();
	}

	private static boolean isLoopback(String host) {
		return "localhost".equals(host) || "127.0.0.1".equals(host) || "[::1]".equals(host);
	}

}
