package io.github.ecspreflight.ecs;

import io.github.ecspreflight.common.SourceLocation;
import java.util.List;

/**
 * What a container definition says about the process it runs, beyond its command: the user, the health check and the
 * memory limits. Each is null when the container does not set it.
 *
 * @param user {@code user}: {@code name}, {@code uid}, {@code name:group} or {@code uid:gid}
 * @param healthCheck {@code healthCheck.command}: {@code ["CMD", exe, args...]}, {@code ["CMD-SHELL", "cmd"]} or
 *     {@code ["NONE"]}
 * @param memory {@code memory}: the hard limit in MiB
 * @param memoryReservation {@code memoryReservation}: the soft limit in MiB
 */
public record ContainerRuntime(
        String user,
        SourceLocation userAt,
        List<String> healthCheck,
        SourceLocation healthCheckAt,
        Integer memory,
        Integer memoryReservation,
        SourceLocation memoryAt) {

    public static final ContainerRuntime NONE = new ContainerRuntime(null, null, null, null, null, null, null);

    public ContainerRuntime {
        healthCheck = healthCheck == null ? null : List.copyOf(healthCheck);
    }

    /** The same facts pointed at one line: for a container read from JSON embedded in another file. */
    public ContainerRuntime locatedAt(SourceLocation at) {
        return new ContainerRuntime(
                user,
                user == null ? null : at,
                healthCheck,
                healthCheck == null ? null : at,
                memory,
                memoryReservation,
                memory == null && memoryReservation == null ? null : at);
    }
}
