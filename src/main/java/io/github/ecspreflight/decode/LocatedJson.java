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
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Map;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * A JSON or YAML document read into a {@link JsonNode} tree together with the 1-based line of every value, so
 * that findings can point at the line to edit.
 *
 * <p>The file is read in one streaming pass that builds the tree and records, for each member of an object or
 * array, the line of its field name (for object members) or of the value itself (for array elements), and
 * separately the line where the value starts. The lines are kept as two ints per member in an array owned by
 * the container (found by identity), not as a map keyed by pointer strings: that map cost about 70 bytes of
 * heap per input byte on an array of small numbers, these arrays cost 8 bytes per value. Errors are
 * {@link PreflightException}s with a one-line message that names the input ({@code taskDefinition FILE}) and
 * the cause.
 */
public final class LocatedJson {

    /** The parameter through which the user names these files; it prefixes every error message. */
    static final String INPUT = "taskDefinition";

    private static final JsonFactory JSON_FACTORY = JsonFactory.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Built on the first YAML document: most builds read only JSON, and SnakeYAML costs a cold JVM ~10 ms. */
    private static final class Yaml {
        // typed as its supertype, so that verifying LocatedJson does not load YAMLFactory to check the assignment
        static final JsonFactory FACTORY = YAMLFactory.builder().build();
    }

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
    private final int rootLine;

    /**
     * For each object or array of the tree, by identity: {@code [nameLine0, valueLine0, nameLine1, ...]}, one pair
     * per member in the container's own order. Containers built elsewhere (tag rewrites, {@link #of}) have none and
     * are located at their nearest recorded ancestor.
     */
    private final Map<JsonNode, int[]> memberLines;

    private LocatedJson(String displayName, JsonNode root, int rootLine, Map<JsonNode, int[]> memberLines) {
        this.displayName = displayName;
        this.root = root;
        this.rootLine = rootLine;
        this.memberLines = memberLines;
    }

    /**
     * A tree built elsewhere (an HCL value, as {@code jsonencode} would write it), every value of it located at one
     * line: no text is written and read again. The caller points its parts at their own lines where it knows them.
     */
    public static LocatedJson of(JsonNode root, String displayName, int line) {
        return new LocatedJson(displayName, root, line, Map.of());
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
        JsonFactory factory = syntax == Syntax.YAML ? Yaml.FACTORY : JSON_FACTORY;
        try (JsonParser parser = factory.createParser(content)) {
            Builder builder = new Builder(parser, tags == null ? TagHandler.IGNORE : tags, offset);
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new PreflightException(
                        prefix(displayName) + ": file is empty, expected a " + syntax.label() + " document");
            }
            int rootLine = builder.line();
            JsonNode root = builder.value();
            if (syntax == Syntax.JSON) {
                JsonToken trailing = parser.nextToken();
                if (trailing != null) {
                    JsonLocation at = parser.currentTokenLocation();
                    throw new PreflightException(prefix(displayName) + ": JSON syntax error at line "
                            + (at.getLineNr() + offset) + ", column " + at.getColumnNr()
                            + ": unexpected content after the end of the JSON document");
                }
            }
            return new LocatedJson(displayName, root, rootLine, builder.memberLines);
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
        return new SourceLocation(displayName, lineOf(pointer, NAME_LINE, false));
    }

    /** {@link #locate(JsonPointer)} for a pointer such as {@code /containerDefinitions/0/image}. */
    public SourceLocation locate(String pointer) {
        return locate(JsonPointer.compile(pointer));
    }

    /**
     * The line where the value at {@code pointer} itself starts (for an object, its <code>{</code>); differs from
     * {@link #locate(JsonPointer)} only when a value is written on a later line than its field name.
     */
    public SourceLocation locateValue(JsonPointer pointer) {
        return new SourceLocation(displayName, lineOf(pointer, VALUE_LINE, false));
    }

    /** {@link #locateValue(JsonPointer)} for a pointer string. */
    public SourceLocation locateValue(String pointer) {
        return locateValue(JsonPointer.compile(pointer));
    }

    /** The located value at {@code pointer}, or {@code null} when it has no recorded line. */
    public SourceLocation locateExactly(JsonPointer pointer) {
        int line = lineOf(pointer, NAME_LINE, true);
        return line < 0 ? null : new SourceLocation(displayName, line);
    }

    /** An error about the value at {@code pointer}: {@code taskDefinition FILE:LINE: message}. */
    public PreflightException error(JsonPointer pointer, String message) {
        return new PreflightException(INPUT + " " + locate(pointer) + ": " + message);
    }

    /** An error about the whole file: {@code taskDefinition FILE: message}. */
    public PreflightException error(String message) {
        return new PreflightException(prefix(displayName) + ": " + message);
    }

    private static final int NAME_LINE = 0;
    private static final int VALUE_LINE = 1;

    /**
     * Walks {@code pointer} down from the root. Returns the line ({@code which} of the pair) of the deepest member
     * reached, or -1 when {@code exactly} and the pointer does not reach a recorded member.
     */
    private int lineOf(JsonPointer pointer, int which, boolean exactly) {
        JsonNode node = root;
        int line = rootLine;
        for (JsonPointer p = pointer; p != null && !p.matches(); p = p.tail()) {
            int[] lines = memberLines.get(node);
            int index = lines == null ? -1 : memberIndex(node, p);
            if (index < 0 || 2 * index + 1 >= lines.length) {
                return exactly ? -1 : line;
            }
            line = lines[2 * index + which];
            node = node.isObject() ? node.get(p.getMatchingProperty()) : node.get(index);
        }
        return line;
    }

    /** The position of the member that {@code step}'s first segment names in {@code container}, or -1. */
    private static int memberIndex(JsonNode container, JsonPointer step) {
        if (container.isArray()) {
            int index = step.getMatchingIndex();
            return index < container.size() ? index : -1;
        }
        String name = step.getMatchingProperty();
        int index = 0;
        for (var names = container.fieldNames(); names.hasNext(); index++) {
            if (names.next().equals(name)) {
                return index;
            }
        }
        return -1;
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
        final Map<JsonNode, int[]> memberLines = new IdentityHashMap<>();

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

        /** Reads the value at the current token. */
        JsonNode value() throws IOException {
            int valueLine = line();
            String tag = localTag();
            JsonNode node = switch (parser.currentToken()) {
                case START_OBJECT -> object();
                case START_ARRAY -> array();
                case VALUE_STRING -> NODES.textNode(parser.getText());
                case VALUE_NUMBER_INT -> integer();
                case VALUE_NUMBER_FLOAT -> NODES.numberNode(parser.getDecimalValue());
                case VALUE_TRUE -> NODES.booleanNode(true);
                case VALUE_FALSE -> NODES.booleanNode(false);
                case VALUE_NULL -> NODES.nullNode();
                case VALUE_EMBEDDED_OBJECT -> embedded();
                default -> throw new IllegalStateException("unexpected token " + parser.currentToken());
            };
            if (tag == null) {
                return node;
            }
            JsonNode rewritten = tags.apply(tag, node);
            if (rewritten != node && rewritten.isContainerNode() && !memberLines.containsKey(rewritten)) {
                // the long form a tag stands for is written on the tag's line: {"Ref": x} for "!Ref x"
                int[] lines = new int[2 * rewritten.size()];
                Arrays.fill(lines, valueLine);
                memberLines.put(rewritten, lines);
            }
            return rewritten;
        }

        private JsonNode object() throws IOException {
            ObjectNode object = NODES.objectNode();
            MemberLines members = new MemberLines();
            JsonToken token;
            while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                int nameLine = line();
                parser.nextToken();
                int valueLine = line();
                int size = object.size();
                object.set(name, value());
                // a repeated name keeps its first position and takes the last value, as Jackson's own reader does
                int index = object.size() > size
                        ? size
                        : memberIndex(object, JsonPointer.empty().appendProperty(name));
                members.set(index, nameLine, valueLine);
            }
            if (token != JsonToken.END_OBJECT) {
                throw new IllegalStateException("unexpected token " + token);
            }
            memberLines.put(object, members.toArray());
            return object;
        }

        private JsonNode array() throws IOException {
            ArrayNode array = NODES.arrayNode();
            MemberLines members = new MemberLines();
            int index = 0;
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                if (parser.currentToken() == null) {
                    throw new IllegalStateException("unexpected end of input");
                }
                int valueLine = line();
                array.add(value());
                members.set(index++, valueLine, valueLine);
            }
            memberLines.put(array, members.toArray());
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

    /** A growable list of line pairs, one per member, trimmed when its container is complete. */
    private static final class MemberLines {
        private int[] lines = new int[8];
        private int size;

        void set(int index, int nameLine, int valueLine) {
            if (2 * index + 2 > lines.length) {
                lines = Arrays.copyOf(lines, Math.max(2 * lines.length, 2 * index + 2));
            }
            lines[2 * index] = nameLine;
            lines[2 * index + 1] = valueLine;
            size = Math.max(size, 2 * index + 2);
        }

        int[] toArray() {
            return Arrays.copyOf(lines, size);
        }
    }

    @Override
    public String toString() {
        return "LocatedJson[" + displayName + ", " + memberLines.size() + " containers]";
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
