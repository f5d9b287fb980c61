package io.github.ecspreflight.ecs;

import io.github.ecspreflight.iam.ExecutionRoleEvidence;
import java.util.List;

/**
 * How ECS runs a task definition, beyond what the definition itself says: known from a live service and cluster, or
 * from the configuration the definition is kept in (its execution role's policies).
 *
 * @param launchType the service's launch type ({@code FARGATE}, {@code EC2}, {@code EXTERNAL}); null when no service
 *     was asked, and the definition's {@code requiresCompatibilities} decide
 * @param serviceConstraints the service's placement constraints, added to the definition's own
 * @param clusterArchitectures the {@code ecs.cpu-architecture} attributes of the cluster's container instances
 *     ({@code x86_64}, {@code arm64}), each once, when the task runs on EC2 and nothing pins its CPU; empty when no
 *     cluster was asked
 * @param executionRole what is known of the execution role's permissions; null when nothing is (the role is defined
 *     elsewhere)
 * @param liveResources what AWS said exists of the secrets, parameters, files and log groups the definition
 *     references; null when AWS was not asked (a static source)
 */
public record Deployment(
        String launchType,
        List<PlacementConstraint> serviceConstraints,
        List<String> clusterArchitectures,
        ExecutionRoleEvidence executionRole,
        LiveResources liveResources) {

    /** Nothing known beyond the task definition. */
    public static final Deployment NONE = new Deployment(null, List.of(), List.of(), null, null);

    public Deployment(
            String launchType,
            List<PlacementConstraint> serviceConstraints,
            List<String> clusterArchitectures,
            ExecutionRoleEvidence executionRole) {
        this(launchType, serviceConstraints, clusterArchitectures, executionRole, null);
    }

    public Deployment {
        serviceConstraints = serviceConstraints == null ? List.of() : List.copyOf(serviceConstraints);
        clusterArchitectures = clusterArchitectures == null ? List.of() : List.copyOf(clusterArchitectures);
    }

    /** The static evidence of a configuration that keeps the role beside the definition. */
    public static Deployment withRole(ExecutionRoleEvidence executionRole) {
        return new Deployment(null, List.of(), List.of(), executionRole);
    }

    public Deployment onService(String launchType, List<PlacementConstraint> serviceConstraints) {
        return new Deployment(launchType, serviceConstraints, clusterArchitectures, executionRole, liveResources);
    }

    public Deployment onCluster(List<String> clusterArchitectures) {
        return new Deployment(launchType, serviceConstraints, clusterArchitectures, executionRole, liveResources);
    }

    public Deployment withExecutionRole(ExecutionRoleEvidence executionRole) {
        return new Deployment(launchType, serviceConstraints, clusterArchitectures, executionRole, liveResources);
    }

    public Deployment withLiveResources(LiveResources liveResources) {
        return new Deployment(launchType, serviceConstraints, clusterArchitectures, executionRole, liveResources);
    }
}
