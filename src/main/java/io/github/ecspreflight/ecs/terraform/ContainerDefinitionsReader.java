package io.github.ecspreflight.ecs.terraform;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.ecspreflight.common.PreflightException;
import io.github.ecspreflight.common.SourceLocation;
import io.github.ecspreflight.decode.LocatedJson;
import io.github.ecspreflight.ecs.ContainerDefinition;
import io.github.ecspreflight.ecs.TaskDefinition;
import io.github.ecspreflight.ecs.json.TaskDefinitionJsonReader;
import io.github.ecspreflight.hcl.Body;
import io.github.ecspreflight.hcl.JsonValues;
import io.github.ecspreflight.hcl.Value;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An {@code aws_ecs_task_definition}'s {@code container_definitions}, in each way Terraform users write it:
 * {@code jsonencode([...])} of HCL objects, a heredoc, {@code file()} or {@code templatefile()} of a JSON file. The
 * JSON is read by {@link TaskDefinitionJsonReader}, so it is judged exactly as an ECS task definition would be, and
 * each container points at the line where its object starts in whichever file it is written.
 */
final class ContainerDefinitionsReader {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** The awslogs options an unknown map may hold: each is unknown too, so none is reported missing. */
    private static final List<String> AWSLOGS_OPTIONS =
            List.of("awslogs-group", "awslogs-region", "awslogs-stream-prefix");

    private ContainerDefinitionsReader() {}

    static List<ContainerDefinition> read(TerraformModule module, TerraformModule.Resource resource)
            throws PreflightException {
        Body.Attribute attribute = resource.body()
                .attribute("container_definitions")
                .orElseThrow(() -> new PreflightException("taskDefinition " + resource.location() + ": "
                        + resource.address() + " has no container_definitions"));
        SourceLocation at = HclPositions.located(attribute.span().location());
        Value value = module.evaluate(attribute.expr(), resource.scope());
        if (value instanceof Value.Str str && str.encoded() != null) {
            return fromValue(str.encoded(), resource, at);
        }
        if (value instanceof Value.Str str) {
            return readJson(str.text(), str.origin() != null ? HclPositions.located(str.origin()) : at);
        }
        if (value instanceof Value.Unknown unknown) {
            throw unknown(resource, at, unknown);
        }
        throw new PreflightException("taskDefinition " + at + ": " + resource.address() + " container_definitions must "
                + "be a JSON string (jsonencode([...]), a heredoc or file(...)), found " + Value.typeName(value));
    }

    /**
     * Names what the definitions depend on, never the expression itself: it may spell out environment values
     * ({@code value = "hunter2"}) beside the reference that made it unknown.
     */
    private static PreflightException unknown(
            TerraformModule.Resource resource, SourceLocation at, Value.Unknown value) {
        Set<String> references = new LinkedHashSet<>();
        Matcher matcher = REFERENCE.matcher(value.expression());
        while (matcher.find()) {
            references.add(matcher.group());
        }
        return new PreflightException("taskDefinition " + at + ": " + resource.address() + " container_definitions "
                + "depends on " + (references.isEmpty() ? "values" : String.join(", ", references))
                + " that cannot be known without running Terraform; check the plan instead: "
                + "terraform plan -out=plan.out && terraform show -json plan.out > plan.json, and name plan.json");
    }

    /** A Terraform reference: {@code module.x.out}, {@code data.t.n.attr}, {@code var.x}, {@code aws_t.n.attr}. */
    private static final Pattern REFERENCE = Pattern.compile(
            "\\b(?:module|data|var|local|terraform|path|count|each)\\.[A-Za-z0-9_-]+(?:\\.[A-Za-z0-9_-]+)*"
                    + "|\\b[a-z][a-z0-9]*_[a-z0-9_]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");

    /** {@code jsonencode([...])}: each container located where its HCL object is written. */
    private static List<ContainerDefinition> fromValue(
            Value encoded, TerraformModule.Resource resource, SourceLocation at) throws PreflightException {
        if (encoded instanceof Value.Unknown unknown) {
            throw unknown(resource, at, unknown);
        }
        if (!(encoded instanceof Value.Tuple list)) {
            throw new PreflightException("taskDefinition " + at + ": " + resource.address() + " container_definitions "
                    + "must encode a list of container definitions, found " + Value.typeName(encoded));
        }
        ArrayNode array = NODES.arrayNode();
        list.items().forEach(item -> array.add(JsonValues.toJson(item)));
        List<ContainerDefinition> read = readTree(LocatedJson.of(array, at.file(), at.line()));
        List<ContainerDefinition> located = new ArrayList<>();
        for (int i = 0; i < read.size(); i++) {
            Value item = list.items().get(i);
            SourceLocation container =
                    item instanceof Value.Obj obj && obj.location() != null ? HclPositions.located(obj.location()) : at;
            SourceLocation logs =
                    item instanceof Value.Obj obj && obj.keyLocations().containsKey("logConfiguration")
                            ? HclPositions.located(obj.keyLocations().get("logConfiguration"))
                            : container;
            located.add(read.get(i).locatedAt(container, logs));
        }
        return located;
    }

    /**
     * Reads JSON text (heredoc, {@code file()}, {@code templatefile()}) from
     * {@code origin}'s line of its file, so that both locations and syntax errors name the line the user wrote.
     */
    private static List<ContainerDefinition> readJson(String json, SourceLocation origin) throws PreflightException {
        return readTree(LocatedJson.parse(
                quoteBareUnknowns(json).getBytes(StandardCharsets.UTF_8),
                origin.file(),
                LocatedJson.Syntax.JSON,
                LocatedJson.TagHandler.IGNORE,
                origin.line()));
    }

    /**
     * An unknown interpolated where JSON wants a number, a bool or a whole value ({@code "cpu": ${var.cpu}}) is
     * written as a JSON string of its placeholder, so that it reads as unknown instead of as a syntax error. Nothing
     * moves to another line, so every location stays where the user wrote it.
     */
    static String quoteBareUnknowns(String json) {
        if (!json.contains("${")) {
            return json;
        }
        StringBuilder out = new StringBuilder(json.length() + 16);
        boolean inString = false;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (inString) {
                out.append(c);
                if (c == '\\' && i + 1 < json.length()) {
                    out.append(json.charAt(++i));
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
                out.append(c);
            } else if (c == '$' && i + 1 < json.length() && json.charAt(i + 1) == '{') {
                int end = placeholderEnd(json, i + 2);
                if (end < 0) {
                    out.append(c);
                    continue;
                }
                String placeholder = json.substring(i, end + 1);
                out.append('"')
                        .append(placeholder.replace("\\", "\\\\").replace("\"", "\\\""))
                        .append('"');
                i = end;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** The index of the {@code }} that closes a placeholder whose expression starts at {@code from}, or -1. */
    private static int placeholderEnd(String text, int from) {
        int depth = 1;
        boolean quoted = false;
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                return -1;
            }
            if (quoted) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    quoted = false;
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    /** The containers of a {@code containerDefinitions} array, read as the ECS JSON reader reads them. */
    private static List<ContainerDefinition> readTree(LocatedJson located) throws PreflightException {
        JsonNode root = located.root();
        if (root.isArray()) {
            for (int i = 0; i < root.size(); i++) {
                ((ArrayNode) root).set(i, withoutStructuralUnknowns(root.get(i)));
            }
        }
        return TaskDefinitionJsonReader.readContainerDefinitions(located, JsonPointer.empty());
    }

    /**
     * Where an unknown value stands for an object, a list or a bool, the reader would reject the placeholder string;
     * it is replaced by what says least: a container that is not essential, no override of the entrypoint, awslogs
     * options that are each unknown. The placeholder text is kept wherever a string goes, so nothing is invented.
     */
    private static JsonNode withoutStructuralUnknowns(JsonNode container) {
        if (isUnknown(container)) {
            ObjectNode placeholder = NODES.objectNode();
            placeholder.put("name", container.textValue());
            placeholder.put("image", container.textValue());
            placeholder.put("essential", false);
            return placeholder;
        }
        if (!(container instanceof ObjectNode object)) {
            return container;
        }
        if (isUnknown(object.get("essential"))) {
            object.put("essential", false);
        }
        for (String field : List.of("entryPoint", "command", "environment")) {
            if (isUnknown(object.get(field))) {
                object.remove(field);
            }
        }
        JsonNode logs = object.get("logConfiguration");
        if (isUnknown(logs)) {
            ObjectNode replacement = NODES.objectNode();
            replacement.put("logDriver", logs.textValue());
            replacement.set("options", unknownOptions(logs.textValue()));
            object.set("logConfiguration", replacement);
        } else if (logs instanceof ObjectNode logObject && isUnknown(logObject.get("options"))) {
            logObject.set("options", unknownOptions(logObject.get("options").textValue()));
        }
        return object;
    }

    private static ObjectNode unknownOptions(String placeholder) {
        ObjectNode options = NODES.objectNode();
        AWSLOGS_OPTIONS.forEach(option -> options.put(option, placeholder));
        return options;
    }

    private static boolean isUnknown(JsonNode node) {
        return node != null && node.isTextual() && TaskDefinition.isUnknown(node.textValue());
    }
}
