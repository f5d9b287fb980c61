package io.github.ecspreflight.ecs;

import io.github.ecspreflight.common.SourceLocation;
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
 * @param memory the task-level {@code memory} as written ({@code "512"}, {@code "1 GB"}); null when not set
 * @param cpu the task-level {@code cpu} as written ({@code "256"}, {@code "1 vCPU"}); null when not set
 * @param networkMode {@code networkMode} as written ({@code awsvpc}, {@code bridge}); null when not set
 * @param format what the task definition was read from, so that fixes are written in that format
 *
 * <p>What the source says, and only that: how a service or cluster runs it, and what its execution role may do, are
 * {@link Deployment} facts beside it.
 *
 * <p>A value that the source cannot know statically (a Terraform variable without a default, a module output, a
 * CloudFormation {@code !GetAtt}) is kept as written inside {@code ${...}}; see {@link #isUnknown(String)}.
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
        Locations locations,
        Format format,
        String memory,
        String cpu,
        String networkMode) {

    /** The kinds of source a task definition is read from. */
    public enum Format {
        ECS_JSON,
        TERRAFORM,
        TERRAFORM_PLAN,
        CLOUDFORMATION,
        LIVE
    }

    public TaskDefinition {
        requiresCompatibilities = requiresCompatibilities == null ? List.of() : List.copyOf(requiresCompatibilities);
        placementConstraints = placementConstraints == null ? List.of() : List.copyOf(placementConstraints);
        containers = List.copyOf(containers);
    }

    /** A task definition that sets no task-level {@code cpu} or {@code networkMode}. */
    public TaskDefinition(
            String source,
            String family,
            Integer revision,
            String cpuArchitecture,
            String operatingSystemFamily,
            List<String> requiresCompatibilities,
            String executionRoleArn,
            List<PlacementConstraint> placementConstraints,
            List<ContainerDefinition> containers,
            Locations locations,
            Format format,
            String memory) {
        this(
                source,
                family,
                revision,
                cpuArchitecture,
                operatingSystemFamily,
                requiresCompatibilities,
                executionRoleArn,
                placementConstraints,
                containers,
                locations,
                format,
                memory,
                null,
                null);
    }

    /** A task definition that sets no task-level {@code memory}. */
    public TaskDefinition(
            String source,
            String family,
            Integer revision,
            String cpuArchitecture,
            String operatingSystemFamily,
            List<String> requiresCompatibilities,
            String executionRoleArn,
            List<PlacementConstraint> placementConstraints,
            List<ContainerDefinition> containers,
            Locations locations,
            Format format) {
        this(
                source,
                family,
                revision,
                cpuArchitecture,
                operatingSystemFamily,
                requiresCompatibilities,
                executionRoleArn,
                placementConstraints,
                containers,
                locations,
                format,
                null,
                null,
                null);
    }

    /**
     * The task's {@code memory} in MiB, as ECS reads it: {@code "512"}, or {@code "1 GB"} / {@code "1GB"}; null when
     * absent, unknown or not a size.
     */
    public Integer memoryMiB() {
        if (memory == null || isUnknown(memory)) {
            return null;
        }
        java.util.regex.Matcher size = java.util.regex.Pattern.compile(
                        "(?i)\\s*(\\d{1,7}(?:\\.\\d{1,3})?)\\s*(gb)?\\s*")
                .matcher(memory);
        if (!size.matches()) {
            return null;
        }
        double value = Double.parseDouble(size.group(1)) * (size.group(2) == null ? 1 : 1024);
        return value == Math.rint(value) ? (int) value : null;
    }

    /**
     * The task's {@code cpu} in CPU units, as ECS reads it: {@code "256"}, or {@code "1 vCPU"} / {@code "0.25 vcpu"}
     * (1 vCPU = 1024 units); null when absent, unknown or not a number.
     */
    public Integer cpuUnits() {
        if (cpu == null || isUnknown(cpu)) {
            return null;
        }
        java.util.regex.Matcher units = java.util.regex.Pattern.compile(
                        "(?i)\\s*(\\d{1,6}(?:\\.\\d{1,3})?)\\s*(vcpu)?\\s*")
                .matcher(cpu);
        if (!units.matches()) {
            return null;
        }
        double value = Double.parseDouble(units.group(1));
        if (units.group(2) != null) {
            value *= 1024;
        }
        return value == Math.rint(value) ? (int) value : null;
    }

    /** The network mode ECS uses: {@code awsvpc} on Fargate whatever is written, else as written (default bridge). */
    public String effectiveNetworkMode() {
        if (requiresFargate()) {
            return "awsvpc";
        }
        return networkMode == null ? "bridge" : networkMode;
    }

    /** Whether a value could not be known statically: it still holds an unresolved {@code ${...}} expression. */
    public static boolean isUnknown(String value) {
        return value != null && value.contains("${");
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
