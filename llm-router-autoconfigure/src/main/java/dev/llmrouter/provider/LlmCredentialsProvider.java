package dev.llmrouter.provider;

import reactor.core.publisher.Mono;

/**
 * Supplies short-lived bearer tokens for deployments that authenticate with them, such as
 * Azure OpenAI with Entra ID. An adapter asks for a token before an attempt, sends it as
 * {@code Authorization: Bearer}, keeps it until shortly before
 * {@link AccessToken#expiresAt()}, and asks again then; a deployment the provider does
 * not serve (an empty answer) uses its {@code api-key}. In a Spring application an
 * {@code LlmCredentialsProvider} bean is picked up by the router.
 * <p>
 * Tokens are never logged, put in exception messages or shown by the endpoint.
 *
 * @author llm-router
 */
@FunctionalInterface
public interface LlmCredentialsProvider {

	/**
	 * A token for one deployment.
	 * @param group the model group of the deployment
	 * @param deployment the deployment id
	 * @return the token, or empty when this provider does not serve the deployment
	 */
	Mono<AccessToken> token(String group, String deployment);

}
