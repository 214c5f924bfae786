package dev.llmrouter.provider.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

import dev.llmrouter.ChatChunk;
import dev.llmrouter.error.LlmException;
import dev.llmrouter.error.internal.FailureClassifier;
import dev.llmrouter.provider.ProviderErrorException;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.core.publisher.SynchronousSink;
import reactor.core.scheduler.Scheduler;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.client.ClientResponse;

/**
 * A streamed answer's chunks, read as server-sent events from the body's buffers as they
 * come, each event's data handed to the adapter's {@link EventReader} in place. The
 * chunks of one buffer go downstream together; a failure goes after them, so that no
 * chunk that came before it is lost. After the provider's end marker the rest of the body
 * is read and dropped, for at most the drain time, so that the connection goes back to
 * the pool; a body that goes on longer ends the stream and its connection is closed.
 *
 * @author llm-router
 */
public final class EventStream {

	/**
	 * Marks the end of a streamed body, so that its last event is parsed in order with
	 * the others. Empty and never pooled: releasing it does nothing.
	 */
	private static final DataBuffer END_OF_BODY = DefaultDataBufferFactory.sharedInstance.allocateBuffer(0);

	private EventStream() {
	}

	/**
	 * Reads the data of one event of a provider's stream.
	 */
	@FunctionalInterface
	public interface EventReader {

		/**
		 * Read one event's data, trimmed of white space.
		 * @param data the array holding it
		 * @param offset where it starts
		 * @param length its length, at least 1
		 * @param chunks receives the chunks it makes
		 * @return {@code false} when it was the provider's end marker
		 * @throws LlmException or {@link ProviderErrorException} to fail the stream
		 */
		boolean read(byte[] data, int offset, int length, Consumer<ChatChunk> chunks);

	}

	/**
	 * The chunks of a streamed answer.
	 * @param response the 2xx response
	 * @param reader reads each event
	 * @param timer the scheduler that bounds the read after the end marker
	 * @param drain how long the body may go on after the end marker
	 * @param endMarker the end marker's name, for the failure of a body that ends without
	 * it (and without a finish reason)
	 * @param source the deployment, for messages
	 * @return the chunks
	 */
	public static Flux<ChatChunk> chunks(ClientResponse response, EventReader reader, Scheduler timer, Duration drain,
			String endMarker, String source) {
		Events events = new Events(reader, timer, drain, endMarker, source);
		return response.body(BodyExtractors.toDataBuffers())
			.concatWithValues(END_OF_BODY)
			.<List<ChatChunk>>handle((buffer, sink) -> {
				try {
					events.read(buffer);
				}
				finally {
					DataBufferUtils.release(buffer);
				}
				events.flush(sink);
			})
			.takeUntilOther(events.drained.asMono())
			.doOnDiscard(DataBuffer.class, DataBufferUtils::release)
			.doFinally((signal) -> events.disposeDrainTimer())
			// a small prefetch: its queue is held for as long as the stream is open
			.flatMapIterable(Function.identity(), 16)
			.concatWith(Flux.defer(events::failure));
	}

	private static final class Events implements SseParser.Handler, Consumer<ChatChunk> {

		private final SseParser parser = new SseParser(ProviderBodies.MAX_BODY_BYTES);

		private final EventReader reader;

		private final Scheduler timer;

		private final Duration drain;

		private final String endMarker;

		private final String source;

		/** Ends the body's read when it goes on too long after the end marker. */
		final Sinks.Empty<Void> drained = Sinks.empty();

		private volatile @Nullable Disposable drainTimer;

		private @Nullable List<ChatChunk> batch;

		private @Nullable RuntimeException error;

		/** The end marker came: the rest of the body is read and dropped. */
		private boolean done;

		/** The end marker came and the body ended, or the stream failed. */
		private boolean stopped;

		/** A chunk with a finish reason came. */
		private boolean finished;

		Events(EventReader reader, Scheduler timer, Duration drain, String endMarker, String source) {
			this.reader = reader;
			this.timer = timer;
			this.drain = drain;
			this.endMarker = endMarker;
			this.source = source;
		}

		void read(DataBuffer buffer) {
			if (this.stopped || (this.done && buffer != END_OF_BODY)) {
				return;
			}
			if (buffer == END_OF_BODY && this.done) {
				this.stopped = true;
				return;
			}
			if (buffer != END_OF_BODY) {
				this.parser.feed(buffer, this);
				return;
			}
			// the last event, if the body did not close it with a blank line
			this.parser.end(this);
			if (!this.stopped) {
				this.stopped = true;
				if (!this.finished && !this.done) {
					this.error = FailureClassifier.malformed(this.source,
							"the event stream ended before " + this.endMarker, null);
				}
			}
		}

		void flush(SynchronousSink<List<ChatChunk>> sink) {
			List<ChatChunk> batch = this.batch;
			if (batch != null) {
				this.batch = null;
				sink.next(batch);
			}
			if (this.stopped) {
				sink.complete();
			}
		}

		Flux<ChatChunk> failure() {
			return (this.error != null) ? Flux.error(this.error) : Flux.empty();
		}

		@Override
		public boolean event(byte[] data, int offset, int length) {
			if (this.stopped || this.done) {
				return false;
			}
			int start = offset;
			int end = offset + length;
			while (start < end && Character.isWhitespace(data[start])) {
				start++;
			}
			while (end > start && Character.isWhitespace(data[end - 1])) {
				end--;
			}
			if (start == end) {
				return true;
			}
			try {
				if (!this.reader.read(data, start, end - start, this)) {
					this.done = true;
					this.drainTimer = this.timer.schedule(this.drained::tryEmitEmpty, this.drain.toNanos(),
							TimeUnit.NANOSECONDS);
					return false;
				}
			}
			catch (LlmException | ProviderErrorException ex) {
				this.error = ex;
				this.stopped = true;
				return false;
			}
			return true;
		}

		@Override
		public void accept(ChatChunk chunk) {
			this.finished |= chunk.finishReason() != null;
			if (this.batch == null) {
				this.batch = new ArrayList<>(2);
			}
			this.batch.add(chunk);
		}

		void disposeDrainTimer() {
			Disposable timer = this.drainTimer;
			if (timer != null) {
				timer.dispose();
			}
		}

		@Override
		public void tooLong() {
			this.error = FailureClassifier.malformed(this.source,
					"an event of the stream is longer than " + ProviderBodies.MAX_BODY_BYTES + " bytes", null);
			this.stopped = true;
		}

	}

}
