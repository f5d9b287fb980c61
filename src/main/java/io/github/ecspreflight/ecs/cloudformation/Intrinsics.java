package io.github.ecspreflight.ecs.cloudformation;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.github.ecspreflight.common.PreflightException;
import io.github.ecspreflight.decode.LocatedJson;
import io.github.ecspreflight.ecs.cloudformation.Value.Known;
import io.github.ecspreflight.ecs.cloudformation.Value.Unknown;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * CloudFormation's intrinsic functions, evaluated as far as the template alone allows. A parameter stands for its
 * {@code Default} (the value a deployment gets unless it passes another); pseudo parameters, resource attributes,
 * imports and parameters with no default (or an SSM-typed one, whose default names the value rather than being it)
 * are {@link Value.Unknown}, so that no check ever judges a value made up here.
 */
public final class Intrinsics {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Template template;
    private final Map<String, String> pseudoParameters;
    private final Conditions conditions;
    private final TextFunctions text;

    public Intrinsics(Template template) {
        this(template, Map.of());
    }

    /**
     * @param pseudoParameters values to assume for pseudo parameters, e.g. {@code AWS::Partition} = {@code aws} when
     *     only the name of a managed policy matters
     */
    public Intrinsics(Template template, Map<String, String> pseudoParameters) {
        this.template = template;
        this.pseudoParameters = Map.copyOf(pseudoParameters);
        this.conditions = new Conditions(template, this);
        this.text = new TextFunctions(template, this);
    }

    public Template template() {
        return template;
    }

    /** The value written at {@code at} in the template. */
    public Value resolve(JsonPointer at) throws PreflightException {
        return resolve(template.json().root().at(at), at);
    }

    /**
     * How deep functions may nest through mappings and parameter defaults: real templates stay within a handful, and
     * this stays far below where the stack gives out.
     */
    static final int MAX_DEPTH = 200;

    /** The places being resolved now: meeting one again is a loop (a mapping value that looks itself up). */
    private final java.util.Set<String> resolving = new java.util.HashSet<>();

    /** {@code node}, written at {@code at}, through its functions. */
    public Value resolve(JsonNode node, JsonPointer at) throws PreflightException {
        String place = at.toString();
        if (!resolving.add(place)) {
            throw template.error(
                    at,
                    "refers back to itself (through Fn::FindInMap, a parameter's Default or another "
                            + "function), so CloudFormation could never resolve it");
        }
        if (resolving.size() > MAX_DEPTH) {
            resolving.remove(place);
            throw template.error(at, "functions nest more than " + MAX_DEPTH + " deep here");
        }
        try {
            return resolveOnce(node, at);
        } finally {
            resolving.remove(place);
        }
    }

    private Value resolveOnce(JsonNode node, JsonPointer at) throws PreflightException {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return Value.ABSENT;
        }
        String function = functionName(node);
        if (function == null) {
            return new Known(node, at);
        }
        JsonNode argument = node.get(function);
        JsonPointer argumentAt = at.appendProperty(function);
        return switch (function) {
            case "Ref" -> ref(name(argument, argumentAt, "Ref"), at);
            case "Fn::GetAtt" -> new Unknown("${" + getAtt(argument, argumentAt) + "}");
            case "Fn::If" -> ifThenElse(argument, argumentAt);
            case "Fn::Sub" -> text.sub(argument, argumentAt, at);
            case "Fn::Join" -> text.join(argument, argumentAt, at);
            case "Fn::Select" -> text.select(argument, argumentAt);
            case "Fn::Split" -> text.split(argument, argumentAt, at);
            case "Fn::FindInMap" -> findInMap(argument, argumentAt);
            case "Fn::ImportValue" -> importValue(argument, argumentAt);
            case "Fn::Base64" -> text.base64(argument, argumentAt, at);
            // Fn::GetAZs, Fn::Cidr, Fn::Transform, ...: known only to CloudFormation
            default -> new Unknown("${" + function + "}");
        };
    }

    /**
     * Follows {@code Fn::If} whose condition can be evaluated, and nothing else: the branch taken, still as written
     * ({@code {"Fn::GetAtt": ["Role", "Arn"]}}), so that a caller can see what a value refers to.
     */
    public Value branch(JsonNode node, JsonPointer at) throws PreflightException {
        while ("Fn::If".equals(functionName(node))) {
            JsonNode argument = node.get("Fn::If");
            JsonPointer argumentAt = at.appendProperty("Fn::If");
            String condition = ifCondition(argument, argumentAt);
            Optional<Boolean> holds = conditions.evaluate(condition, argumentAt);
            if (holds.isEmpty()) {
                return new Unknown("${Fn::If:" + condition + "}");
            }
            at = argumentAt.appendIndex(holds.get() ? 1 : 2);
            node = argument.get(holds.get() ? 1 : 2);
        }
        return node == null || node.isNull() || node.isMissingNode() || isNoValue(node)
                ? Value.ABSENT
                : new Known(node, at);
    }

    /** Whether the named condition holds; empty when it depends on what only a deployment knows. */
    public Optional<Boolean> condition(String name, JsonPointer usedAt) throws PreflightException {
        return conditions.evaluate(name, usedAt);
    }

    /**
     * A scalar as text: null when absent, the expression when unknown. An object or array is an error naming
     * {@code what} ({@code Resources.TaskDef.Properties.Family}) and its line.
     */
    public String text(Value value, JsonPointer at) throws PreflightException {
        if (value instanceof Unknown unknown) {
            return unknown.expression();
        }
        if (!(value instanceof Known known)) {
            return null;
        }
        if (known.node().isContainerNode()) {
            throw template.error(at, Paths.describe(at) + " must be a string" + LocatedJson.found(known.node()));
        }
        return known.node().asText();
    }

    /** The function a node calls ({@code Ref}, {@code Fn::Sub}), or null when it is a plain value. */
    public static String functionName(JsonNode node) {
        if (node == null || !node.isObject() || node.size() != 1) {
            return null;
        }
        String name = node.fieldNames().next();
        return name.equals("Ref") || name.startsWith("Fn::") ? name : null;
    }

    private static boolean isNoValue(JsonNode node) {
        return "Ref".equals(functionName(node))
                && "AWS::NoValue".equals(node.get("Ref").asText());
    }

    Value ref(String name, JsonPointer at) {
        if (name.equals("AWS::NoValue")) {
            return Value.ABSENT;
        }
        if (pseudoParameters.containsKey(name)) {
            return new Known(NODES.textNode(pseudoParameters.get(name)), at);
        }
        JsonNode parameter = template.parameter(name);
        if (parameter == null || name.startsWith("AWS::")) {
            // a pseudo parameter or a resource: its value exists only once deployed
            return new Unknown("${" + name + "}");
        }
        String override = template.parameterOverride(name);
        JsonNode fallback = override != null ? NODES.textNode(override) : parameter.get("Default");
        String type = parameter.path("Type").asText("String");
        if (fallback == null || fallback.isNull() || type.startsWith("AWS::SSM::Parameter::Value")) {
            return new Unknown("${" + name + "}");
        }
        if (type.equals("CommaDelimitedList") || type.startsWith("List<")) {
            ArrayNode list = NODES.arrayNode();
            for (String item : fallback.asText().split(",", -1)) {
                list.add(item.trim());
            }
            return new Known(list, at);
        }
        return new Known(fallback.isValueNode() ? NODES.textNode(fallback.asText()) : fallback, at);
    }

    private String getAtt(JsonNode argument, JsonPointer at) throws PreflightException {
        if (argument != null && argument.isTextual() && argument.asText().indexOf('.') > 0) {
            return argument.asText();
        }
        if (argument == null
                || !argument.isArray()
                || argument.size() != 2
                || !argument.get(0).isTextual()) {
            throw template.error(at, "Fn::GetAtt takes [resource, attribute]" + LocatedJson.found(argument));
        }
        String attribute = text(resolve(argument.get(1), at.appendIndex(1)), at.appendIndex(1));
        return argument.get(0).asText() + "." + attribute;
    }

    private Value ifThenElse(JsonNode argument, JsonPointer at) throws PreflightException {
        String condition = ifCondition(argument, at);
        Optional<Boolean> holds = conditions.evaluate(condition, at);
        if (holds.isPresent()) {
            int branch = holds.get() ? 1 : 2;
            return resolve(argument.get(branch), at.appendIndex(branch));
        }
        // Both branches giving the same scalar make the condition irrelevant.
        Value then = resolve(argument.get(1), at.appendIndex(1));
        Value otherwise = resolve(argument.get(2), at.appendIndex(2));
        if (then instanceof Known a
                && otherwise instanceof Known b
                && a.node().isValueNode()
                && a.node().asText().equals(b.node().asText())) {
            return then;
        }
        return new Unknown("${Fn::If:" + condition + "}");
    }

    private String ifCondition(JsonNode argument, JsonPointer at) throws PreflightException {
        if (argument == null
                || !argument.isArray()
                || argument.size() != 3
                || !argument.get(0).isTextual()) {
            throw template.error(
                    at, "Fn::If takes [condition, value if true, value if false]" + LocatedJson.found(argument));
        }
        return argument.get(0).asText();
    }

    private Value findInMap(JsonNode argument, JsonPointer at) throws PreflightException {
        if (argument == null || !argument.isArray() || argument.size() < 3 || argument.size() > 4) {
            throw template.error(
                    at, "Fn::FindInMap takes [map, top-level key, second-level key]" + LocatedJson.found(argument));
        }
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Value key = resolve(argument.get(i), at.appendIndex(i));
            if (!(key instanceof Known)) {
                return new Unknown("${Fn::FindInMap:" + argument.get(0).asText() + "}");
            }
            keys.add(text(key, at.appendIndex(i)));
        }
        JsonNode value = template.mapping(keys.get(0));
        JsonPointer valueAt = JsonPointer.compile("/Mappings").appendProperty(keys.get(0));
        for (String key : keys.subList(1, keys.size())) {
            value = value == null ? null : value.get(key);
            valueAt = valueAt.appendProperty(key);
        }
        if (value != null) {
            return resolve(value, valueAt);
        }
        JsonNode fallback = argument.size() == 4 ? argument.get(3).get("DefaultValue") : null;
        if (fallback != null) {
            return resolve(fallback, at.appendIndex(3).appendProperty("DefaultValue"));
        }
        throw template.error(at, "Fn::FindInMap: Mappings has no " + String.join(".", keys));
    }

    private Value importValue(JsonNode argument, JsonPointer at) throws PreflightException {
        Value name = resolve(argument, at);
        return new Unknown(name instanceof Known ? "${ImportValue:" + text(name, at) + "}" : "${Fn::ImportValue}");
    }

    private String name(JsonNode argument, JsonPointer at, String function) throws PreflightException {
        if (argument == null || !argument.isTextual() || argument.asText().isBlank()) {
            throw template.error(at, function + " takes a name" + LocatedJson.found(argument));
        }
        return argument.asText().trim();
    }
}
