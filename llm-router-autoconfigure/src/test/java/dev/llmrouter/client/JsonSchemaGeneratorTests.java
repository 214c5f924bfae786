package dev.llmrouter.client;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.llmrouter.client.JsonSchemaGenerator.UnsupportedTypeException;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The JSON Schema generated for structured-output return types, in the form OpenAI's
 * strict mode accepts, and the types it refuses.
 */
class JsonSchemaGeneratorTests {

	private static final JsonMapper mapper = JsonMapper.builder().build();

	@Test
	void whenRecordThenClosedObjectWithEveryPropertyRequired() {
		JsonNode schema = schema(Person.class);
		assertThat(schema.get("type").asString()).isEqualTo("object");
		assertThat(schema.get("additionalProperties").asBoolean()).isFalse();
		assertThat(strings(schema.get("required"))).containsExactly("name", "age", "nickname", "email");
		assertThat(schema.get("properties").get("name").get("type").asString()).isEqualTo("string");
		assertThat(schema.get("properties").get("age").get("type").asString()).isEqualTo("integer");
	}

	@Test
	void whenPropertyIsNullableOrOptionalThenItsTypeIsAUnionWithNull() {
		JsonNode properties = schema(Person.class).get("properties");
		assertThat(strings(properties.get("nickname").get("type"))).containsExactly("string", "null");
		assertThat(strings(properties.get("email").get("type"))).containsExactly("string", "null");
	}

	@Test
	void whenJacksonAnnotationsThenNamesAndDescriptionsFollowThem() {
		JsonNode schema = schema(Annotated.class);
		assertThat(schema.get("description").asString()).isEqualTo("A product review");
		assertThat(strings(schema.get("required"))).containsExactly("review_text", "stars");
		assertThat(schema.get("properties").get("stars").get("description").asString()).isEqualTo("1 to 5");
	}

	@Test
	void whenMapperHasANamingStrategyThenPropertyNamesFollowIt() {
		JsonMapper snakeCase = JsonMapper.builder().propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();
		JsonNode schema = new JsonSchemaGenerator(snakeCase).objectSchema(snakeCase.constructType(Times.class));
		assertThat(schema.get("properties").propertyNames()).contains("created_at", "due_on");
	}

	@Test
	void whenJavaTimeTypesThenStringsWithFormats() {
		JsonNode properties = schema(Times.class).get("properties");
		assertThat(properties.get("createdAt").get("type").asString()).isEqualTo("string");
		assertThat(properties.get("createdAt").get("format").asString()).isEqualTo("date-time");
		assertThat(properties.get("dueOn").get("format").asString()).isEqualTo("date");
		assertThat(properties.get("timeout").get("format").asString()).isEqualTo("duration");
		assertThat(properties.get("id").get("format").asString()).isEqualTo("uuid");
		assertThat(properties.get("localStart").has("format")).isFalse();
		assertThat(properties.get("localStart").get("description").asString()).contains("ISO-8601");
	}

	@Test
	void whenEnumThenItsValuesAsJacksonWritesThem() {
		JsonNode properties = schema(Ticket.class).get("properties");
		assertThat(strings(properties.get("priority").get("enum"))).containsExactly("low", "HIGH");
		assertThat(strings(properties.get("previous").get("type"))).containsExactly("string", "null");
		assertThat(properties.get("previous").get("enum").get(2).isNull()).isTrue();
	}

	@Test
	void whenCollectionsArraysAndMapsThenArraysAndOpenObjects() {
		JsonNode properties = schema(Ticket.class).get("properties");
		assertThat(properties.get("tags").get("type").asString()).isEqualTo("array");
		assertThat(properties.get("tags").get("items").get("type").asString()).isEqualTo("string");
		assertThat(properties.get("scores").get("items").get("type").asString()).isEqualTo("number");
		assertThat(properties.get("labels").get("type").asString()).isEqualTo("object");
		assertThat(properties.get("labels").get("additionalProperties").get("type").asString()).isEqualTo("integer");
	}

	@Test
	void whenNestedRecordThenWrittenInPlaceAndNullableOneAlsoAcceptsNull() {
		JsonNode properties = schema(Ticket.class).get("properties");
		assertThat(properties.get("owner").get("type").asString()).isEqualTo("object");
		assertThat(strings(properties.get("owner").get("required"))).containsExactly("name", "age", "nickname",
				"email");
		assertThat(strings(properties.get("reviewer").get("type"))).containsExactly("object", "null");
		assertThat(schema(Ticket.class).has("$defs")).isFalse();
	}

	@Test
	void whenRootRefersToItselfThenReferenceToTheRoot() {
		JsonNode schema = schema(TreeNode.class);
		assertThat(schema.get("properties").get("children").get("items").get("$ref").asString()).isEqualTo("#");
	}

	@Test
	void whenNestedTypeRefersToItselfThenDefinedOnceUnderDefs() {
		JsonNode schema = schema(Document.class);
		assertThat(schema.get("properties").get("root").get("$ref").asString()).isEqualTo("#/$defs/Section");
		JsonNode section = schema.get("$defs").get("Section");
		assertThat(section.get("properties").get("subsections").get("items").get("$ref").asString())
			.isEqualTo("#/$defs/Section");
		assertThat(section.get("additionalProperties").asBoolean()).isFalse();
		JsonNode parent = section.get("properties").get("parent").get("anyOf");
		assertThat(parent.get(0).get("$ref").asString()).isEqualTo("#/$defs/Section");
		assertThat(parent.get(1).get("type").asString()).isEqualTo("null");
	}

	@Test
	void whenListRootThenWrappedInAnObjectWithOneProperty() {
		JsonNode schema = new JsonSchemaGenerator(mapper).wrapperSchema("items",
				mapper.getTypeFactory().constructCollectionType(List.class, Person.class));
		assertThat(schema.get("type").asString()).isEqualTo("object");
		assertThat(strings(schema.get("required"))).containsExactly("items");
		assertThat(schema.get("additionalProperties").asBoolean()).isFalse();
		assertThat(schema.get("properties").get("items").get("items").get("type").asString()).isEqualTo("object");
	}

	@Test
	void whenPropertyIsObjectThenUnsupportedNamingItsPath() {
		assertThatExceptionOfType(UnsupportedTypeException.class).isThrownBy(() -> schema(Loose.class))
			.withMessageStartingWith("Loose.payload has type Object: use a String, boolean, number");
	}

	@Test
	void whenPropertyIsBinaryThenUnsupported() {
		assertThatExceptionOfType(UnsupportedTypeException.class).isThrownBy(() -> schema(Binary.class))
			.withMessage("Binary.data has type [B: binary data has no JSON Schema the providers accept");
	}

	@Test
	void whenTypeHasNoPropertiesThenUnsupported() {
		assertThatExceptionOfType(UnsupportedTypeException.class).isThrownBy(() -> schema(Empty.class))
			.withMessageContaining("which has no properties Jackson can set");
	}

	private static JsonNode schema(Class<?> type) {
		return new JsonSchemaGenerator(mapper).objectSchema(mapper.constructType(type));
	}

	private static List<String> strings(JsonNode array) {
		return array.valueStream().map(JsonNode::asString).toList();
	}

	record Person(String name, int age, @Nullable String nickname, Optional<String> email) {

	}

	@JsonClassDescription("A product review")
	record Annotated(@JsonProperty("review_text") String text, @JsonPropertyDescription("1 to 5") int stars,
			@JsonIgnore @Nullable String internal) {

	}

	record Times(Instant createdAt, LocalDate dueOn, Duration timeout, UUID id, LocalDateTime localStart) {

	}

	enum Priority {

		@JsonProperty("low")
		LOW, HIGH

	}

	record Ticket(Priority priority, @Nullable Priority previous, Set<String> tags, double[] scores,
			Map<String, Integer> labels, Person owner, @Nullable Person reviewer) {

	}

	record TreeNode(String label, List<TreeNode> children) {

	}

	record Section(String title, List<Section> subsections, @Nullable Section parent) {

	}

	record Document(String name, Section root) {

	}

	record Loose(String name, Object payload) {

	}

	record Binary(String name, byte[] data) {

	}

	static class Empty {

	}

}
