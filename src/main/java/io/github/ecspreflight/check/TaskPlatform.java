package io.github.ecspreflight.check;

import io.github.ecspreflight.ecs.PlacementConstraint;
import io.github.ecspreflight.common.SourceLocation;
import io.github.ecspreflight.ecs.TaskDefinition;
import io.github.ecspreflight.image.Platform;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The platform ECS will run a task definition's containers on, and why it is that one.
 *
 * @param platform null when the CPU architecture cannot be known (EP007)
 * @param os {@code linux} or {@code windows}, known even when the CPU is not
 * @param reason how the platform follows from the task definition, for messages
 * @param location the line that decides it, or where to add {@code runtimePlatform}
 */
public record TaskPlatform(Platform platform, String os, String reason, SourceLocation location, boolean fargate) {

    /** {@code attribute:ecs.cpu-architecture == arm64} or {@code ... in [arm64]}, as ECS's cluster query language writes it. */
    private static final Pattern CPU_CONSTRAINT = Pattern.compile(
            "attribute:ecs\\.cpu-architecture\\s*(?:==\\s*([\\w-]+)|in\\s*\\[\\s*([\\w-]+)\\s*])",
            Pattern.CASE_INSENSITIVE);

    /** The Windows build numbers behind ECS's operatingSystemFamily values; an image's os.version must start with one. */
    private static final Map<String, String> WINDOWS_BUILDS = Map.of(
            "2016", "10.0.14393",
            "2019", "10.0.17763",
            "20H2", "10.0.19042",
            "2022", "10.0.20348",
            "2025", "10.0.26100");

    public static TaskPlatform of(TaskDefinition task) {
        boolean fargate = task.requiresFargate();
        String family = task.operatingSystemFamily();
        String os = family != null && family.toUpperCase(Locale.ROOT).startsWith("WINDOWS") ? "windows" : "linux";
        String osVersion = "windows".equals(os) ? windowsBuild(family) : null;
        SourceLocation cpuLine = task.locations().cpuArchitecture();
        String attribute = cpuAttribute(task.format());

        if (TaskDefinition.isUnknown(task.cpuArchitecture())) {
            return new TaskPlatform(null, os, attribute + " is " + task.cpuArchitecture()
                    + ", which cannot be known before deployment", cpuLine, fargate);
        }
        if (task.cpuArchitecture() != null) {
            String arch = Platform.normaliseArchitecture(task.cpuArchitecture());
            return new TaskPlatform(new Platform(os, arch, null, osVersion), os,
                    attribute + " is " + task.cpuArchitecture(), cpuLine, fargate);
        }
        if (fargate) {
            return new TaskPlatform(new Platform(os, "amd64", null, osVersion), os,
                    "Fargate runs X86_64 when " + attribute + " is absent", cpuLine, true);
        }
        for (PlacementConstraint constraint : task.placementConstraints()) {
            Matcher matcher = CPU_CONSTRAINT.matcher(constraint.expression() == null ? "" : constraint.expression());
            if (matcher.find()) {
                String value = matcher.group(1) != null ? matcher.group(1) : matcher.group(2);
                return new TaskPlatform(new Platform(os, value, null, osVersion), os,
                        "the placement constraint " + constraint.expression() + " places it on "
                                + Platform.normaliseArchitecture(value) + " instances",
                        task.locations().resource(), false);
            }
        }
        TaskPlatform onCluster = ClusterPlacement.platform(task, os, osVersion, cpuLine);
        if (onCluster != null) {
            return onCluster;
        }
        return new TaskPlatform(null, os, "the EC2 launch type with no " + attribute + " and no "
                + "attribute:ecs.cpu-architecture placement constraint lets ECS place the task on any instance",
                cpuLine, false);
    }

    /** The CPU attribute as the task definition's format spells it, so a message names what the user wrote. */
    private static String cpuAttribute(TaskDefinition.Format format) {
        return switch (format) {
            case TERRAFORM, TERRAFORM_PLAN -> "runtime_platform.cpu_architecture";
            case CLOUDFORMATION -> "RuntimePlatform.CpuArchitecture";
            case ECS_JSON, LIVE -> "runtimePlatform.cpuArchitecture";
        };
    }

    private static String windowsBuild(String family) {
        String upper = family.toUpperCase(Locale.ROOT);
        return WINDOWS_BUILDS.entrySet().stream()
                .filter(e -> upper.contains("_" + e.getKey() + "_") || upper.endsWith("_" + e.getKey()))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse(null);
    }

    /** ECS's name for an architecture, as a task definition writes it. */
    public static String ecsArchitecture(String architecture) {
        return switch (architecture) {
            case "amd64" -> "X86_64";
            case "arm64" -> "ARM64";
            default -> architecture;
        };
    }

    public boolean known() {
        return platform != null;
    }
}
