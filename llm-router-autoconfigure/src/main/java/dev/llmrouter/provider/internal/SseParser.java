package dev.llmrouter.provider.internal;

import java.util.Arrays;

import org.springframework.core.io.buffer.DataBuffer;

/**
 * Splits a {@code text/event-stream} body into events, incrementally, byte by byte, and
 * hands each event's {@code data} to a {@link Handler} without copying it in the common
 * case of one {@code data:} line per event. Lines may end with {@code \n}, {@code \r\n}
 * or {@code \r}, also when the two bytes of a {@code \r\n} arrive in different buffers;
 * comments and the {@code event}, {@code id} and {@code retry} fields are skipped, as the
 * OpenAI wire format carries everything in {@code data} (and Anthropic's repeats the
 * event's name as the data's {@code type}).
 * <p>
 * This does the work of Spring's {@code ServerSentEventHttpMessageReader} for the one
 * field we read, at a fraction of its allocation per event. Not thread-safe: one parser
 * per stream, fed in order.
 *
 * @author llm-router
 */
public final class SseParser {

	private static final byte[] DATA = { 'd', 'a', 't', 'a' };

	private final int maxEventBytes;

	/** Bytes received and not yet consumed: at most one partial line. */
	private byte[] pending = new byte[512];

	private int length;

	/** The data of the current event, when it spans more than one line. */
	private byte[] data;

	private int dataLength = -1;

	/** Where the current event's only data line sits in {@link #pending}. */
	private int lineDataStart = -1;

	private int lineDataLength;

	private boolean skipLineFeed;

	/**
	 * Create a parser.
	 * @param maxEventBytes the longest line or event accepted; longer input is reported
	 * through {@link Handler#tooLong()}
	 */
	public SseParser(int maxEventBytes) {
		this.maxEventBytes = maxEventBytes;
	}

	/**
	 * Feed the next buffer; complete events are passed to the handler before this
	 * returns. The buffer is read, not released.
	 * @param buffer the next part of the body
	 * @param handler receives the events
	 * @return {@code false} when the handler asked to stop
	 */
	public boolean feed(DataBuffer buffer, Handler handler) {
		int readable = buffer.readableByteCount();
		ensure(this.length + readable);
		buffer.read(this.pending, this.length, readable);
		int scan = this.length;
		this.length += readable;
		int lineStart = 0;
		for (int i = scan; i < this.length; i++) {
			byte b = this.pending[i];
			if (b != '\n' && b != '\r') {
				continue;
			}
			if (b == '\n' && this.skipLineFeed && i == lineStart) {
				this.skipLineFeed = false;
				lineStart = i + 1;
				continue;
			}
			this.skipLineFeed = (b == '\r');
			if (!line(lineStart, i - lineStart, handler)) {
				return false;
			}
			lineStart = i + 1;
		}
		if (this.lineDataStart >= 0) {
			// the event's data line is complete but its blank line has not come yet:
			// copy the data out before the consumed lines are compacted away
			moveDataOut();
		}
		if (lineStart > 0) {
			// keep only the partial line
			System.arraycopy(this.pending, lineStart, this.pending, 0, this.length - lineStart);
			this.length -= lineStart;
		}
		if (this.length > this.maxEventBytes || this.dataLength > this.maxEventBytes) {
			handler.tooLong();
			return false;
		}
		return true;
	}

	/**
	 * The body ended: an event not yet closed by a blank line is dispatched if it has
	 * data, so that nothing the server sent is dropped.
	 * @param handler receives the last event
	 */
	public void end(Handler handler) {
		if (this.length > 0) {
			line(0, this.length, handler);
			this.length = 0;
		}
		dispatch(handler);
	}

	private boolean line(int start, int length, Handler handler) {
		if (length == 0) {
			return dispatch(handler);
		}
		if (length < DATA.length || !Arrays.equals(this.pending, start, start + DATA.length, DATA, 0, DATA.length)) {
			// a comment, another field, or a field named otherwise
			return true;
		}
		int value = start + DATA.length;
		int end = start + length;
		if (value < end) {
			if (this.pending[value] != ':') {
				// a field whose name only starts with "data"
				return true;
			}
			value++;
			if (value < end && this.pending[value] == ' ') {
				value++;
			}
		}
		appendData(value, end - value);
		return true;
	}

	private void appendData(int start, int length) {
		if (this.dataLength < 0 && this.lineDataStart < 0) {
			// the first data line of the event: remembered in place, and dispatched
			// from there if the event ends in the same buffer (the common case)
			this.lineDataStart = start;
			this.lineDataLength = length;
			return;
		}
		if (this.dataLength < 0) {
			moveDataOut();
		}
		int needed = this.dataLength + 1 + length;
		if (needed > this.data.length) {
			this.data = Arrays.copyOf(this.data, Math.max(needed, this.data.length * 2));
		}
		this.data[this.dataLength++] = '\n';
		System.arraycopy(this.pending, start, this.data, this.dataLength, length);
		this.dataLength += length;
	}

	private void moveDataOut() {
		if (this.data == null || this.data.length < this.lineDataLength) {
			this.data = new byte[Math.max(256, this.lineDataLength)];
		}
		System.arraycopy(this.pending, this.lineDataStart, this.data, 0, this.lineDataLength);
		this.dataLength = this.lineDataLength;
		this.lineDataStart = -1;
	}

	private boolean dispatch(Handler handler) {
		boolean more = true;
		if (this.dataLength >= 0) {
			more = handler.event(this.data, 0, this.dataLength);
		}
		else if (this.lineDataStart >= 0) {
			more = handler.event(this.pending, this.lineDataStart, this.lineDataLength);
		}
		this.dataLength = -1;
		this.lineDataStart = -1;
		return more;
	}

	private void ensure(int capacity) {
		if (capacity > this.pending.length) {
			this.pending = Arrays.copyOf(this.pending, Math.max(capacity, this.pending.length * 2));
		}
	}

	/**
	 * Receives the events of one stream.
	 */
	public interface Handler {

		/**
		 * One event's data; the bytes are only valid during the call.
		 * @param data the array holding the data
		 * @param offset where the data starts
		 * @param length the data's length
		 * @return {@code false} to stop parsing
		 */
		boolean event(byte[] data, int offset, int length);

		/**
		 * A line or event went past the limit; parsing stops.
		 */
		void tooLong();

	}

}
