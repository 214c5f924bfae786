package dev.llmrouter.provider.internal;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.ReactiveHttpOutputMessage;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.BodyInserter;
import org.springframework.web.reactive.function.client.ClientResponse;

/**
 * The request and response bodies of the built-in adapters, written and read the same
 * way: requests encoded by the adapter itself, answers read whole up to a bound.
 *
 * @author llm-router
 */
public final class ProviderBodies {

	/**
	 * The largest body or stream event read: a long completion must not trip the codecs'
	 * in-memory limit (256 KB by default), which is sized for web requests.
	 */
	public static final int MAX_BODY_BYTES = 16 * 1024 * 1024;

	private ProviderBodies() {
	}

	/**
	 * The encoded request as it is: no encoder to look up among the codecs on every call,
	 * and a {@code Content-Length}, as the encoder would have set.
	 * @param body the encoded JSON
	 * @return the inserter
	 */
	public static BodyInserter<byte[], ReactiveHttpOutputMessage> json(byte[] body) {
		return (message, context) -> {
			message.getHeaders().setContentLength(body.length);
			return message.writeWith(Mono.fromSupplier(() -> message.bufferFactory().wrap(body)));
		};
	}

	/**
	 * The whole body, up to {@link #MAX_BODY_BYTES}.
	 * @param response the response
	 * @return its bytes, empty for no body
	 */
	public static Mono<byte[]> body(ClientResponse response) {
		return DataBufferUtils.join(response.body(BodyExtractors.toDataBuffers()), MAX_BODY_BYTES).map((buffer) -> {
			byte[] bytes = new byte[buffer.readableByteCount()];
			buffer.read(bytes);
			DataBufferUtils.release(buffer);
			return bytes;
		}).defaultIfEmpty(new byte[0]);
	}

	/**
	 * The whole body, up to {@link #MAX_BODY_BYTES}, read by {@code reader} in the buffer
	 * it arrived in (no copy), the buffer released after.
	 * @param <T> what the reader makes of it
	 * @param response the response
	 * @param reader reads the body from its read position; an empty body is an empty
	 * buffer
	 * @return what the reader made
	 */
	public static <T> Mono<T> read(ClientResponse response, Function<DataBuffer, T> reader) {
		return DataBufferUtils.join(response.body(BodyExtractors.toDataBuffers()), MAX_BODY_BYTES)
			.switchIfEmpty(Mono.fromSupplier(() -> DefaultDataBufferFactory.sharedInstance.allocateBuffer(0)))
			.map((buffer) -> {
				try {
					return reader.apply(buffer);
				}
				finally {
					DataBufferUtils.release(buffer);
				}
			});
	}

	/**
	 * The response headers, names in lower case, the first value of each.
	 * @param response the response
	 * @return the headers
	 */
	public static Map<String, String> headers(ClientResponse response) {
		Map<String, String> headers = new LinkedHashMap<>();
		response.headers()
			.asHttpHeaders()
			.forEach((name, values) -> headers.putIfAbsent(name.toLowerCase(Locale.ROOT), values.get(0)));
		return headers;
	}

}
