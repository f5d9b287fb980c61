package io.github.ecspreflight.iam;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One {@code Allow} statement of a role's policies: the actions it grants on the resources it names.
 *
 * @param actions action patterns, lower-cased ({@code secretsmanager:getsecretvalue}, {@code ecr:*}, {@code *})
 * @param resources resource ARN patterns as written ({@code arn:aws:secretsmanager:*:*:secret:orders/*}, {@code *})
 * @param conditional whether it has a {@code Condition}, or a part known only once deployed: it may or may not apply,
 *     so it can neither prove nor disprove an access
 */
public record Grant(Set<String> actions, List<String> resources, boolean conditional) {

    public Grant {
        actions = actions.stream().map(a -> a.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        resources = List.copyOf(resources);
    }

    /** A grant of actions on every resource, as the AWS managed policies give them. */
    public static Grant everywhere(Set<String> actions) {
        return new Grant(actions, List.of("*"), false);
    }

    boolean grantsAction(String action) {
        String wanted = action.toLowerCase(Locale.ROOT);
        return actions.stream().anyMatch(pattern -> glob(pattern, wanted, false));
    }

    boolean coversResource(String arn) {
        if (isReference(arn)) {
            // a resource known only once deployed is covered by "*", or by the same reference written in the policy
            return resources.stream().anyMatch(pattern -> pattern.equals("*") || pattern.equals(arn));
        }
        return resources.stream().anyMatch(pattern -> !isReference(pattern) && resourceMatches(pattern, arn));
    }

    /** A whole value known only once deployed, not an ARN with some fields so ({@code ${aws_s3_bucket.b.arn}}). */
    static boolean isReference(String text) {
        return REFERENCE.matcher(text).matches();
    }

    private static final Pattern REFERENCE = Pattern.compile("\\$\\{[^{}]+}");

    /**
     * Whether a resource it names is known only once deployed ({@code ${aws_secretsmanager_secret.db.arn}}) and may be
     * {@code arn}: not when both are the ARNs of two different resources of the configuration.
     */
    boolean mayCover(String arn) {
        return resources.stream().anyMatch(pattern -> isReference(pattern) && !distinctResources(pattern, arn));
    }

    /** {@code ${TYPE.NAME.arn}}: the ARN of one resource of a Terraform configuration. */
    private static final Pattern RESOURCE_ARN = Pattern.compile("\\$\\{aws_[a-z0-9_]+\\.[A-Za-z0-9_-]+\\.arn}");

    private static boolean distinctResources(String one, String other) {
        return !one.equals(other)
                && RESOURCE_ARN.matcher(one).matches()
                && RESOURCE_ARN.matcher(other).matches();
    }

    static boolean isUnknown(String text) {
        return text.contains("${");
    }

    /**
     * IAM's resource matching, field by field ({@code arn:partition:service:region:account:resource}), wildcards
     * {@code *} and {@code ?} within a field and across the resource's slashes. A field of {@code arn} that is
     * {@link ExecutionRoleEvidence#UNKNOWN_FIELD unknown} (an SSM parameter's region when the configuration does not
     * say it), or a field of either known only once deployed (CloudFormation's {@code ${AWS::Region}}), matches: it
     * may, and an unknown never makes a finding.
     */
    static boolean resourceMatches(String pattern, String arn) {
        if (pattern.equals("*")) {
            return true;
        }
        // ${AWS::Region} holds colons of its own: each ${...} is one unknown field before the ARN is split
        String[] want = pattern.replaceAll("\\$\\{[^{}]*}", ExecutionRoleEvidence.UNKNOWN_FIELD)
                .split(":", 6);
        String[] have = arn.replaceAll("\\$\\{[^{}]*}", ExecutionRoleEvidence.UNKNOWN_FIELD)
                .split(":", 6);
        if (want.length != 6 || have.length != 6) {
            return glob(pattern, arn, true);
        }
        for (int i = 0; i < 6; i++) {
            if (have[i].contains(ExecutionRoleEvidence.UNKNOWN_FIELD)
                    || want[i].contains(ExecutionRoleEvidence.UNKNOWN_FIELD)) {
                continue;
            }
            if (!glob(want[i], have[i], i < 5)) {
                return false;
            }
        }
        return true;
    }

    private static boolean glob(String pattern, String value, boolean ignoreCase) {
        if (!pattern.contains("*") && !pattern.contains("?")) {
            return ignoreCase ? pattern.equalsIgnoreCase(value) : pattern.equals(value);
        }
        String regex = Pattern.quote(pattern).replace("*", "\\E.*\\Q").replace("?", "\\E.\\Q");
        return Pattern.compile(regex, ignoreCase ? Pattern.CASE_INSENSITIVE : 0)
                .matcher(value)
                .matches();
    }
}
