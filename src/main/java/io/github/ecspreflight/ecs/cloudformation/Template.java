package io.github.ecspreflight.ecs.cloudformation;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.github.ecspreflight.common.PreflightException;
import io.github.ecspreflight.common.SourceLocation;
import io.github.ecspreflight.decode.LocatedJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A CloudFormation template (or a CDK-synthesised one) with the line of every value: its {@code Resources},
 * {@code Parameters}, {@code Mappings} and {@code Conditions} sections, looked up by name.
 */
public final class Template {

    static final JsonPointer RESOURCES = JsonPointer.compile("/Resources");

    private final LocatedJson json;
    private final Map<String, String> parameterOverrides;

    public Template(LocatedJson json) {
        this(json, Map.of());
    }

    /** @param parameterOverrides {@code variables}, as {@code --parameter-overrides} would give them at deploy time */
    public Template(LocatedJson json, Map<String, String> parameterOverrides) {
        this.json = json;
        this.parameterOverrides = Map.copyOf(parameterOverrides);
    }

    /** The value the deployment is given for parameter {@code name}, or null when it takes its {@code Default}. */
    String parameterOverride(String name) {
        return parameterOverrides.get(name);
    }

    /** The overrides that name no parameter of this template, which CloudFormation would refuse. */
    List<String> undeclaredOverrides() {
        return parameterOverrides.keySet().stream()
                .filter(name -> parameter(name) == null)
                .sorted()
                .toList();
    }

    public LocatedJson json() {
        return json;
    }

    public String displayName() {
        return json.displayName();
    }

    /** The logical ids of the resources of {@code type} ({@code AWS::ECS::TaskDefinition}), in template order. */
    public List<String> resourcesOfType(String type) {
        List<String> ids = new ArrayList<>();
        for (Map.Entry<String, JsonNode> resource : section("Resources").properties()) {
            if (type.equals(resource.getValue().path("Type").asText(null))) {
                ids.add(resource.getKey());
            }
        }
        return ids;
    }

    /** The names of the template's parameters, in template order. */
    List<String> parameterNames() {
        List<String> names = new ArrayList<>();
        section("Parameters").fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** The distinct resource types, for a message about a template that lacks the one wanted. */
    public List<String> resourceTypes() {
        List<String> types = new ArrayList<>();
        for (Map.Entry<String, JsonNode> resource : section("Resources").properties()) {
            String type = resource.getValue().path("Type").asText("?");
            if (!types.contains(type)) {
                types.add(type);
            }
        }
        return types;
    }

    /** The resource's {@code Type}, or null when no resource has that logical id. */
    public String typeOf(String logicalId) {
        JsonNode resource = section("Resources").get(logicalId);
        return resource == null ? null : resource.path("Type").asText(null);
    }

    public boolean hasResource(String logicalId) {
        return section("Resources").has(logicalId);
    }

    public JsonNode resource(String logicalId) {
        return section("Resources").path(logicalId);
    }

    public static JsonPointer pointer(String logicalId) {
        return RESOURCES.appendProperty(logicalId);
    }

    /** The line of the resource's logical id: the first line of its definition. */
    public SourceLocation locate(String logicalId) {
        return json.locate(pointer(logicalId));
    }

    public SourceLocation locate(JsonPointer pointer) {
        return json.locate(pointer);
    }

    /** The line where the value at {@code pointer} starts: for a YAML list item, its {@code -} line. */
    public SourceLocation locateValue(JsonPointer pointer) {
        return json.locateValue(pointer);
    }

    /** The CDK construct path of a resource ({@code Stack/TaskDef/Resource}), or null outside CDK. */
    public String cdkPath(String logicalId) {
        return resource(logicalId).path("Metadata").path("aws:cdk:path").asText(null);
    }

    /** The parameter's declaration, or null. */
    JsonNode parameter(String name) {
        JsonNode parameter = section("Parameters").get(name);
        return parameter == null || !parameter.isObject() ? null : parameter;
    }

    JsonNode mapping(String name) {
        return section("Mappings").get(name);
    }

    /** The condition's expression, or null. */
    JsonNode condition(String name) {
        return section("Conditions").get(name);
    }

    static JsonPointer conditionPointer(String name) {
        return JsonPointer.compile("/Conditions").appendProperty(name);
    }

    /** {@code taskDefinition FILE:LINE: message}. */
    public PreflightException error(JsonPointer pointer, String message) {
        return json.error(pointer, message);
    }

    private JsonNode section(String name) {
        JsonNode section = json.root().path(name);
        return section.isObject() ? section : MissingNode.getInstance();
    }
}
