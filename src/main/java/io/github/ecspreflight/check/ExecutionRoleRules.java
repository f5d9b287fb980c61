package io.github.ecspreflight.check;

import io.github.ecspreflight.ecs.ExecutionRoleActions;
import io.github.ecspreflight.iam.ExecutionRoleEvidence;
import java.util.List;

/**
 * EP105: can the execution role write the awslogs logs? Only judged on complete evidence: a role defined elsewhere, or
 * one with a policy that could not be read, may hold the action, so it yields no finding. Static evidence gives a
 * warning (the deployed role may differ); IAM's own simulator gives an error.
 */
public final class ExecutionRoleRules implements RuleFamily {

    public static final Rule EP105 = Rule.byEvidence(
            "EP105",
            "iam",
            "Execution role cannot write the logs",
            "The execution role lacks logs:CreateLogStream, logs:PutLogEvents or, with awslogs-create-group, "
                    + "logs:CreateLogGroup.");

    @Override
    public List<Rule> rules() {
        return List.of(EP105);
    }

    @Override
    public void check(CheckContext context, Verdicts verdicts) {
        List<String> required = ExecutionRoleActions.forLogs(context.task());
        if (required.isEmpty()) {
            return;
        }
        ExecutionRoleEvidence role = context.deployed().deployment().executionRole();
        if (role == null) {
            verdicts.notRun(EP105, "the execution role's policies are not in the task-definition source");
            return;
        }
        if (!role.complete()) {
            verdicts.notRun(EP105, "not every policy of the execution role " + role.role() + " could be read");
            return;
        }
        List<String> missing =
                required.stream().filter(action -> !role.allows(action)).toList();
        if (missing.isEmpty()) {
            return;
        }
        String how = role.source() == ExecutionRoleEvidence.Source.LIVE
                ? "IAM's policy simulator denies"
                : "its policies (" + (role.policies().isEmpty() ? "none" : String.join(", ", role.policies()))
                        + ") do not allow";
        verdicts.report(Finding.of(
                EP105,
                role.source(),
                "The execution role " + role.role() + " cannot write the "
                        + "awslogs logs: " + how + " " + String.join(", ", missing) + ". The task fails to start with "
                        + "\"ResourceInitializationError: failed to validate logger args\" or its logs never appear, and the "
                        + "reason it stopped stays unknown.",
                role.location(),
                Remedies.grantLogActions(role.role(), missing)));
    }
}
