package io.github.ecspreflight.check;

import io.github.ecspreflight.common.SourceLocation;
import io.github.ecspreflight.ecs.TaskDefinition;
import io.github.ecspreflight.image.Platform;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Where ECS may place an EC2 task that nothing pins to a CPU: on any container instance of its cluster. A live source
 * asks the cluster for its instances' {@code ecs.cpu-architecture} attributes ({@link TaskDefinition#clusterArchitectures()});
 * a cluster of one architecture decides the platform as a placement constraint would, and a mixed cluster is judged on
 * the architecture the image cannot run on, since ECS may place the task there.
 */
public final class ClusterPlacement {

    private ClusterPlacement() {}

    /**
     * The task definition with its cluster's architectures ordered so that one the image cannot run on comes first: the
     * checks then judge the image where the task would fail. Unchanged for a cluster of one architecture or none.
     */
    public static TaskDefinition judgeWhereImageCannotRun(TaskDefinition task, List<Platform> imagePlatforms) {
        List<String> architectures = task.clusterArchitectures();
        if (architectures.size() < 2) {
            return task;
        }
        Set<String> offered = new LinkedHashSet<>();
        for (Platform platform : imagePlatforms) {
            if (!platform.isAttestation()) {
                offered.add(platform.architecture());
            }
        }
        List<String> ordered = new ArrayList<>();
        architectures.stream().filter(a -> !offered.contains(Platform.normaliseArchitecture(a))).forEach(ordered::add);
        architectures.stream().filter(a -> offered.contains(Platform.normaliseArchitecture(a))).forEach(ordered::add);
        if (ordered.equals(architectures)) {
            return task;
        }
        return new TaskDefinition(task.source(), task.family(), task.revision(), task.cpuArchitecture(),
                task.operatingSystemFamily(), task.requiresCompatibilities(), task.executionRoleArn(),
                task.placementConstraints(), task.containers(), task.locations(), task.format(), task.executionRole(),
                ordered);
    }

    /** The platform the cluster's instances decide, or null when no cluster was asked or it has no instance. */
    static TaskPlatform platform(TaskDefinition task, String os, String osVersion, SourceLocation location) {
        List<String> architectures = task.clusterArchitectures();
        if (architectures.isEmpty()) {
            return null;
        }
        String first = architectures.get(0);
        Platform platform = new Platform(os, first, null, osVersion);
        String reason = architectures.size() == 1
                ? "every container instance of its cluster is " + first + " (ecs.cpu-architecture) and neither "
                        + "runtimePlatform nor a placement constraint asks for another"
                : "its cluster has " + String.join(" and ", architectures) + " container instances "
                        + "(ecs.cpu-architecture) and neither runtimePlatform nor a placement constraint pins the task "
                        + "to one, so ECS may place it on an " + first + " instance";
        return new TaskPlatform(platform, os, reason, location, false);
    }
}
