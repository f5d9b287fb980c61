package io.github.ecspreflight.ecs;

import io.github.ecspreflight.common.SourceLocation;
import java.util.ArrayList;
import java.util.List;

/**
 * A task definition a source holds, with the address the user names it by and how it is deployed.
 *
 * @param address {@code aws_ecs_task_definition.app}, a CloudFormation logical id (with its CDK construct path), or the
 *     file or live reference itself for a source that holds one
 */
public record Candidate(String address, TaskDefinition taskDefinition, Deployment deployment) {

    /** A task definition known only by what it says. */
    public static Candidate of(TaskDefinition taskDefinition) {
        return new Candidate(taskDefinition.source(), taskDefinition, Deployment.NONE);
    }

    /**
     * A task definition of a source that holds several, which could not be read (its containers unknown): a candidate
     * that runs nothing, so it is never chosen silently in place of another, and its error shows when it is named.
     */
    public static Candidate unreadable(
            String address, String source, SourceLocation location, TaskDefinition.Format format) {
        return new Candidate(
                address,
                new TaskDefinition(
                        source,
                        null,
                        null,
                        null,
                        null,
                        List.of(),
                        null,
                        List.of(),
                        List.of(),
                        TaskDefinition.Locations.of(location),
                        format),
                Deployment.NONE);
    }

    /** Whether the task runs on Fargate: by its service's launch type when a service was asked, else by the definition. */
    public boolean fargate() {
        return deployment.launchType() != null
                ? "FARGATE".equalsIgnoreCase(deployment.launchType())
                : taskDefinition.requiresFargate();
    }

    /** {@code [FARGATE]} or the service's launch type: what ECS launches the task with. */
    public List<String> compatibilities() {
        return deployment.launchType() != null
                ? List.of(deployment.launchType())
                : taskDefinition.requiresCompatibilities();
    }

    /** The definition's placement constraints, then its service's. */
    public List<PlacementConstraint> placementConstraints() {
        List<PlacementConstraint> all = new ArrayList<>(taskDefinition.placementConstraints());
        all.addAll(deployment.serviceConstraints());
        return List.copyOf(all);
    }
}
