package io.github.ecspreflight.ecs;

import io.github.ecspreflight.common.PreflightException;
import io.github.ecspreflight.common.SourceLocation;
import io.github.ecspreflight.image.Platform;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The platform ECS will run a task definition's containers on, and why it is that one.
 *
 * @param platform the platform to judge the image on; null when the CPU architecture cannot be known (EP007)
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

    /**
     * Where ECS runs the task: its {@code runtimePlatform}, Fargate's default, a placement constraint, or its cluster's
     * instances. A mixed EC2 cluster is judged on an architecture the image does not offer, since ECS may place the
     * task there.
     *
     * @param offered the image's platforms
     * @throws PreflightException for a {@code cpuArchitecture} ECS would refuse (neither X86_64 nor ARM64)
     */
    public static TaskPlatform resolve(Candidate candidate, List<Platform> offered) throws PreflightException {
        TaskDefinition task = candidate.taskDefinition();
        requireValidCpuArchitecture(task);
        boolean fargate = candidate.fargate();
        String family = task.operatingSystemFamily();
        String os = family != null && family.toUpperCase(Locale.ROOT).startsWith("WINDOWS") ? "windows" : "linux";
        String osVersion = "windows".equals(os) ? windowsBuild(family) : null;
        SourceLocation cpuLine = task.locations().cpuArchitecture();
        String attribute = cpuAttribute(task.format());

        if (TaskDefinition.isUnknown(task.cpuArchitecture())) {
            return new TaskPlatform(
                    null,
                    os,
                    attribute + " is " + task.cpuArchitecture() + ", which cannot be known before deployment",
                    cpuLine,
                    fargate);
        }
        if (task.cpuArchitecture() != null) {
            String arch = Platform.normaliseArchitecture(task.cpuArchitecture());
            return new TaskPlatform(
                    new Platform(os, arch, null, osVersion),
                    os,
                    attribute + " is " + task.cpuArchitecture(),
                    cpuLine,
                    fargate);
        }
        if (fargate) {
            return new TaskPlatform(
                    new Platform(os, "amd64", null, osVersion),
                    os,
                    "Fargate runs X86_64 when " + attribute + " is absent",
                    cpuLine,
                    true);
        }
        for (PlacementConstraint constraint : candidate.placementConstraints()) {
            Matcher matcher = CPU_CONSTRAINT.matcher(constraint.expression() == null ? "" : constraint.expression());
            if (matcher.find()) {
                String value = matcher.group(1) != null ? matcher.group(1) : matcher.group(2);
                return new TaskPlatform(
                        new Platform(os, value, null, osVersion),
                        os,
                        "the placement constraint " + constraint.expression() + " places it on "
                                + Platform.normaliseArchitecture(value) + " instances",
                        task.locations().resource(),
                        false);
            }
        }
        List<String> cluster = candidate.deployment().clusterArchitectures();
        if (!cluster.isEmpty()) {
            List<String> ordered = whereImageCannotRun(cluster, offered);
            String first = ordered.get(0);
            String reason = ordered.size() == 1
                    ? "every container instance of its cluster is " + first + " (ecs.cpu-architecture) and neither "
                            + "runtimePlatform nor a placement constraint asks for another"
                    : "its cluster has " + String.join(" and ", ordered) + " container instances "
                            + "(ecs.cpu-architecture) and neither runtimePlatform nor a placement constraint pins the "
                            + "task to one, so ECS may place it on an " + first + " instance";
            return new TaskPlatform(new Platform(os, first, null, osVersion), os, reason, cpuLine, false);
        }
        return new TaskPlatform(
                null,
                os,
                "the EC2 launch type with no " + attribute + " and no "
                        + "attribute:ecs.cpu-architecture placement constraint lets ECS place the task on any instance",
                cpuLine,
                false);
    }

    /** The cluster's architectures, those the image does not offer first: the one the task would fail on. */
    private static List<String> whereImageCannotRun(List<String> cluster, List<Platform> offeredPlatforms) {
        Set<String> offered = new LinkedHashSet<>();
        for (Platform platform : offeredPlatforms) {
            if (!platform.isAttestation()) {
                offered.add(platform.architecture());
            }
        }
        List<String> ordered = new ArrayList<>();
        cluster.stream()
                .filter(a -> !offered.contains(Platform.normaliseArchitecture(a)))
                .forEach(ordered::add);
        cluster.stream()
                .filter(a -> offered.contains(Platform.normaliseArchitecture(a)))
                .forEach(ordered::add);
        return ordered;
    }

    /**
     * ECS accepts only X86_64 and ARM64; anything else is a typo that registering the task definition would refuse, not
     * a CPU to build an image for.
     */
    private static void requireValidCpuArchitecture(TaskDefinition task) throws PreflightException {
        String value = task.cpuArchitecture();
        if (value != null && !TaskDefinition.isUnknown(value) && !value.equals("X86_64") && !value.equals("ARM64")) {
            throw new PreflightException("taskDefinition " + task.locations().cpuArchitecture()
                    + ": cpuArchitecture is '" + value + "'; ECS accepts X86_64 or ARM64");
        }
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

    /** The CPU architecture as ECS names it ({@code X86_64}), null when it cannot be known. */
    public String ecsArchitecture() {
        return known() ? ecsArchitecture(platform.architecture()) : null;
    }
}
