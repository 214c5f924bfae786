package dev.llmrouter.test;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The one JSON mapper the fixture writes its wire bodies with.
 */
final class WireJson {

	static final JsonMapper MAPPER = JsonMapper.builder().build();

	private WireJson() {
	}

	static ObjectNode object() {
		return MAPPER.createObjectNode();
	}

	static ArrayNode array() {
		return MAPPER.createArrayNode();
	}

	static String write(Object node) {
		return MAPPER.writeValueAsString(node);
	}

}
