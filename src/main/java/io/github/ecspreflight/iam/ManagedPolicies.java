package io.github.ecspreflight.iam;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The actions of the AWS managed policies an execution role usually carries, so that static evidence can be complete
 * without asking IAM. A managed policy not listed here makes the evidence incomplete.
 */
public final class ManagedPolicies {

    /** The policy AWS documents for task execution roles: ECR pulls and writing (not creating) log streams. */
    public static final String ECS_TASK_EXECUTION =
            "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy";

    private static final Map<String, Set<String>> ACTIONS = Map.of(
            ECS_TASK_EXECUTION,
            Set.of(
                    "ecr:GetAuthorizationToken",
                    "ecr:BatchCheckLayerAvailability",
                    "ecr:GetDownloadUrlForLayer",
                    "ecr:BatchGetImage",
                    "logs:CreateLogStream",
                    "logs:PutLogEvents"),
            "arn:aws:iam::aws:policy/CloudWatchLogsFullAccess",
            Set.of("logs:*", "cloudwatch:GenerateQuery"),
            "arn:aws:iam::aws:policy/AdministratorAccess",
            Set.of("*"),
            "arn:aws:iam::aws:policy/PowerUserAccess",
            Set.of("*"));

    private ManagedPolicies() {}

    /**
     * The actions of a managed policy, matched on its name whatever the partition ({@code aws-cn}, {@code aws-us-gov});
     * empty when the policy is not known here.
     */
    public static Optional<Set<String>> actions(String policyArn) {
        if (policyArn == null) {
            return Optional.empty();
        }
        String normalised = policyArn.replaceFirst("^arn:aws[a-z-]*:", "arn:aws:");
        return Optional.ofNullable(ACTIONS.get(normalised));
    }
}
