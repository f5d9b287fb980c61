package io.github.ecspreflight.ecs;

import java.util.List;

/**
 * A task definition as the checks see it, whatever it was read from.
 *
 * @param source what the user named: a file path, or {@code ecs:FAMILY:REV} for a live source
 * @param revision null when the source has none (a register input, a template)
 * @param cpuArchitecture {@code runtimePlatform.cpuArchitecture} as written ({@code X86_64}, {@code ARM64}), null when absent
 * @param operatingSystemFamily {@code runtimePlatform.operatingSystemFamily} as written, null when absent
 * @param requiresCompatibilities e.g. {@code [FARGATE]}; empty when absent (ECS then means EC2)
 * @param executionRoleArn null when absent
 * @param locations where each attribute is written, for findings that tell which line to edit
 */
public record TaskDefinition(
        String source,
        String family,
        Integer revision,
        String cpuArchitecture,
        String operatingSystemFamily,
        List<String> requiresCompatibilities,
        String executionRoleArn,
        List<PlacementConstraint> placementConstraints,
        List<ContainerDefinition> containers,
        Locations locations) {

    public TaskDefinition {
        requiresCompatibilities = requiresCompatibilities == null ? List.of() : List.copyOf(requiresCompatibilities);
        placementConstraints = placementConstraints == null ? List.of() : List.copyOf(placementConstraints);
        containers = List.copyOf(containers);
    }

    public boolean requiresFargate() {
        return requiresCompatibilities.stream().anyMatch("FARGATE"::equalsIgnoreCase);
    }

    /**
     * Lines to point findings at. Each attribute's location is the line where it is written or, when it is absent
     * and must be added, the task definition's first line ({@code resource}).
     */
    public record Locations(
            SourceLocation resource,
            SourceLocation cpuArchitecture,
            SourceLocation operatingSystemFamily,
            SourceLocation executionRoleArn) {

        public Locations {
            cpuArchitecture = cpuArchitecture == null ? resource : cpuArchitecture;
            operatingSystemFamily = operatingSystemFamily == null ? resource : operatingSystemFamily;
            executionRoleArn = executionRoleArn == null ? resource : executionRoleArn;
        }

        public static Locations of(SourceLocation resource) {
            return new Locations(resource, null, null, null);
        }
    }
}
