package io.github.ecspreflight.check;

import io.github.ecspreflight.iam.ExecutionRoleEvidence;

/** How severe a finding is, and whether it fails the build: decided here, once, for every rule. */
public final class SeverityPolicy {

    private SeverityPolicy() {}

    /** A rule's finding on evidence from {@code source}; null {@code source} for a rule not graded by evidence. */
    static Severity of(Rule rule, ExecutionRoleEvidence.Source source) {
        if (rule.grading() == Rule.Grading.BY_EVIDENCE && source == ExecutionRoleEvidence.Source.LIVE) {
            return Severity.ERROR;
        }
        return rule.severity();
    }

    /** Errors fail the build; warnings only with {@code failOnWarning}. */
    public static boolean failsBuild(Finding finding, boolean failOnWarning) {
        return finding.severity() == Severity.ERROR || failOnWarning && finding.severity() == Severity.WARNING;
    }
}
