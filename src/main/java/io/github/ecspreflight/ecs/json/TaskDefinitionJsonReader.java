package io.github.ecspreflight.ecs.json;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.ecspreflight.common.PreflightException;
import io.github.ecspreflight.common.SourceLocation;
import io.github.ecspreflight.decode.LocatedJson;
import io.github.ecspreflight.ecs.ContainerDefinition;
import io.github.ecspreflight.ecs.ContainerRuntime;
import io.github.ecspreflight.ecs.ContainerStartup;
import io.github.ecspreflight.ecs.LogConfiguration;
import io.github.ecspreflight.ecs.PlacementConstraint;
import io.github.ecspreflight.ecs.TaskDefinition;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads an ECS task definition written as JSON, in either shape the AWS CLI uses:
 * <ul>
 *   <li>the {@code aws ecs register-task-definition --cli-input-json} input: {@code family},
 *       {@code containerDefinitions}, {@code runtimePlatform}, ... at the top level (also the
 *       {@code describe-task-definition --query taskDefinition} output, which has the same shape plus
 *       {@code revision});</li>
 *   <li>the {@code aws ecs describe-task-definition} (or {@code register-task-definition}) output:
 *       {@code {"taskDefinition": {...}, "tags": [...]}}.</li>
 * </ul>
 * Values are taken as written; nothing is defaulted except {@code essential}, which ECS itself treats as
 * {@code true} when absent.
 */
public final class TaskDefinitionJsonReader {

    private static final String NOT_FOUND =
            "no ECS task definition found (expected containerDefinitions or a taskDefinition object)";

    private TaskDefinitionJsonReader() {}

    /** Reads the JSON file {@code file}, named {@code displayName} in the result and in errors. */
    public static TaskDefinition read(Path file, String displayName) throws PreflightException {
        return read(LocatedJson.parse(file, displayName));
    }

    /**
     * Whether {@code root} is a task definition in one of the two shapes: an object with
     * {@code containerDefinitions}, or an object whose {@code taskDefinition} is an object.
     */
    public static boolean looksLikeTaskDefinition(JsonNode root) {
        return root != null
                && root.isObject()
                && (root.has("containerDefinitions")
                        || root.path("taskDefinition").isObject());
    }

    /** Reads the task definition held in {@code json}. */
    public static TaskDefinition read(LocatedJson json) throws PreflightException {
        JsonNode root = json.root();
        if (!looksLikeTaskDefinition(root)) {
            throw json.error(NOT_FOUND);
        }
        JsonPointer at = root.has("containerDefinitions")
                ? JsonPointer.empty()
                : JsonPointer.empty().appendProperty("taskDefinition");
        return read(json, at);
    }

    /** Reads the task-definition object at {@code at} (register-input shape) in {@code json}. */
    public static TaskDefinition read(LocatedJson json, JsonPointer at) throws PreflightException {
        JsonNode td = json.root().at(at);
        if (!td.isObject()) {
            throw json.error(at, describe(at) + " must be an object" + LocatedJson.found(td));
        }
        Fields f = new Fields(json);

        JsonPointer runtimePlatformAt = at.appendProperty("runtimePlatform");
        JsonNode runtimePlatform = f.node(runtimePlatformAt);
        String cpuArchitecture = null;
        String operatingSystemFamily = null;
        SourceLocation cpuLocation = null;
        SourceLocation osLocation = null;
        if (runtimePlatform != null) {
            if (!runtimePlatform.isObject()) {
                throw json.error(
                        runtimePlatformAt,
                        describe(runtimePlatformAt) + " must be an object" + LocatedJson.found(runtimePlatform));
            }
            JsonPointer cpuAt = runtimePlatformAt.appendProperty("cpuArchitecture");
            JsonPointer osAt = runtimePlatformAt.appendProperty("operatingSystemFamily");
            cpuArchitecture = f.string(cpuAt);
            operatingSystemFamily = f.string(osAt);
            cpuLocation = cpuArchitecture != null ? json.locate(cpuAt) : json.locate(runtimePlatformAt);
            osLocation = operatingSystemFamily != null ? json.locate(osAt) : json.locate(runtimePlatformAt);
        }

        JsonPointer executionRoleAt = at.appendProperty("executionRoleArn");
        String executionRoleArn = f.string(executionRoleAt);

        TaskDefinition.Locations locations = new TaskDefinition.Locations(
                json.locateValue(at),
                cpuLocation,
                osLocation,
                executionRoleArn != null ? json.locate(executionRoleAt) : null);

        return new TaskDefinition(
                json.displayName(),
                f.string(at.appendProperty("family")),
                f.integer(at.appendProperty("revision")),
                cpuArchitecture,
                operatingSystemFamily,
                f.strings(at.appendProperty("requiresCompatibilities")),
                executionRoleArn,
                placementConstraints(f, at.appendProperty("placementConstraints")),
                containers(json, at.appendProperty("containerDefinitions"), true),
                locations,
                TaskDefinition.Format.ECS_JSON,
                // an unknown ${...} is kept as written, so that no rule takes it for an absent value
                text(f, at.appendProperty("memory")),
                text(f, at.appendProperty("cpu")),
                f.string(at.appendProperty("networkMode")));
    }

    /**
     * Reads a {@code containerDefinitions} array at {@code at}: also usable for a Terraform
     * {@code container_definitions} JSON file, which is such an array on its own.
     */
    public static List<ContainerDefinition> readContainerDefinitions(LocatedJson json, JsonPointer at)
            throws PreflightException {
        return containers(json, at, false);
    }

    private static List<ContainerDefinition> containers(LocatedJson json, JsonPointer at, boolean inTaskDefinition)
            throws PreflightException {
        Fields f = new Fields(json);
        JsonNode array = f.node(at);
        if (array == null) {
            throw json.error(
                    at.head() == null ? at : at.head(),
                    (inTaskDefinition ? "the task definition" : "the file") + " has no containerDefinitions");
        }
        if (!array.isArray()) {
            throw json.error(
                    at, describe(at) + " must be an array of container definitions" + LocatedJson.found(array));
        }
        if (array.isEmpty()) {
            throw json.error(at, describe(at) + " is empty: ECS requires at least one container definition");
        }
        List<ContainerDefinition> containers = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            containers.add(container(json, at.appendIndex(i)));
        }
        return containers;
    }

    private static ContainerDefinition container(LocatedJson json, JsonPointer at) throws PreflightException {
        JsonNode node = json.root().at(at);
        if (!node.isObject()) {
            throw json.error(at, describe(at) + " must be a container definition object" + LocatedJson.found(node));
        }
        Fields f = new Fields(json);
        JsonPointer nameAt = at.appendProperty("name");
        String name = f.string(nameAt);
        if (name == null || name.isBlank()) {
            throw json.error(nameAt, describe(at) + " has no name");
        }
        return new ContainerDefinition(
                name,
                f.string(at.appendProperty("image")),
                f.bool(at.appendProperty("essential"), true),
                f.strings(at.appendProperty("entryPoint")),
                f.strings(at.appendProperty("command")),
                environment(f, at.appendProperty("environment")),
                f.string(at.appendProperty("workingDirectory")),
                logConfiguration(f, at.appendProperty("logConfiguration")),
                json.locateValue(at),
                runtime(f, at),
                startup(f, at));
    }

    /**
     * {@code cpu}, {@code portMappings}, {@code dependsOn}, {@code secrets}, {@code environmentFiles} and
     * {@code repositoryCredentials}.
     */
    private static ContainerStartup startup(Fields f, JsonPointer at) throws PreflightException {
        List<ContainerStartup.PortMapping> ports = new ArrayList<>();
        for (JsonPointer entry : objects(f, at.appendProperty("portMappings"), "{containerPort, hostPort}")) {
            ports.add(new ContainerStartup.PortMapping(
                    f.knownInteger(entry.appendProperty("containerPort")),
                    f.knownInteger(entry.appendProperty("hostPort"))));
        }
        List<ContainerStartup.Dependency> dependsOn = new ArrayList<>();
        for (JsonPointer entry : objects(f, at.appendProperty("dependsOn"), "{containerName, condition}")) {
            dependsOn.add(new ContainerStartup.Dependency(
                    f.string(entry.appendProperty("containerName")), f.string(entry.appendProperty("condition"))));
        }
        List<ContainerStartup.Secret> secrets = new ArrayList<>();
        for (JsonPointer entry : objects(f, at.appendProperty("secrets"), "{name, valueFrom}")) {
            secrets.add(new ContainerStartup.Secret(
                    f.string(entry.appendProperty("name")), f.string(entry.appendProperty("valueFrom"))));
        }
        List<String> environmentFiles = new ArrayList<>();
        for (JsonPointer entry : objects(f, at.appendProperty("environmentFiles"), "{value, type}")) {
            String value = f.string(entry.appendProperty("value"));
            if (value != null) {
                environmentFiles.add(value);
            }
        }
        JsonPointer credentialsAt = at.appendProperty("repositoryCredentials");
        JsonNode credentials = f.node(credentialsAt);
        if (credentials != null && !credentials.isObject()) {
            throw f.json.error(
                    credentialsAt, describe(credentialsAt) + " must be an object" + LocatedJson.found(credentials));
        }
        return new ContainerStartup(
                f.knownInteger(at.appendProperty("cpu")),
                ports,
                dependsOn,
                secrets,
                environmentFiles,
                f.string(credentialsAt.appendProperty("credentialsParameter")));
    }

    /** The pointers of the objects of an optional array; {@code shape} names them in errors. */
    private static List<JsonPointer> objects(Fields f, JsonPointer at, String shape) throws PreflightException {
        JsonNode array = f.node(at);
        if (array == null || f.unknown(at)) {
            return List.of(); // absent, or known only once deployed: nothing to judge
        }
        if (!array.isArray()) {
            throw f.json.error(
                    at, describe(at) + " must be an array of " + shape + " objects" + LocatedJson.found(array));
        }
        List<JsonPointer> entries = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            JsonPointer entryAt = at.appendIndex(i);
            if (!array.get(i).isObject()) {
                throw f.json.error(
                        entryAt,
                        describe(entryAt) + " must be a " + shape + " object" + LocatedJson.found(array.get(i)));
            }
            entries.add(entryAt);
        }
        return entries;
    }

    /** {@code user}, {@code healthCheck.command}, {@code memory} and {@code memoryReservation}. */
    private static ContainerRuntime runtime(Fields f, JsonPointer at) throws PreflightException {
        JsonPointer userAt = at.appendProperty("user");
        JsonPointer healthAt = at.appendProperty("healthCheck");
        JsonPointer memoryAt = at.appendProperty("memory");
        JsonPointer reservationAt = at.appendProperty("memoryReservation");
        JsonNode health = f.node(healthAt);
        if (health != null && !health.isObject()) {
            throw f.json.error(healthAt, describe(healthAt) + " must be an object" + LocatedJson.found(health));
        }
        Integer memory = f.knownInteger(memoryAt);
        JsonPointer commandAt = healthAt.appendProperty("command");
        return new ContainerRuntime(
                f.string(userAt),
                f.json.locate(userAt),
                health == null || f.unknown(commandAt) ? null : f.strings(commandAt),
                f.json.locate(healthAt),
                memory,
                f.knownInteger(reservationAt),
                f.json.locate(memory != null ? memoryAt : reservationAt));
    }

    /** {@code [{"name": N, "value": V}]} as a map; values are never put in a message. */
    private static Map<String, String> environment(Fields f, JsonPointer at) throws PreflightException {
        JsonNode array = f.node(at);
        if (array == null) {
            return Map.of();
        }
        if (!array.isArray()) {
            throw f.json.error(
                    at, describe(at) + " must be an array of {name, value} objects" + LocatedJson.found(array));
        }
        Map<String, String> environment = new LinkedHashMap<>();
        for (int i = 0; i < array.size(); i++) {
            JsonPointer entryAt = at.appendIndex(i);
            JsonNode entry = array.get(i);
            if (!entry.isObject()) {
                throw f.json.error(
                        entryAt, describe(entryAt) + " must be a {name, value} object" + LocatedJson.found(entry));
            }
            String name = f.string(entryAt.appendProperty("name"));
            if (name == null) {
                throw f.json.error(entryAt, describe(entryAt) + " has no name");
            }
            JsonNode value = entry.get("value");
            if (value != null && !value.isNull() && !value.isValueNode()) {
                // do not describe the value: it may be a secret
                throw f.json.error(
                        entryAt.appendProperty("value"),
                        describe(entryAt.appendProperty("value")) + " must be a string");
            }
            environment.put(name, value == null || value.isNull() ? "" : value.asText());
        }
        return environment;
    }

    private static LogConfiguration logConfiguration(Fields f, JsonPointer at) throws PreflightException {
        JsonNode node = f.node(at);
        if (node == null) {
            return null;
        }
        if (!node.isObject()) {
            throw f.json.error(at, describe(at) + " must be an object" + LocatedJson.found(node));
        }
        JsonPointer optionsAt = at.appendProperty("options");
        JsonNode options = f.node(optionsAt);
        Map<String, String> optionMap = new LinkedHashMap<>();
        if (options != null) {
            if (!options.isObject()) {
                throw f.json.error(
                        optionsAt, describe(optionsAt) + " must be an object of strings" + LocatedJson.found(options));
            }
            for (Map.Entry<String, JsonNode> option : options.properties()) {
                JsonNode value = option.getValue();
                if (value.isNull()) {
                    continue;
                }
                if (!value.isValueNode()) {
                    JsonPointer optionAt = optionsAt.appendProperty(option.getKey());
                    throw f.json.error(optionAt, describe(optionAt) + " must be a string" + LocatedJson.found(value));
                }
                optionMap.put(option.getKey(), value.asText());
            }
        }
        return new LogConfiguration(f.string(at.appendProperty("logDriver")), optionMap, f.json.locate(at));
    }

    private static List<PlacementConstraint> placementConstraints(Fields f, JsonPointer at) throws PreflightException {
        JsonNode array = f.node(at);
        if (array == null) {
            return List.of();
        }
        if (!array.isArray()) {
            throw f.json.error(
                    at, describe(at) + " must be an array of {type, expression} objects" + LocatedJson.found(array));
        }
        List<PlacementConstraint> constraints = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            JsonPointer entryAt = at.appendIndex(i);
            if (!array.get(i).isObject()) {
                throw f.json.error(
                        entryAt,
                        describe(entryAt) + " must be a {type, expression} object" + LocatedJson.found(array.get(i)));
            }
            constraints.add(new PlacementConstraint(
                    f.string(entryAt.appendProperty("type")), f.string(entryAt.appendProperty("expression"))));
        }
        return constraints;
    }

    /** A string or a number as its text ({@code memory} is written either way); null when absent. */
    private static String text(Fields f, JsonPointer at) throws PreflightException {
        JsonNode node = f.node(at);
        if (node == null) {
            return null;
        }
        if (node.isNumber()) {
            return node.asText();
        }
        return f.string(at);
    }

    /** Typed access to the members of one object, with errors that name the field and its line. */
    private static final class Fields {
        final LocatedJson json;

        Fields(LocatedJson json) {
            this.json = json;
        }

        /** The node at {@code at}; null when absent or JSON {@code null}. */
        JsonNode node(JsonPointer at) {
            JsonNode node = json.root().at(at);
            return node.isMissingNode() || node.isNull() ? null : node;
        }

        String string(JsonPointer at) throws PreflightException {
            JsonNode node = node(at);
            if (node == null) {
                return null;
            }
            if (!node.isTextual()) {
                throw json.error(at, describe(at) + " must be a string" + LocatedJson.found(node));
            }
            return node.textValue();
        }

        Integer integer(JsonPointer at) throws PreflightException {
            JsonNode node = node(at);
            if (node == null) {
                return null;
            }
            if (node.isIntegralNumber() && node.canConvertToInt()) {
                return node.intValue();
            }
            if (node.isTextual() && node.textValue().matches("\\d{1,9}")) {
                return Integer.valueOf(node.textValue());
            }
            throw json.error(at, describe(at) + " must be an integer" + LocatedJson.found(node));
        }

        /** Whether the value is a placeholder for what only a deployment knows ({@code ${var.memory}}). */
        boolean unknown(JsonPointer at) {
            JsonNode node = node(at);
            return node != null && node.isTextual() && TaskDefinition.isUnknown(node.textValue());
        }

        /** {@link #integer}, null where the source leaves the number to the deployment. */
        Integer knownInteger(JsonPointer at) throws PreflightException {
            return unknown(at) ? null : integer(at);
        }

        boolean bool(JsonPointer at, boolean absent) throws PreflightException {
            JsonNode node = node(at);
            if (node == null) {
                return absent;
            }
            if (node.isBoolean()) {
                return node.booleanValue();
            }
            if (node.isTextual()
                    && ("true".equalsIgnoreCase(node.textValue()) || "false".equalsIgnoreCase(node.textValue()))) {
                return Boolean.parseBoolean(node.textValue());
            }
            throw json.error(at, describe(at) + " must be true or false" + LocatedJson.found(node));
        }

        /** An array of strings, or null when absent. */
        List<String> strings(JsonPointer at) throws PreflightException {
            JsonNode node = node(at);
            if (node == null) {
                return null;
            }
            if (!node.isArray()) {
                throw json.error(at, describe(at) + " must be an array of strings" + LocatedJson.found(node));
            }
            List<String> values = new ArrayList<>(node.size());
            for (int i = 0; i < node.size(); i++) {
                JsonNode element = node.get(i);
                if (!element.isTextual()) {
                    throw json.error(
                            at.appendIndex(i),
                            describe(at) + " must be an array of strings" + LocatedJson.found(element) + " at index "
                                    + i);
                }
                values.add(element.textValue());
            }
            return values;
        }
    }

    /** {@code /taskDefinition/containerDefinitions/1/entryPoint} as {@code taskDefinition.containerDefinitions[1].entryPoint}. */
    static String describe(JsonPointer pointer) {
        StringBuilder out = new StringBuilder();
        for (JsonPointer p = pointer; p != null && !p.matches(); p = p.tail()) {
            if (p.mayMatchElement() && isIndex(p.getMatchingProperty())) {
                out.append('[').append(p.getMatchingIndex()).append(']');
            } else {
                if (out.length() > 0) {
                    out.append('.');
                }
                out.append(p.getMatchingProperty());
            }
        }
        return out.length() == 0 ? "the document" : out.toString();
    }

    private static boolean isIndex(String segment) {
        return !segment.isEmpty() && segment.chars().allMatch(Character::isDigit);
    }
}
