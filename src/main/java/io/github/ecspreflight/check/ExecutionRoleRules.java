package io.github.ecspreflight.check;

import io.github.ecspreflight.ecs.ExecutionRoleActions;
import io.github.ecspreflight.ecs.TaskDefinition;
import io.github.ecspreflight.iam.ExecutionRoleEvidence;
import io.github.ecspreflight.iam.ManagedPolicies;
import java.util.List;

/**
 * EP105: can the execution role write the awslogs logs? Only judged on complete evidence: a role defined elsewhere, or
 * one with a policy that could not be read, may hold the action, so it yields no finding. Static evidence gives a
 * warning (the deployed role may differ); IAM's own simulator gives an error.
 */
final class ExecutionRoleRules {

    private ExecutionRoleRules() {}

    static List<Finding> check(TaskDefinition task) {
        ExecutionRoleEvidence role = task.executionRole();
        if (role == null || !role.complete()) {
            return List.of();
        }
        List<String> required = ExecutionRoleActions.forLogs(task);
        if (required.isEmpty()) {
            return List.of();
        }
        List<String> missing = required.stream().filter(action -> !role.allows(action)).toList();
        if (missing.isEmpty()) {
            return List.of();
        }
        Severity severity = role.source() == ExecutionRoleEvidence.Source.LIVE ? Severity.ERROR : Severity.WARNING;
        String how = role.source() == ExecutionRoleEvidence.Source.LIVE ? "IAM's policy simulator denies"
                : "its policies (" + (role.policies().isEmpty() ? "none" : String.join(", ", role.policies()))
                        + ") do not allow";
        String message = "The execution role " + role.role() + " cannot write the awslogs logs: " + how + " "
                + String.join(", ", missing) + ". The task fails to start with \"ResourceInitializationError: failed "
                + "to validate logger args\" or its logs never appear, and the reason it stopped stays unknown.";
        String fix = "grant " + String.join(", ", missing) + " to " + role.role()
                + (missing.contains("logs:CreateLogGroup") && missing.size() == 1
                        ? " (AmazonECSTaskExecutionRolePolicy does not include it), or create the log group beforehand "
                                + "and drop awslogs-create-group"
                        : ", e.g. attach " + ManagedPolicies.ECS_TASK_EXECUTION);
        return List.of(new Finding(Rule.EP105, severity, message, role.location(), fix));
    }
}
