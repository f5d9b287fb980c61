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
 * @param grants the {@code Allow} statements with their resources, to judge an action on one resource
 * @param trust what the role's trust policy says of ECS tasks
 */
public record ExecutionRoleEvidence(
        String role,
        Source source,
        boolean complete,
        Set<String> allowedActions,
        List<String> policies,
        SourceLocation location,
        List<Grant> grants,
        Trust trust) {

    /** An ARN field the configuration does not say (an SSM parameter's region): it matches any pattern. */
    public static final String UNKNOWN_FIELD = "\u0000unknown";

    /** What a role may do on one resource, as far as the evidence goes. */
    public enum Decision {
        ALLOWED,
        DENIED,
        /** The evidence is incomplete, or only a conditional statement would allow it. */
        UNKNOWN
    }

    /**
     * Whether the trust policy lets ECS tasks assume the role.
     *
     * @param trustsEcsTasks null when the trust policy is not known (defined elsewhere, computed)
     * @param location where the trust policy is written
     */
    public record Trust(Boolean trustsEcsTasks, SourceLocation location) {
        public static final Trust UNKNOWN = new Trust(null, null);
    }

    /** Evidence of actions only, without resources or trust: what IAM's simulator answers for EP105. */
    public ExecutionRoleEvidence(
            String role,
            Source source,
            boolean complete,
            Set<String> allowedActions,
            List<String> policies,
            SourceLocation location) {
        this(role, source, complete, allowedActions, policies, location, null, Trust.UNKNOWN);
    }

    /** Where the evidence comes from: a configuration read statically, or IAM's own policy simulator. */
    public enum Source {
        STATIC,
        LIVE
    }

    public ExecutionRoleEvidence {
        allowedActions =
                allowedActions.stream().map(a -> a.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        policies = List.copyOf(policies);
        grants = grants == null ? null : List.copyOf(grants);
        trust = trust == null ? Trust.UNKNOWN : trust;
    }

    /**
     * Whether the role may perform {@code action} on the resource {@code arn}. Only complete static evidence with
     * its statements' resources can say DENIED: any policy not seen, or a conditional statement that would allow it,
     * makes it UNKNOWN. A {@code Deny} statement is not read, so ALLOWED may be too kind, never too harsh.
     */
    public Decision decide(String action, String arn) {
        if (!complete || grants == null) {
            return Decision.UNKNOWN;
        }
        boolean uncertain = false;
        for (Grant grant : grants) {
            if (!grant.grantsAction(action)) {
                continue;
            }
            if (grant.coversResource(arn) && !grant.conditional()) {
                return Decision.ALLOWED;
            }
            // a condition, a resource the policy names only by reference, or one the task does: it may apply
            uncertain |= grant.conditional()
                    || grant.mayCover(arn)
                    || (Grant.isUnknown(arn) && !grant.resources().stream().allMatch(Grant::isUnknown));
        }
        return uncertain ? Decision.UNKNOWN : Decision.DENIED;
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
