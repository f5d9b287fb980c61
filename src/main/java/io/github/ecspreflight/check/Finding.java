package io.github.ecspreflight.check;

import io.github.ecspreflight.common.Messages;
import io.github.ecspreflight.common.SourceLocation;
import io.github.ecspreflight.iam.ExecutionRoleEvidence;

/**
 * One problem found: what and why ECS fails ({@code message}), the line to edit ({@code location}, null when the
 * problem is in the image alone) and how to fix it in this build ({@code remediation}).
 */
public record Finding(Rule rule, Severity severity, String message, SourceLocation location, String remediation) {

    /** What a finding says quotes the input (names, paths): control characters in it are written out, never kept. */
    public Finding {
        message = Messages.printable(message);
        remediation = Messages.printable(remediation);
    }

    /** A finding of a rule whose severity is fixed. */
    public static Finding of(Rule rule, String message, SourceLocation location, String remediation) {
        return new Finding(rule, SeverityPolicy.of(rule, null), message, location, remediation);
    }

    /** A finding of a rule graded by evidence: its severity follows where the evidence came from. */
    static Finding of(
            Rule rule,
            ExecutionRoleEvidence.Source evidence,
            String message,
            SourceLocation location,
            String remediation) {
        return new Finding(rule, SeverityPolicy.of(rule, evidence), message, location, remediation);
    }
}
