package io.github.ecspreflight.common;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * JSON trees read and written with Jackson's streaming parser and generator, never an {@code ObjectMapper}: building
 * one costs about 200 ms in a fresh JVM (its introspection, type and serializer machinery), which every build that
 * checks an image would pay, for documents this plugin only ever reads as trees and writes from trees.
 *
 * <p>Read as {@code ObjectMapper.readTree} reads: a repeated member's last value wins, integers are the smallest of
 * int, long and big integer, other numbers doubles; an empty document is the missing node. Iterative, so that a
 * deeply nested document cannot overflow the stack here (Jackson's own nesting limit still applies).
 */
public final class JsonTrees {

    private static final JsonFactory FACTORY = JsonFactory.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonTrees() {}

    /**
     * The document's tree; {@link MissingNode} when it has no value at all.
     *
     * @throws IOException when it is not JSON ({@link JacksonException}) or not in an encoding JSON may have (a
     *     {@code CharConversionException}), as {@code ObjectMapper.readTree(byte[])} throws them
     */
    public static JsonNode read(byte[] json) throws IOException {
        try (JsonParser parser = FACTORY.createParser(json)) {
            return read(parser);
        }
    }

    /** @throws JacksonException when it is not JSON, as {@code ObjectMapper.readTree(String)} throws it */
    public static JsonNode read(String json) throws JacksonException {
        try (JsonParser parser = FACTORY.createParser(json)) {
            return read(parser);
        } catch (JacksonException e) {
            throw e;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e); // characters in memory: nothing else can fail
        }
    }

    private static JsonNode read(JsonParser parser) throws IOException {
        JsonToken token = parser.nextToken();
        if (token == null) {
            return MissingNode.getInstance();
        }
        Deque<JsonNode> open = new ArrayDeque<>();
        Deque<String> names = new ArrayDeque<>();
        JsonNode root = null;
        for (; token != null; token = open.isEmpty() ? null : parser.nextToken()) {
            JsonNode value;
            switch (token) {
                case START_OBJECT -> value = NODES.objectNode();
                case START_ARRAY -> value = NODES.arrayNode();
                case FIELD_NAME -> {
                    names.push(parser.currentName());
                    continue;
                }
                case END_OBJECT, END_ARRAY -> {
                    JsonNode done = open.pop();
                    if (open.isEmpty()) {
                        root = done;
                    }
                    continue;
                }
                case VALUE_STRING -> value = NODES.textNode(parser.getText());
                case VALUE_NUMBER_INT ->
                    value = switch (parser.getNumberType()) {
                        case INT -> NODES.numberNode(parser.getIntValue());
                        case LONG -> NODES.numberNode(parser.getLongValue());
                        default -> NODES.numberNode(parser.getBigIntegerValue());
                    };
                case VALUE_NUMBER_FLOAT -> value = NODES.numberNode(parser.getDoubleValue());
                case VALUE_TRUE -> value = NODES.booleanNode(true);
                case VALUE_FALSE -> value = NODES.booleanNode(false);
                case VALUE_NULL -> value = NODES.nullNode();
                default -> throw new JsonParseException(parser, "unexpected token " + token);
            }
            if (open.isEmpty()) {
                root = value;
            } else if (open.peek() instanceof ObjectNode object) {
                object.set(names.pop(), value);
            } else {
                ((ArrayNode) open.peek()).add(value);
            }
            if (value.isContainerNode()) {
                open.push(value);
            }
        }
        return root;
    }

    /** Writes the tree indented, as {@code ObjectMapper} with {@code INDENT_OUTPUT} writes it. */
    public static void writePretty(OutputStream out, JsonNode tree) throws IOException {
        try (JsonGenerator generator = FACTORY.createGenerator(out)) {
            generator.setPrettyPrinter(new DefaultPrettyPrinter());
            write(generator, tree);
        }
    }

    /** The tree as compact UTF-8 JSON. */
    public static byte[] bytes(JsonNode tree) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator generator = FACTORY.createGenerator(out)) {
            write(generator, tree);
        }
        return out.toByteArray();
    }

    /** Recursive: the trees written are the plugin's own reports and the small documents it rewrites. */
    private static void write(JsonGenerator generator, JsonNode node) throws IOException {
        switch (node.getNodeType()) {
            case OBJECT -> {
                generator.writeStartObject();
                for (java.util.Map.Entry<String, JsonNode> member : node.properties()) {
                    generator.writeFieldName(member.getKey());
                    write(generator, member.getValue());
                }
                generator.writeEndObject();
            }
            case ARRAY -> {
                generator.writeStartArray();
                for (JsonNode element : node) {
                    write(generator, element);
                }
                generator.writeEndArray();
            }
            case STRING -> generator.writeString(node.textValue());
            case NUMBER -> {
                switch (node.numberType()) {
                    case INT -> generator.writeNumber(node.intValue());
                    case LONG -> generator.writeNumber(node.longValue());
                    case BIG_INTEGER -> generator.writeNumber(node.bigIntegerValue());
                    case FLOAT -> generator.writeNumber(node.floatValue());
                    case BIG_DECIMAL -> generator.writeNumber(node.decimalValue());
                    default -> generator.writeNumber(node.doubleValue());
                }
            }
            case BOOLEAN -> generator.writeBoolean(node.booleanValue());
            case BINARY -> generator.writeBinary(node.binaryValue());
            case NULL -> generator.writeNull();
            default -> throw new IllegalArgumentException("not a JSON value: " + node.getNodeType());
        }
    }
}
