package io.github.ecspreflight.ecs.cloudformation;

import com.fasterxml.jackson.core.JsonPointer;
import io.github.ecspreflight.common.PreflightException;
import io.github.ecspreflight.common.SourceLocation;
import io.github.ecspreflight.ecs.ContainerDefinition;
import io.github.ecspreflight.ecs.ContainerRuntime;
import io.github.ecspreflight.ecs.ContainerStartup;
import io.github.ecspreflight.ecs.LogConfiguration;
import io.github.ecspreflight.ecs.TaskDefinition;
import io.github.ecspreflight.ecs.cloudformation.Value.Known;
import io.github.ecspreflight.ecs.cloudformation.Value.Unknown;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A task definition's {@code ContainerDefinitions}, in CloudFormation's PascalCase, as the checks' model. */
final class ContainerProperties {

    /**
     * The awslogs options the checks read. When the whole {@code Options} object is unknown each of them is, so that
     * no option is taken as missing (EP103) and {@code awslogs-create-group} never as {@code "true"} (EP105).
     */
    private static final List<String> AWSLOGS_OPTIONS =
            List.of("awslogs-group", "awslogs-region", "awslogs-stream-prefix");

    private static final String PATH = "PATH";

    private final Fields fields;

    ContainerProperties(Fields fields) {
        this.fields = fields;
    }

    List<ContainerDefinition> read(Known properties) throws PreflightException {
        JsonPointer at = Fields.at(properties, "ContainerDefinitions");
        Value value = fields.member(properties, "ContainerDefinitions");
        if (value instanceof Value.Absent) {
            throw fields.template()
                    .error(properties.at(), Paths.describe(properties.at()) + " has no ContainerDefinitions");
        }
        if (value instanceof Unknown unknown) {
            throw unknowable(at, unknown);
        }
        List<ContainerDefinition> containers = new ArrayList<>();
        for (Value element : fields.elements(value, at, "container definitions")) {
            if (element instanceof Unknown unknown) {
                throw unknowable(at, unknown);
            }
            containers.add(container(fields.object(element, ((Known) element).at())));
        }
        if (containers.isEmpty()) {
            throw fields.template()
                    .error(at, Paths.describe(at) + " is empty: ECS requires at least one container definition");
        }
        return containers;
    }

    private PreflightException unknowable(JsonPointer at, Unknown unknown) {
        return fields.template()
                .error(
                        at,
                        Paths.describe(at) + " is " + unknown.expression() + ", which is known only "
                                + "once deployed; give the parameters it depends on a Default, or name a template whose containers are written out");
    }

    private ContainerDefinition container(Known container) throws PreflightException {
        String name = fields.string(container, "Name");
        if (name == null || name.isBlank()) {
            throw fields.template().error(container.at(), Paths.describe(container.at()) + " has no Name");
        }
        return new ContainerDefinition(
                name,
                fields.string(container, "Image"),
                // ECS defaults Essential to true; an unknown one counts as not essential, so that it invents no finding
                fields.bool(container, "Essential", true, false),
                fields.strings(container, "EntryPoint"),
                fields.strings(container, "Command"),
                environment(container),
                fields.string(container, "WorkingDirectory"),
                logConfiguration(container),
                fields.template().locateValue(container.at()),
                runtime(container),
                startup(container));
    }

    /**
     * {@code Cpu}, {@code PortMappings}, {@code DependsOn}, {@code Secrets}, {@code EnvironmentFiles},
     * {@code RepositoryCredentials}; a list known only once deployed counts as empty, so that it invents no finding.
     */
    private ContainerStartup startup(Known container) throws PreflightException {
        List<ContainerStartup.PortMapping> ports = new ArrayList<>();
        for (Known port : objects(container, "PortMappings", "{ContainerPort, HostPort} objects")) {
            ports.add(new ContainerStartup.PortMapping(integer(port, "ContainerPort"), integer(port, "HostPort")));
        }
        List<ContainerStartup.Dependency> dependsOn = new ArrayList<>();
        for (Known dependency : objects(container, "DependsOn", "{ContainerName, Condition} objects")) {
            dependsOn.add(new ContainerStartup.Dependency(
                    fields.string(dependency, "ContainerName"), fields.string(dependency, "Condition")));
        }
        List<ContainerStartup.Secret> secrets = new ArrayList<>();
        for (Known secret : objects(container, "Secrets", "{Name, ValueFrom} objects")) {
            secrets.add(new ContainerStartup.Secret(fields.string(secret, "Name"), fields.string(secret, "ValueFrom")));
        }
        List<String> environmentFiles = new ArrayList<>();
        for (Known file : objects(container, "EnvironmentFiles", "{Value, Type} objects")) {
            String value = fields.string(file, "Value");
            if (value != null) {
                environmentFiles.add(value);
            }
        }
        Value credentials = fields.member(container, "RepositoryCredentials");
        String credentialsParameter =
                credentials instanceof Known known && known.node().isObject()
                        ? fields.string(known, "CredentialsParameter")
                        : null;
        return new ContainerStartup(
                integer(container, "Cpu"), ports, dependsOn, secrets, environmentFiles, credentialsParameter);
    }

    /** The known objects of an optional list member. */
    private List<Known> objects(Known container, String member, String what) throws PreflightException {
        Value value = fields.member(container, member);
        if (!(value instanceof Known)) {
            return List.of();
        }
        List<Known> objects = new ArrayList<>();
        JsonPointer at = Fields.at(container, member);
        for (Value element : fields.elements(value, at, what)) {
            if (element instanceof Known known) {
                objects.add(fields.object(known, known.at()));
            }
        }
        return objects;
    }

    /** {@code User}, {@code HealthCheck.Command}, {@code Memory}, {@code MemoryReservation}; unknown ones as absent. */
    private ContainerRuntime runtime(Known container) throws PreflightException {
        Value health = fields.member(container, "HealthCheck");
        Known healthCheck = health instanceof Known known && known.node().isObject() ? known : null;
        List<String> command = healthCheck == null ? null : fields.strings(healthCheck, "Command");
        if (command != null && command.stream().anyMatch(TaskDefinition::isUnknown)) {
            command = null;
        }
        Integer memory = integer(container, "Memory");
        return new ContainerRuntime(
                fields.string(container, "User"),
                fields.template().locate(Fields.at(container, "User")),
                command,
                fields.template().locate(Fields.at(container, "HealthCheck")),
                memory,
                integer(container, "MemoryReservation"),
                fields.template().locate(Fields.at(container, memory != null ? "Memory" : "MemoryReservation")));
    }

    /** A whole number (MiB, CPU units, a port); null when absent, unknown or not a number (CloudFormation would refuse the last). */
    private Integer integer(Known container, String name) throws PreflightException {
        String text = fields.string(container, name);
        return text != null && text.matches("\\d{1,9}") ? Integer.valueOf(text) : null;
    }

    /**
     * {@code [{Name, Value}]}; values may be secrets: they are read, never described in a message. Of an unknown list
     * or entry, only {@code PATH} matters to the checks: it is then unknown too, unless written out.
     */
    private Map<String, String> environment(Known container) throws PreflightException {
        Value value = fields.member(container, "Environment");
        if (value instanceof Unknown unknown) {
            return Map.of(PATH, unknown.expression());
        }
        if (!(value instanceof Known)) {
            return Map.of();
        }
        Map<String, String> environment = new LinkedHashMap<>();
        String unknownEntry = null;
        JsonPointer at = Fields.at(container, "Environment");
        for (Value element : fields.elements(value, at, "{Name, Value} objects")) {
            if (element instanceof Unknown unknown) {
                unknownEntry = unknown.expression();
                continue;
            }
            Known entry = (Known) element;
            Known pair = fields.object(entry, entry.at());
            String name = fields.string(pair, "Name");
            if (name != null) {
                String text = fields.string(pair, "Value");
                environment.put(name, text == null ? "" : text);
            }
        }
        if (unknownEntry != null) {
            environment.putIfAbsent(PATH, unknownEntry);
        }
        return environment;
    }

    private LogConfiguration logConfiguration(Known container) throws PreflightException {
        JsonPointer at = Fields.at(container, "LogConfiguration");
        Value value = fields.member(container, "LogConfiguration");
        SourceLocation location = fields.template().locate(at);
        if (value instanceof Unknown unknown) {
            return new LogConfiguration(unknown.expression(), unknownOptions(unknown), location);
        }
        Known logs = fields.object(value, at);
        if (logs == null) {
            return null;
        }
        Value options = fields.member(logs, "Options");
        if (options instanceof Unknown unknown) {
            return new LogConfiguration(fields.string(logs, "LogDriver"), unknownOptions(unknown), location);
        }
        Map<String, String> map = new LinkedHashMap<>();
        Known object = fields.object(options, Fields.at(logs, "Options"));
        if (object != null) {
            for (var option : object.node().properties()) {
                String text = fields.string(object, option.getKey());
                if (text != null) {
                    map.put(option.getKey(), text);
                }
            }
        }
        return new LogConfiguration(fields.string(logs, "LogDriver"), map, location);
    }

    private static Map<String, String> unknownOptions(Unknown unknown) {
        Map<String, String> options = new LinkedHashMap<>();
        AWSLOGS_OPTIONS.forEach(option -> options.put(option, unknown.expression()));
        return options;
    }
}
