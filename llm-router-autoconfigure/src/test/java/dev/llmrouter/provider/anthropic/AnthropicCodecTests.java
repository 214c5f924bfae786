package dev.llmrouter.provider.anthropic;

import java.nio.charset.StandardCharsets;

import dev.llmrouter.ChatResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fast paths of {@link AnthropicCodec} read what the general reader reads, or leave
 * the body to it: never a different answer.
 */
class AnthropicCodecTests {

	private final AnthropicCodec codec = new AnthropicCodec();

	@ParameterizedTest
	@ValueSource(strings = {
			"{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5\",\"content\":[{\"type\":\"text\",\"text\":\"Hi\"}],\"stop_reason\":\"end_turn\",\"stop_sequence\":null,\"usage\":{\"input_tokens\":12,\"output_tokens\":3}}",
			"{\"content\":[{\"text\":\"a\",\"type\":\"text\"},{\"type\":\"text\",\"text\":\"b\"}],\"stop_reason\":\"max_tokens\",\"type\":\"message\",\"usage\":{\"input_tokens\":1,\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":7,\"cache_creation\":{\"ephemeral_5m_input_tokens\":0},\"output_tokens\":2,\"service_tier\":\"standard\"},\"container\":{\"id\":\"c\"}}",
			"{\"type\":\"message\",\"content\":[],\"stop_reason\":\"pause_turn\",\"model\":\"m\"}" })
	void whenAMessageIsPlainTextThenTheFastPathReadsWhatTheGeneralReaderReads(String json) {
		byte[] body = json.getBytes(StandardCharsets.UTF_8);
		ChatResponse fast = this.codec.readPlainMessage(body);
		assertThat(fast).isNotNull();
		assertThat(fast).isEqualTo(this.codec.readMessageInFull(body, "test", null));
	}

	@ParameterizedTest
	@ValueSource(strings = {
			"{\"type\":\"message\",\"content\":[{\"type\":\"tool_use\",\"id\":\"t\",\"name\":\"f\",\"input\":{}}],\"stop_reason\":\"tool_use\"}",
			"{\"type\":\"message\",\"content\":[{\"type\":\"text\",\"text\":\"no\"}],\"stop_reason\":\"refusal\"}",
			"{\"type\":\"message\",\"content\":[{\"type\":\"text\",\"text\":\"x\",\"citations\":[]}],\"stop_reason\":\"end_turn\"}",
			"{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}",
			"{\"type\":\"message\",\"content\":[{\"type\":\"text\",\"text\":\"x\"}],\"stop_reason\":\"end_turn\",\"usage\":{\"input_tokens\":-1}}",
			"{\"type\":\"message\",\"content\":\"x\",\"stop_reason\":\"end_turn\"}", "{not json", "[1]",
			"{\"type\":\"message\",\"content\":[{\"type\":\"text\",\"text\":\"x\"}]}" })
	void whenAMessageIsAnythingElseThenTheFastPathLeavesItToTheGeneralReader(String json) {
		assertThat(this.codec.readPlainMessage(json.getBytes(StandardCharsets.UTF_8))).isNull();
	}

	@ParameterizedTest
	@ValueSource(strings = {
			"{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hel\"}}",
			"{\"delta\":{\"text\":\"Hel\",\"type\":\"text_delta\"},\"index\":3,\"type\":\"content_block_delta\"}" })
	void whenAnEventIsATextDeltaThenItsTextIsRead(String json) {
		byte[] data = json.getBytes(StandardCharsets.UTF_8);
		assertThat(this.codec.textDelta(data, 0, data.length)).isEqualTo("Hel");
	}

	@ParameterizedTest
	@ValueSource(strings = {
			"{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\"}}",
			"{\"type\":\"content_block_delta\",\"index\":-1,\"delta\":{\"type\":\"text_delta\",\"text\":\"x\"}}",
			"{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"x\",\"extra\":1}}",
			"{\"type\":\"content_block_delta\",\"delta\":{\"type\":\"text_delta\",\"text\":\"x\"}}",
			"{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"}}", "{\"type\":\"ping\"}", "{bad",
			"{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"x\"}",
			"{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"x\"}}{}",
			"[1]", "\"x\"", "7", " " })
	void whenAnEventIsAnythingElseThenTheGeneralReaderReadsIt(String json) {
		byte[] data = json.getBytes(StandardCharsets.UTF_8);
		assertThat(this.codec.textDelta(data, 0, data.length)).isNull();
	}

	@Test
	void whenOneStreamMixesEventsThenEachTextDeltaIsReadAfterWhateverCameBefore() {
		String[] others = { "{\"type\":\"message_start\",\"message\":{\"id\":\"m\",\"content\":[{\"a\":[1,{}]}]}}",
				"{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\"}}",
				"{bad", "{\"type\":\"ping\"}{\"type\":\"ping\"}", "[1,[2]]", "\"x\"",
				"{\"type\":\"content_block_delta\",\"index\":0", "{\"type\":\"ping\"}" };
		for (int i = 0; i < 200; i++) {
			String text = "t" + i + " \\\"é\\u00e9";
			byte[] delta = ("{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\""
					+ text + "\"}}")
				.getBytes(StandardCharsets.UTF_8);
			byte[] padded = new byte[delta.length + 4];
			System.arraycopy(delta, 0, padded, 2, delta.length);
			assertThat(this.codec.textDelta(padded, 2, delta.length)).isEqualTo("t" + i + " \"éé");
			byte[] other = others[i % others.length].getBytes(StandardCharsets.UTF_8);
			assertThat(this.codec.textDelta(other, 0, other.length)).isNull();
		}
		byte[] after = "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"text_delta\",\"text\":\"z\"}}"
			.getBytes(StandardCharsets.UTF_8);
		assertThat(this.codec.textDelta(after, 0, after.length)).isEqualTo("z");
	}

}
