package dev.llmrouter.client;

import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.AnnotatedType;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZonedDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnore;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.DeserializationConfig;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.introspect.AnnotatedClass;
import tools.jackson.databind.introspect.AnnotatedMember;
import tools.jackson.databind.introspect.AnnotatedParameter;
import tools.jackson.databind.introspect.BeanPropertyDefinition;
import tools.jackson.databind.introspect.ClassIntrospector;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Describes a Java type as the JSON Schema that OpenAI's strict structured output
 * accepts: every object closed ({@code additionalProperties: false}) with all its
 * properties required, a nullable property (an {@link Optional}, or one annotated with
 * any {@code @Nullable}) as a union with {@code null}. Property names are the ones the
 * given mapper reads, so {@code @JsonProperty}, {@code @JsonIgnore} and the mapper's
 * naming strategy are honoured, as are {@code @JsonPropertyDescription} and
 * {@code @JsonClassDescription}. A type that refers back to itself is defined once under
 * {@code $defs} and referred to with {@code $ref} ({@code "#"} for the root); other
 * nested types are written in place.
 *
 * @author llm-router
 */
final class JsonSchemaGenerator {

	private static final Set<Class<?>> STRINGS = Set.of(String.class, char.class, Character.class, URI.class);

	private static final Set<Class<?>> INTEGERS = Set.of(byte.class, Byte.class, short.class, Short.class, int.class,
			Integer.class, long.class, Long.class, BigInteger.class);

	private static final Set<Class<?>> NUMBERS = Set.of(float.class, Float.class, double.class, Double.class,
			BigDecimal.class);

	private static final Map<Class<?>, String> FORMATS = Map.of(Instant.class, "date-time", OffsetDateTime.class,
			"date-time", ZonedDateTime.class, "date-time", LocalDate.class, "date", OffsetTime.class, "time",
			Duration.class, "duration", UUID.class, "uuid");

	private static final Map<Class<?>, String> DESCRIBED = Map.of(LocalDateTime.class,
			"A local date-time without offset, ISO-8601, such as 2025-01-31T14:30:00", LocalTime.class,
			"A local time without offset, ISO-8601, such as 14:30:00");

	private static final List<String> PLATFORM_PACKAGES = List.of("java.", "javax.", "jdk.", "sun.", "tools.jackson.",
			"com.fasterxml.jackson.", "reactor.");

	private final JsonMapper mapper;

	private final DeserializationConfig config;

	private final ClassIntrospector introspector;

	JsonSchemaGenerator(JsonMapper mapper) {
		this.mapper = mapper;
		this.config = mapper.deserializationConfig();
		this.introspector = this.config.classIntrospectorInstance().forOperation(this.config);
	}

	/**
	 * Whether a type is a record or POJO that the generator describes as an object.
	 * @param type the type
	 * @return whether it is one
	 */
	boolean isObject(JavaType type) {
		return kindOf(type) == Kind.OBJECT;
	}

	/**
	 * The schema of an object type: the object at the root.
	 * @param type a record or POJO
	 * @return the schema
	 * @throws UnsupportedTypeException if a part of the type cannot be described
	 */
	ObjectNode objectSchema(JavaType type) {
		Generation generation = new Generation(type);
		return generation.finish(generation.object(type, type.getRawClass().getSimpleName()));
	}

	/**
	 * The schema of an object with one required property, for a root that is not an
	 * object (a list, a set or an enum).
	 * @param property the property's name
	 * @param type the property's type
	 * @return the schema
	 * @throws UnsupportedTypeException if a part of the type cannot be described
	 */
	ObjectNode wrapperSchema(String property, JavaType type) {
		Generation generation = new Generation(type);
		ObjectNode properties = JsonNodeFactory.instance.objectNode();
		properties.set(property, generation.schema(type, false, property));
		return generation.finish(closedObject(properties, List.of(property)));
	}

	private Kind kindOf(JavaType type) {
		Class<?> raw = type.getRawClass();
		if (STRINGS.contains(raw) || FORMATS.containsKey(raw) || DESCRIBED.containsKey(raw)) {
			return Kind.STRING;
		}
		if (raw == boolean.class || raw == Boolean.class) {
			return Kind.BOOLEAN;
		}
		if (INTEGERS.contains(raw)) {
			return Kind.INTEGER;
		}
		if (NUMBERS.contains(raw)) {
			return Kind.NUMBER;
		}
		if (type.isEnumType()) {
			return Kind.ENUM;
		}
		if (raw == byte[].class) {
			return Kind.UNSUPPORTED;
		}
		if (type.isArrayType() || type.isCollectionLikeType()) {
			return Kind.ARRAY;
		}
		if (type.isMapLikeType()) {
			return (type.getKeyType().getRawClass() == String.class) ? Kind.MAP : Kind.UNSUPPORTED;
		}
		if (raw == Optional.class) {
			return Kind.OPTIONAL;
		}
		if (raw.isInterface() || raw.isPrimitive() || raw.isArray() || Modifier.isAbstract(raw.getModifiers())
				|| isPlatformType(raw)) {
			return Kind.UNSUPPORTED;
		}
		return Kind.OBJECT;
	}

	private static boolean isPlatformType(Class<?> raw) {
		String name = raw.getName();
		return PLATFORM_PACKAGES.stream().anyMatch(name::startsWith);
	}

	private List<BeanPropertyDefinition> properties(JavaType type) {
		AnnotatedClass annotated = this.introspector.introspectClassAnnotations(type);
		BeanDescription description = this.introspector.introspectForDeserialization(type, annotated);
		return description.findProperties()
			.stream()
			.filter(BeanPropertyDefinition::couldDeserialize)
			.filter((property) -> !isIgnoredComponent(type.getRawClass(), property))
			.toList();
	}

	/**
	 * Whether a property that only a constructor parameter reaches is a record component
	 * marked {@code @JsonIgnore}: Jackson passes {@code null} for it whatever the answer
	 * says, so the model is not asked for it.
	 */
	private static boolean isIgnoredComponent(Class<?> type, BeanPropertyDefinition property) {
		if (!type.isRecord() || property.getField() != null || property.getSetter() != null) {
			return false;
		}
		for (RecordComponent component : type.getRecordComponents()) {
			if (component.getName().equals(property.getInternalName())) {
				JsonIgnore ignore = component.getAccessor().getAnnotation(JsonIgnore.class);
				if (ignore == null) {
					ignore = component.getAnnotation(JsonIgnore.class);
				}
				return ignore != null && ignore.value();
			}
		}
		return false;
	}

	private @Nullable String classDescription(JavaType type) {
		AnnotatedClass annotated = this.introspector.introspectClassAnnotations(type);
		return this.config.getAnnotationIntrospector().findClassDescription(this.config, annotated);
	}

	private static ObjectNode closedObject(ObjectNode properties, List<String> required) {
		ObjectNode object = JsonNodeFactory.instance.objectNode();
		object.put("type", "object");
		object.set("properties", properties);
		ArrayNode names = object.putArray("required");
		required.forEach(names::add);
		object.put("additionalProperties", false);
		return object;
	}

	private static boolean isAnnotatedNullable(BeanPropertyDefinition property) {
		List<AnnotatedElement> elements = new ArrayList<>();
		List<AnnotatedType> types = new ArrayList<>();
		AnnotatedParameter parameter = property.getConstructorParameter();
		if (parameter != null && parameter.getOwner().getAnnotated() instanceof Executable executable) {
			elements.add(executable.getParameters()[parameter.getIndex()]);
			types.add(executable.getAnnotatedParameterTypes()[parameter.getIndex()]);
		}
		for (AnnotatedMember member : new AnnotatedMember[] { property.getField(), property.getGetter(),
				property.getSetter() }) {
			if (member == null) {
				continue;
			}
			AnnotatedElement element = member.getAnnotated();
			elements.add(element);
			if (element instanceof Field field) {
				types.add(field.getAnnotatedType());
			}
			else if (element instanceof Method method) {
				types.add((method.getParameterCount() == 1) ? method.getAnnotatedParameterTypes()[0]
						: method.getAnnotatedReturnType());
			}
		}
		return elements.stream().anyMatch((element) -> hasNullable(element.getAnnotations()))
				|| types.stream().anyMatch((type) -> hasNullable(type.getAnnotations()));
	}

	private static boolean hasNullable(Annotation[] annotations) {
		for (Annotation annotation : annotations) {
			if (annotation.annotationType().getSimpleName().equals("Nullable")) {
				return true;
			}
		}
		return false;
	}

	private static String describe(JavaType type) {
		return type.toCanonical().replace("java.lang.", "").replace("java.util.", "");
	}

	private enum Kind {

		STRING, BOOLEAN, INTEGER, NUMBER, ENUM, ARRAY, MAP, OPTIONAL, OBJECT, UNSUPPORTED

	}

	/**
	 * A part of a return type has no JSON Schema the generator can write.
	 */
	static final class UnsupportedTypeException extends RuntimeException {

		UnsupportedTypeException(String message) {
			super(message);
		}

	}

	/**
	 * One schema being written: the types that refer back to themselves (found first) and
	 * the definitions written for them.
	 */
	private final class Generation {

		private final JavaType root;

		private final Set<JavaType> recursive = new HashSet<>();

		private final Map<JavaType, String> definitionNames = new LinkedHashMap<>();

		private final ObjectNode definitions = JsonNodeFactory.instance.objectNode();

		Generation(JavaType root) {
			this.root = root;
			findRecursive(root, new ArrayDeque<>(), new HashSet<>(), root.getRawClass().getSimpleName());
		}

		private void findRecursive(JavaType type, Deque<JavaType> path, Set<JavaType> done, String location) {
			Kind kind = kindOf(type);
			switch (kind) {
				case ARRAY, OPTIONAL -> findRecursive(type.getContentType(), path, done, location + "[]");
				case MAP -> findRecursive(type.getContentType(), path, done, location + "{}");
				case OBJECT -> {
					if (path.contains(type)) {
						this.recursive.add(type);
						return;
					}
					if (!done.add(type)) {
						return;
					}
					path.push(type);
					for (BeanPropertyDefinition property : properties(type)) {
						findRecursive(property.getPrimaryType(), path, done, location + "." + property.getName());
					}
					path.pop();
				}
				case UNSUPPORTED -> throw unsupported(type, location);
				default -> {
				}
			}
		}

		ObjectNode finish(ObjectNode rootSchema) {
			if (!this.definitions.isEmpty()) {
				rootSchema.set("$defs", this.definitions);
			}
			return rootSchema;
		}

		ObjectNode schema(JavaType type, boolean nullable, String location) {
			Kind kind = kindOf(type);
			return switch (kind) {
				case STRING -> string(type.getRawClass(), nullable);
				case BOOLEAN -> typed("boolean", nullable);
				case INTEGER -> typed("integer", nullable);
				case NUMBER -> typed("number", nullable);
				case ENUM -> enumeration(type.getRawClass(), nullable);
				case ARRAY -> {
					ObjectNode array = typed("array", nullable);
					array.set("items", schema(type.getContentType(), false, location + "[]"));
					yield array;
				}
				case MAP -> {
					ObjectNode map = typed("object", nullable);
					map.set("additionalProperties", schema(type.getContentType(), false, location + "{}"));
					yield map;
				}
				case OPTIONAL -> schema(type.getContentType(), true, location);
				case OBJECT -> reference(type, nullable, location);
				case UNSUPPORTED -> throw unsupported(type, location);
			};
		}

		private ObjectNode reference(JavaType type, boolean nullable, String location) {
			ObjectNode target;
			if (!this.recursive.contains(type)) {
				target = object(type, location);
				if (nullable) {
					target.set("type", JsonNodeFactory.instance.arrayNode().add("object").add("null"));
				}
				return target;
			}
			target = JsonNodeFactory.instance.objectNode();
			target.put("$ref", type.equals(this.root) ? "#" : "#/$defs/" + define(type, location));
			if (!nullable) {
				return target;
			}
			ObjectNode union = JsonNodeFactory.instance.objectNode();
			union.putArray("anyOf").add(target).add(typed("null", false));
			return union;
		}

		private String define(JavaType type, String location) {
			String name = this.definitionNames.get(type);
			if (name != null) {
				return name;
			}
			String simpleName = type.getRawClass().getSimpleName();
			name = simpleName;
			for (int i = 2; this.definitionNames.containsValue(name); i++) {
				name = simpleName + i;
			}
			this.definitionNames.put(type, name);
			this.definitions.set(name, object(type, location));
			return name;
		}

		ObjectNode object(JavaType type, String location) {
			List<BeanPropertyDefinition> properties = properties(type);
			if (properties.isEmpty()) {
				throw new UnsupportedTypeException(
						location + " has type " + describe(type) + ", which has no properties Jackson can set");
			}
			ObjectNode schemas = JsonNodeFactory.instance.objectNode();
			List<String> names = new ArrayList<>();
			for (BeanPropertyDefinition property : properties) {
				ObjectNode schema = schema(property.getPrimaryType(), isAnnotatedNullable(property),
						location + "." + property.getName());
				String description = property.getMetadata().getDescription();
				if (description != null && !schema.has("$ref") && !schema.has("anyOf")) {
					schema.put("description", description);
				}
				schemas.set(property.getName(), schema);
				names.add(property.getName());
			}
			ObjectNode object = closedObject(schemas, names);
			String description = classDescription(type);
			if (description != null) {
				ObjectNode described = JsonNodeFactory.instance.objectNode();
				described.put("type", "object");
				described.put("description", description);
				described.setAll(object);
				return described;
			}
			return object;
		}

		private ObjectNode string(Class<?> raw, boolean nullable) {
			ObjectNode string = typed("string", nullable);
			String format = FORMATS.get(raw);
			if (format != null) {
				string.put("format", format);
			}
			String description = DESCRIBED.get(raw);
			if (description != null) {
				string.put("description", description);
			}
			return string;
		}

		private ObjectNode enumeration(Class<?> raw, boolean nullable) {
			ObjectNode enumeration = typed("string", nullable);
			ArrayNode values = enumeration.putArray("enum");
			for (Object constant : raw.getEnumConstants()) {
				values.add(JsonSchemaGenerator.this.mapper.valueToTree(constant).asString());
			}
			if (nullable) {
				values.addNull();
			}
			return enumeration;
		}

		private ObjectNode typed(String type, boolean nullable) {
			ObjectNode node = JsonNodeFactory.instance.objectNode();
			if (nullable) {
				node.putArray("type").add(type).add("null");
			}
			else {
				node.put("type", type);
			}
			return node;
		}

		private UnsupportedTypeException unsupported(JavaType type, String location) {
			String hint;
			if (type.isMapLikeType()) {
				hint = "a map's keys must be Strings";
			}
			else if (type.getRawClass() == byte[].class) {
				hint = "binary data has no JSON Schema the providers accept";
			}
			else {
				hint = "use a String, boolean, number, enum, java.time type, record, POJO, "
						+ "List, Set, array, Map<String, ..> or Optional of them";
			}
			return new UnsupportedTypeException(location + " has type " + describe(type) + ": " + hint);
		}

	}

}
