package io.github.ecspreflight.iam;

import io.github.ecspreflight.common.SourceLocation;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What is known of the task execution role's permissions, and how it is known.
 *
 * <p>Static evidence comes from the same Terraform or CloudFormation configuration as the task definition: the role's
 * attached managed policies and inline policies. It is {@code complete} only when every policy of the role could be
 * read; incomplete evidence never produces a finding, since the missing action may be in the policy not seen.
 *
 * @param role the role as the source names it ({@code aws_iam_role.execution}, {@code ExecutionRole}, an ARN)
 * @param allowedActions {@code Allow}ed actions as written, wildcards included ({@code logs:*}, {@code *})
 * @param policies the policies read, for messages
 * @param location where the role is defined, the line to edit
 */
public record ExecutionRoleEvidence(
        String role,
        Source source,
        boolean complete,
        Set<String> allowedActions,
        List<String> policies,
        SourceLocation location) {

    /** Where the evidence comes from: a configuration read statically, or IAM's own policy simulator. */
    public enum Source {
        STATIC,
        LIVE
    }

    public ExecutionRoleEvidence {
        allowedActions =
                allowedActions.stream().map(a -> a.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        policies = List.copyOf(policies);
    }

    /** Whether some allowed action matches {@code action}, with IAM's {@code *} and {@code ?} wildcards. */
    public boolean allows(String action) {
        String wanted = action.toLowerCase(Locale.ROOT);
        return allowedActions.stream().anyMatch(pattern -> matches(pattern, wanted));
    }

    private static boolean matches(String pattern, String action) {
        if (!pattern.contains("*") && !pattern.contains("?")) {
            return pattern.equals(action);
        }
        String regex = Pattern.quote(pattern).replace("*", "\\E.*\\Q").replace("?", "\\E.\\Q");
        return action.matches(regex);
    }
}
