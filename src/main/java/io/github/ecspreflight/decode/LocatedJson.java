package io.github.ecspreflight.decode;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.github.ecspreflight.common.InputFiles;
import io.github.ecspreflight.common.Messages;
import io.github.ecspreflight.common.PreflightException;
import io.github.ecspreflight.common.SourceLocation;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * A JSON or YAML document read into a {@link JsonNode} tree together with the 1-based line of every value, so
 * that findings can point at the line to edit.
 *
 * <p>The file is read in one streaming pass that builds the tree and records, for each JSON Pointer, the line of
 * the member's field name (for object members) or of the value itself (for the root and array elements), and
 * separately the line where each value starts. Errors are {@link PreflightException}s with a one-line message
 * that names the input ({@code taskDefinition FILE}) and the cause.
 */
public final class LocatedJson {

    /** The parameter through which the user names these files; it prefixes every error message. */
    static final String INPUT = "taskDefinition";

    private static final JsonFactory JSON_FACTORY = JsonFactory.builder().build();
    private static final YAMLFactory YAML_FACTORY = YAMLFactory.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** The syntax a document is written in. */
    public enum Syntax {
        JSON,
        YAML;

        String label() {
            return name();
        }
    }

    /**
     * Rewrites a YAML node that carries a local tag ({@code !Ref x}). Returns the node to put in the tree.
     * Standard tags ({@code !!str}, which arrive as {@code tag:yaml.org,2002:str}) are never passed here.
     */
    @FunctionalInterface
    public interface TagHandler {

        JsonNode apply(String tag, JsonNode value);

        /** Keeps the value as if it were untagged. */
        TagHandler IGNORE = (tag, value) -> value;

        /**
         * CloudFormation's short-form intrinsic functions as their long form: {@code !Ref x} is
         * {@code {"Ref": "x"}}, {@code !Condition c} is {@code {"Condition": "c"}}, {@code !GetAtt a.b} is
         * {@code {"Fn::GetAtt": ["a", "b"]}}, and any other {@code !Name v} is {@code {"Fn::Name": v}}.
         */
        TagHandler CLOUDFORMATION = (tag, value) -> {
            ObjectNode wrapper = NODES.objectNode();
            switch (tag) {
                case "Ref", "Condition" -> wrapper.set(tag, value);
                case "GetAtt" -> {
                    if (value.isTextual() && value.asText().indexOf('.') > 0) {
                        String text = value.asText();
                        int dot = text.indexOf('.');
                        ArrayNode parts = NODES.arrayNode();
                        parts.add(text.substring(0, dot));
                        parts.add(text.substring(dot + 1));
                        wrapper.set("Fn::GetAtt", parts);
                    } else {
                        wrapper.set("Fn::GetAtt", value);
                    }
                }
                default -> wrapper.set("Fn::" + tag, value);
            }
            return wrapper;
        };
    }

    private final String displayName;
    private final JsonNode root;
    private final Map<String, Integer> lines;
    private final Map<String, Integer> valueLines;

    private LocatedJson(
            String displayName, JsonNode root, Map<String, Integer> lines, Map<String, Integer> valueLines) {
        this.displayName = displayName;
        this.root = root;
        this.lines = lines;
        this.valueLines = valueLines;
    }

    /**
     * A tree built elsewhere (an HCL value, as {@code jsonencode} would write it), every value of it located at one
     * line: no text is written and read again. The caller points its parts at their own lines where it knows them.
     */
    public static LocatedJson of(JsonNode root, String displayName, int line) {
        return new LocatedJson(displayName, root, Map.of("", line), Map.of("", line));
    }

    /** Reads a JSON file. {@code displayName} is the file as the user named it; it is used in locations and errors. */
    public static LocatedJson parse(Path file, String displayName) throws PreflightException {
        return parse(file, displayName, Syntax.JSON, TagHandler.IGNORE);
    }

    /** Reads a YAML file (the first document), rewriting locally tagged nodes with {@code tags}. */
    public static LocatedJson parseYaml(Path file, String displayName, TagHandler tags) throws PreflightException {
        return parse(file, displayName, Syntax.YAML, tags);
    }

    /** Reads a JSON or YAML file. */
    public static LocatedJson parse(Path file, String displayName, Syntax syntax, TagHandler tags)
            throws PreflightException {
        byte[] bytes = readFile(file, displayName);
        return parse(bytes, displayName, syntax, tags);
    }

    /** Reads a JSON or YAML document held in memory (e.g. a resource or a string an API returned). */
    public static LocatedJson parse(byte[] content, String displayName, Syntax syntax, TagHandler tags)
            throws PreflightException {
        return parse(content, displayName, syntax, tags, 1);
    }

    /**
     * Reads a document that is part of a larger file (a heredoc or a string of JSON in a Terraform file): it starts at
     * {@code firstLine} of the file named {@code displayName}, so that its locations and syntax errors name the line
     * the user wrote.
     */
    public static LocatedJson parse(byte[] content, String displayName, Syntax syntax, TagHandler tags, int firstLine)
            throws PreflightException {
        int offset = Math.max(0, firstLine - 1);
        if (isBlank(content)) {
            throw new PreflightException(
                    prefix(displayName) + ": file is empty, expected a " + syntax.label() + " document");
        }
        JsonFactory factory = syntax == Syntax.YAML ? YAML_FACTORY : JSON_FACTORY;
        try (JsonParser parser = factory.createParser(content)) {
            Builder builder = new Builder(parser, tags == null ? TagHandler.IGNORE : tags, offset);
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new PreflightException(
                        prefix(displayName) + ": file is empty, expected a " + syntax.label() + " document");
            }
            JsonNode root = builder.value(JsonPointer.empty(), builder.line());
            if (syntax == Syntax.JSON) {
                JsonToken trailing = parser.nextToken();
                if (trailing != null) {
                    JsonLocation at = parser.currentTokenLocation();
                    throw new PreflightException(prefix(displayName) + ": JSON syntax error at line "
                            + (at.getLineNr() + offset) + ", column " + at.getColumnNr()
                            + ": unexpected content after the end of the JSON document");
                }
            }
            return new LocatedJson(displayName, root, builder.lines, builder.valueLines);
        } catch (JsonProcessingException e) {
            throw syntaxError(displayName, syntax, e, offset);
        } catch (IOException e) {
            throw new PreflightException(
                    prefix(displayName) + ": cannot read file: " + Messages.firstLine(e.getMessage()), e);
        }
    }

    /** The document's root node. */
    public JsonNode root() {
        return root;
    }

    /** The file as the user named it. */
    public String displayName() {
        return displayName;
    }

    /**
     * Where the value at {@code pointer} is written: the line of its field name for an object member, else the line
     * where the value starts. A pointer to nothing falls back to its nearest located ancestor (the root at worst).
     */
    public SourceLocation locate(JsonPointer pointer) {
        return new SourceLocation(displayName, lineOf(lines, pointer));
    }

    /** {@link #locate(JsonPointer)} for a pointer such as {@code /containerDefinitions/0/image}. */
    public SourceLocation locate(String pointer) {
        return locate(JsonPointer.compile(pointer));
    }

    /**
     * The line where the value at {@code pointer} itself starts (for an object, its {@code {}); differs from
     * {@link #locate(JsonPointer)} only when a value is written on a later line than its field name.
     */
    public SourceLocation locateValue(JsonPointer pointer) {
        return new SourceLocation(displayName, lineOf(valueLines, pointer));
    }

    /** {@link #locateValue(JsonPointer)} for a pointer string. */
    public SourceLocation locateValue(String pointer) {
        return locateValue(JsonPointer.compile(pointer));
    }

    /** The located value at {@code pointer}, or {@code null} when it has no recorded line. */
    public SourceLocation locateExactly(JsonPointer pointer) {
        Integer line = lines.get(pointer.toString());
        return line == null ? null : new SourceLocation(displayName, line);
    }

    /** An error about the value at {@code pointer}: {@code taskDefinition FILE:LINE: message}. */
    public PreflightException error(JsonPointer pointer, String message) {
        return new PreflightException(INPUT + " " + locate(pointer) + ": " + message);
    }

    /** An error about the whole file: {@code taskDefinition FILE: message}. */
    public PreflightException error(String message) {
        return new PreflightException(prefix(displayName) + ": " + message);
    }

    private static int lineOf(Map<String, Integer> map, JsonPointer pointer) {
        for (JsonPointer p = pointer; p != null; p = p.head()) {
            Integer line = map.get(p.toString());
            if (line != null) {
                return line;
            }
        }
        return map.getOrDefault("", 0);
    }

    static String prefix(String displayName) {
        return INPUT + " " + displayName;
    }

    private static byte[] readFile(Path file, String displayName) throws PreflightException {
        return InputFiles.read(file, prefix(displayName), InputFiles.MAX_TEXT_BYTES);
    }

    private static boolean isBlank(byte[] content) {
        for (byte b : content) {
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                // a UTF-8 byte order mark alone is still empty
                if (!(content.length == 3
                        && (content[0] & 0xff) == 0xef
                        && (content[1] & 0xff) == 0xbb
                        && (content[2] & 0xff) == 0xbf)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static PreflightException syntaxError(
            String displayName, Syntax syntax, JsonProcessingException e, int offset) {
        JsonLocation at = e.getLocation();
        int line = at == null || at.getLineNr() < 1 ? -1 : at.getLineNr() + offset;
        int column = at == null ? -1 : at.getColumnNr();
        String cause = Messages.jsonCause(e.getOriginalMessage(), offset);
        if (e.getCause() instanceof MarkedYAMLException yaml && yaml.getProblem() != null) {
            // SnakeYAML's first line is its context ("while parsing a flow sequence"); the problem says what is wrong
            cause = Messages.jsonCause(
                    yaml.getProblem() + (yaml.getContext() == null ? "" : " (" + yaml.getContext() + ")"), offset);
            if (yaml.getProblemMark() != null) {
                line = yaml.getProblemMark().getLine() + 1 + offset;
                column = yaml.getProblemMark().getColumn() + 1;
            }
        }
        StringBuilder message = new StringBuilder(prefix(displayName))
                .append(": ")
                .append(syntax.label())
                .append(" syntax error");
        if (line > 0) {
            message.append(" at line ").append(line);
            if (column > 0) {
                message.append(", column ").append(column);
            }
        }
        if (!cause.isEmpty()) {
            message.append(": ").append(cause);
        }
        return new PreflightException(message.toString(), e);
    }

    /** Builds the tree from the parser's tokens, recording lines as it goes. */
    private static final class Builder {
        private final JsonParser parser;
        private final TagHandler tags;
        final Map<String, Integer> lines = new HashMap<>();
        final Map<String, Integer> valueLines = new HashMap<>();

        /** Lines before the document in its file. */
        private final int offset;

        Builder(JsonParser parser, TagHandler tags, int offset) {
            this.parser = parser;
            this.tags = tags;
            this.offset = offset;
        }

        /** The current token's line in the file. */
        int line() {
            return parser.currentTokenLocation().getLineNr() + offset;
        }

        /** Reads the value at the current token; {@code nameLine} is the member's field-name line, if any. */
        JsonNode value(JsonPointer at, int nameLine) throws IOException {
            String key = at.toString();
            int valueLine = line();
            lines.put(key, nameLine > 0 ? nameLine : valueLine);
            valueLines.put(key, valueLine);
            String tag = localTag();
            JsonNode node = switch (parser.currentToken()) {
                case START_OBJECT -> object(at);
                case START_ARRAY -> array(at);
                case VALUE_STRING -> NODES.textNode(parser.getText());
                case VALUE_NUMBER_INT -> integer();
                case VALUE_NUMBER_FLOAT -> NODES.numberNode(parser.getDecimalValue());
                case VALUE_TRUE -> NODES.booleanNode(true);
                case VALUE_FALSE -> NODES.booleanNode(false);
                case VALUE_NULL -> NODES.nullNode();
                case VALUE_EMBEDDED_OBJECT -> embedded();
                default -> throw new IllegalStateException("unexpected token " + parser.currentToken());
            };
            return tag == null ? node : tags.apply(tag, node);
        }

        private JsonNode object(JsonPointer at) throws IOException {
            ObjectNode object = NODES.objectNode();
            JsonToken token;
            while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                int nameLine = line();
                parser.nextToken();
                object.set(name, value(at.appendProperty(name), nameLine));
            }
            if (token != JsonToken.END_OBJECT) {
                throw new IllegalStateException("unexpected token " + token);
            }
            return object;
        }

        private JsonNode array(JsonPointer at) throws IOException {
            ArrayNode array = NODES.arrayNode();
            int index = 0;
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                if (parser.currentToken() == null) {
                    throw new IllegalStateException("unexpected end of input");
                }
                array.add(value(at.appendIndex(index++), 0));
            }
            return array;
        }

        private JsonNode integer() throws IOException {
            return switch (parser.getNumberType()) {
                case INT -> NODES.numberNode(parser.getIntValue());
                case LONG -> NODES.numberNode(parser.getLongValue());
                default -> NODES.numberNode(parser.getBigIntegerValue());
            };
        }

        private JsonNode embedded() throws IOException {
            Object value = parser.getEmbeddedObject();
            if (value instanceof byte[] bytes) {
                return NODES.binaryNode(bytes);
            }
            return value == null ? NODES.nullNode() : NODES.textNode(value.toString());
        }

        /** A YAML local tag such as {@code Ref} for {@code !Ref}; null for JSON, untagged or standard-tagged nodes. */
        private String localTag() throws IOException {
            if (!parser.canReadTypeId()) {
                return null;
            }
            Object typeId = parser.getTypeId();
            if (!(typeId instanceof String tag) || tag.isEmpty() || tag.contains(":")) {
                return null;
            }
            return tag;
        }
    }

    @Override
    public String toString() {
        return "LocatedJson[" + displayName + ", " + lines.size() + " values]";
    }

    /** {@code ", found an object"}: the JSON type of {@code node}, never its value, for messages about wrong types. */
    public static String found(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return ", found nothing";
        }
        String type = switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> "a " + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
        return ", found " + type;
    }
}
