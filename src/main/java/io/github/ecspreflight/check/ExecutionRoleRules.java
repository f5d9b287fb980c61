package io.github.ecspreflight.check;

import io.github.ecspreflight.ecs.ContainerDefinition;
import io.github.ecspreflight.ecs.ExecutionRoleActions;
import io.github.ecspreflight.ecs.TaskDefinition;
import io.github.ecspreflight.iam.ExecutionRoleEvidence;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * EP105, EP301-EP303: can the execution role do what ECS does with it before the containers start: write the awslogs
 * logs, pull the images, fetch the secrets and environment files, and be assumed by ECS at all? Only judged on complete evidence: a role defined elsewhere, or
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

    public static final Rule EP301 = Rule.byEvidence(
            "EP301",
            "iam",
            "Execution role cannot pull the image",
            "The execution role lacks ecr:GetAuthorizationToken, ecr:BatchGetImage or ecr:GetDownloadUrlForLayer on the "
                    + "image's repository, or cannot read a private registry's repositoryCredentials secret.");

    public static final Rule EP302 = Rule.byEvidence(
            "EP302",
            "iam",
            "Execution role cannot read the secrets",
            "The execution role cannot read a container's secrets (secretsmanager:GetSecretValue, ssm:GetParameters) "
                    + "or environmentFiles (s3:GetObject, s3:GetBucketLocation).");

    public static final Rule EP303 = Rule.of(
            "EP303",
            Severity.ERROR,
            "iam",
            "Execution role does not trust ECS tasks",
            "The execution role's trust policy does not allow sts:AssumeRole to the service ecs-tasks.amazonaws.com.");

    private static final List<Rule> RULES = List.of(EP105, EP301, EP302, EP303);

    @Override
    public List<Rule> rules() {
        return RULES;
    }

    @Override
    public void check(CheckContext context, Verdicts verdicts) {
        logs(context, verdicts);
        ExecutionRoleEvidence role = context.deployed().deployment().executionRole();
        access(context, verdicts, role, EP301, true);
        access(context, verdicts, role, EP302, false);
        trust(context, verdicts, role);
    }

    /**
     * EP301 ({@code pull}) or EP302: every call ECS makes with the role for the task's containers, judged on the
     * role's statements and their resources.
     */
    private static void access(
            CheckContext context, Verdicts verdicts, ExecutionRoleEvidence role, Rule rule, boolean pull) {
        TaskDefinition task = context.task();
        List<ExecutionRoleActions.Access> accesses = new ArrayList<>();
        for (ContainerDefinition container : task.containers()) {
            accesses.addAll(
                    pull ? ExecutionRoleActions.forPull(container) : ExecutionRoleActions.forSecrets(task, container));
        }
        if (accesses.isEmpty()) {
            return;
        }
        if (role == null) {
            verdicts.notRun(rule, "the execution role's policies are not in the task-definition source");
            return;
        }
        if (!role.complete() || role.grants() == null) {
            verdicts.notRun(
                    rule,
                    role.source() == ExecutionRoleEvidence.Source.LIVE
                            ? "IAM's policy simulator could not be asked about " + role.role()
                                    + " (the build log says why)"
                            : "not every policy of the execution role " + role.role() + " could be read");
            return;
        }
        Map<String, List<String>> denied = new LinkedHashMap<>();
        boolean unknown = false;
        for (ExecutionRoleActions.Access access : accesses) {
            ExecutionRoleEvidence.Decision decision = role.decide(access.action(), access.resource());
            if (decision == ExecutionRoleEvidence.Decision.DENIED) {
                denied.computeIfAbsent(access.purpose(), p -> new ArrayList<>())
                        .add(access.action() + " on " + printable(access.resource()));
            } else if (decision == ExecutionRoleEvidence.Decision.UNKNOWN) {
                unknown = true;
            }
        }
        if (denied.isEmpty()) {
            if (unknown) {
                verdicts.notRun(
                        rule,
                        "a statement of " + role.role() + " that may allow it has a condition or names its resource "
                                + "only by a reference, known once deployed");
            }
            return;
        }
        List<String> lines = new ArrayList<>();
        denied.forEach((purpose, missing) -> lines.add(purpose + " needs " + String.join(", ", missing)));
        String how = "its policies (" + (role.policies().isEmpty() ? "none" : String.join(", ", role.policies()))
                + ") do not allow it";
        verdicts.report(Finding.of(
                rule,
                role.source(),
                "The execution role " + role.role() + " cannot " + (pull ? "pull the image" : "fetch the secrets")
                        + ": " + String.join("; ", lines) + ", and " + how + ". ECS stops the task before any container"
                        + " starts with \"ResourceInitializationError: unable to pull secrets or registry auth\""
                        + (pull
                                ? " or \"CannotPullContainerError: ... not authorized to perform: ecr:BatchGetImage\""
                                : "")
                        + ".",
                role.location(),
                Remedies.grantAccess(
                        role.role(),
                        denied.values().stream().flatMap(List::stream).toList())));
    }

    /** EP303: the trust policy must let ECS tasks assume the role. */
    private static void trust(CheckContext context, Verdicts verdicts, ExecutionRoleEvidence role) {
        if (role == null || role.trust().trustsEcsTasks() == null) {
            verdicts.notRun(
                    EP303,
                    role != null && role.source() == ExecutionRoleEvidence.Source.LIVE
                            ? "IAM did not say what the trust policy of " + role.role()
                                    + " allows (the build log says why)"
                            : "the execution role's trust policy is not in the task-definition source");
            return;
        }
        if (role.trust().trustsEcsTasks()) {
            return;
        }
        verdicts.report(Finding.of(
                EP303,
                role.source(),
                "The trust policy of the execution role " + role.role() + " does not let ECS tasks assume it: no "
                        + "statement allows sts:AssumeRole to the service principal ecs-tasks.amazonaws.com. ECS "
                        + "stops the task before it starts with \"ECS was unable to assume the role '"
                        + role.role() + "' that was provided for this task\".",
                role.trust().location() != null ? role.trust().location() : role.location(),
                Remedies.trustEcsTasks(role.role())));
    }

    /** ARNs are not secrets, but a long one is shortened as any word in a message is. */
    private static String printable(String arn) {
        return arn.replace(ExecutionRoleEvidence.UNKNOWN_FIELD, "*");
    }

    private static void logs(CheckContext context, Verdicts verdicts) {
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
