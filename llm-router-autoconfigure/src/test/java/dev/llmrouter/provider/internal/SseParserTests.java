package dev.llmrouter.provider.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SseParser}: the byte-level splitting that the provider tests exercise
 * over HTTP, here with every way a body can be cut into buffers.
 *
 * @author llm-router
 */
class SseParserTests {

	private static final String BODY = ": keep-alive comment\r\n" + "event: message\r\n" + "id: 7\r\n"
			+ "data: {\"a\":1}\r\n\r\n" + "data:{\"b\":2}\n\n" + "data: first line\n" + "data: second line\n\n"
			+ "datafield: not data\n" + "retry: 10\n\n" + "data\n\n" + "data: cr only\r\r" + "data: [DONE]\n\n";

	private static final List<String> EVENTS = List.of("{\"a\":1}", "{\"b\":2}", "first line\nsecond line", "",
			"cr only", "[DONE]");

	@Test
	void whenTheBodyComesInOneBufferThenEveryEventIsRead() {
		assertThat(parse(BODY, BODY.length())).containsExactlyElementsOf(EVENTS);
	}

	@Test
	void whenTheBodyIsCutAtEveryPossiblePlaceThenTheEventsAreTheSame() {
		byte[] bytes = BODY.getBytes(StandardCharsets.UTF_8);
		for (int cut = 1; cut < bytes.length; cut++) {
			Recorder recorder = new Recorder();
			SseParser parser = new SseParser(1024);
			parser.feed(buffer(bytes, 0, cut), recorder);
			parser.feed(buffer(bytes, cut, bytes.length - cut), recorder);
			parser.end(recorder);
			assertThat(recorder.events).as("cut at %d", cut).containsExactlyElementsOf(EVENTS);
		}
	}

	@Test
	void whenTheBodyComesByteByByteThenEveryEventIsRead() {
		assertThat(parse(BODY, 1)).containsExactlyElementsOf(EVENTS);
	}

	@Test
	void whenTheBodyEndsWithoutABlankLineThenTheLastEventIsStillRead() {
		assertThat(parse("data: one\n\ndata: two", 4)).containsExactly("one", "two");
	}

	@Test
	void whenMultiByteCharactersAreSplitAcrossBuffersThenTheyArePassedIntact() {
		assertThat(parse("data: {\"c\":\"héllo wörld ✓\"}\n\n", 3)).containsExactly("{\"c\":\"héllo wörld ✓\"}");
	}

	@Test
	void whenALineGrowsPastTheLimitThenParsingStops() {
		Recorder recorder = new Recorder();
		SseParser parser = new SseParser(16);
		boolean more = parser
			.feed(buffer("data: this line never ends and goes on".getBytes(StandardCharsets.UTF_8), 0, 38), recorder);
		assertThat(more).isFalse();
		assertThat(recorder.tooLong).isTrue();
		assertThat(recorder.events).isEmpty();
	}

	@Test
	void whenTheHandlerStopsThenNoFurtherEventIsPassed() {
		Recorder recorder = new Recorder();
		recorder.stopAfter = 1;
		SseParser parser = new SseParser(1024);
		byte[] bytes = "data: 1\n\ndata: 2\n\n".getBytes(StandardCharsets.UTF_8);
		assertThat(parser.feed(buffer(bytes, 0, bytes.length), recorder)).isFalse();
		assertThat(recorder.events).containsExactly("1");
	}

	private static List<String> parse(String body, int bufferSize) {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		Recorder recorder = new Recorder();
		SseParser parser = new SseParser(1024);
		for (int from = 0; from < bytes.length; from += bufferSize) {
			parser.feed(buffer(bytes, from, Math.min(bufferSize, bytes.length - from)), recorder);
		}
		parser.end(recorder);
		return recorder.events;
	}

	private static DataBuffer buffer(byte[] bytes, int from, int length) {
		DataBuffer buffer = DefaultDataBufferFactory.sharedInstance.allocateBuffer(length);
		buffer.write(bytes, from, length);
		return buffer;
	}

	private static final class Recorder implements SseParser.Handler {

		final List<String> events = new ArrayList<>();

		boolean tooLong;

		int stopAfter = Integer.MAX_VALUE;

		@Override
		public boolean event(byte[] data, int offset, int length) {
			this.events.add(new String(data, offset, length, StandardCharsets.UTF_8));
			return this.events.size() < this.stopAfter;
		}

		@Override
		public void tooLong() {
			this.tooLong = true;
		}

	}

}
