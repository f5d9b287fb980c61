package io.github.ecspreflight.aws;

import io.github.ecspreflight.common.SourceLocation;
import io.github.ecspreflight.ecs.ContainerDefinition;
import io.github.ecspreflight.ecs.ContainerRuntime;
import io.github.ecspreflight.ecs.ContainerStartup;
import io.github.ecspreflight.ecs.LogConfiguration;
import io.github.ecspreflight.ecs.PlacementConstraint;
import io.github.ecspreflight.ecs.TaskDefinition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.RuntimePlatform;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionPlacementConstraint;

/**
 * ECS's answer as the checks' model, with the field semantics of the JSON reader: values as ECS holds them, nothing
 * defaulted but {@code essential} (absent = true), and absent lists kept apart from empty ones (an absent
 * {@code entryPoint} leaves the image's Entrypoint; an empty one would not).
 */
final class TaskDefinitionMapper {

    private TaskDefinitionMapper() {}

    /** {@code ecs:FAMILY:REVISION}, the name findings and the report give a live task definition. */
    static String sourceOf(software.amazon.awssdk.services.ecs.model.TaskDefinition task) {
        return "ecs:" + task.family() + (task.revision() == null ? "" : ":" + task.revision());
    }

    static TaskDefinition map(software.amazon.awssdk.services.ecs.model.TaskDefinition task) {
        String source = sourceOf(task);
        SourceLocation at = SourceLocation.ofFile(source);
        RuntimePlatform platform = task.runtimePlatform();
        List<PlacementConstraint> constraints = new ArrayList<>();
        if (task.hasPlacementConstraints()) {
            for (TaskDefinitionPlacementConstraint constraint : task.placementConstraints()) {
                constraints.add(new PlacementConstraint(constraint.typeAsString(), constraint.expression()));
            }
        }
        List<ContainerDefinition> containers = new ArrayList<>();
        if (task.hasContainerDefinitions()) {
            for (software.amazon.awssdk.services.ecs.model.ContainerDefinition container :
                    task.containerDefinitions()) {
                containers.add(container(container, at));
            }
        }
        return new TaskDefinition(
                source,
                task.family(),
                task.revision(),
                platform == null ? null : platform.cpuArchitectureAsString(),
                platform == null ? null : platform.operatingSystemFamilyAsString(),
                task.hasRequiresCompatibilities() ? task.requiresCompatibilitiesAsStrings() : List.of(),
                task.executionRoleArn(),
                constraints,
                containers,
                TaskDefinition.Locations.of(at),
                TaskDefinition.Format.LIVE,
                task.memory(),
                task.cpu(),
                task.networkModeAsString());
    }

    private static ContainerDefinition container(
            software.amazon.awssdk.services.ecs.model.ContainerDefinition container, SourceLocation at) {
        Map<String, String> environment = new LinkedHashMap<>();
        if (container.hasEnvironment()) {
            for (KeyValuePair pair : container.environment()) {
                if (pair.name() != null) {
                    environment.put(pair.name(), pair.value() == null ? "" : pair.value());
                }
            }
        }
        LogConfiguration logs = null;
        software.amazon.awssdk.services.ecs.model.LogConfiguration configuration = container.logConfiguration();
        if (configuration != null) {
            Map<String, String> options = new LinkedHashMap<>();
            if (configuration.hasOptions()) {
                configuration.options().forEach((name, value) -> {
                    if (name != null && value != null) {
                        options.put(name, value);
                    }
                });
            }
            logs = new LogConfiguration(configuration.logDriverAsString(), options, at);
        }
        return new ContainerDefinition(
                container.name(),
                container.image(),
                container.essential() == null || container.essential(),
                container.hasEntryPoint() ? container.entryPoint() : null,
                container.hasCommand() ? container.command() : null,
                environment,
                container.workingDirectory(),
                logs,
                at,
                new ContainerRuntime(
                        container.user(),
                        at,
                        container.healthCheck() != null
                                        && container.healthCheck().hasCommand()
                                ? container.healthCheck().command()
                                : null,
                        at,
                        container.memory(),
                        container.memoryReservation(),
                        at),
                startup(container));
    }

    private static ContainerStartup startup(software.amazon.awssdk.services.ecs.model.ContainerDefinition container) {
        List<ContainerStartup.PortMapping> ports = new ArrayList<>();
        if (container.hasPortMappings()) {
            container
                    .portMappings()
                    .forEach(p -> ports.add(new ContainerStartup.PortMapping(p.containerPort(), p.hostPort())));
        }
        List<ContainerStartup.Dependency> dependsOn = new ArrayList<>();
        if (container.hasDependsOn()) {
            container
                    .dependsOn()
                    .forEach(d ->
                            dependsOn.add(new ContainerStartup.Dependency(d.containerName(), d.conditionAsString())));
        }
        List<ContainerStartup.Secret> secrets = new ArrayList<>();
        if (container.hasSecrets()) {
            container.secrets().forEach(s -> secrets.add(new ContainerStartup.Secret(s.name(), s.valueFrom())));
        }
        List<String> environmentFiles = new ArrayList<>();
        if (container.hasEnvironmentFiles()) {
            container.environmentFiles().forEach(f -> {
                if (f.value() != null) {
                    environmentFiles.add(f.value());
                }
            });
        }
        return new ContainerStartup(
                container.cpu() == null || container.cpu() == 0 ? null : container.cpu(),
                ports,
                dependsOn,
                secrets,
                environmentFiles,
                container.repositoryCredentials() == null
                        ? null
                        : container.repositoryCredentials().credentialsParameter());
    }
}
