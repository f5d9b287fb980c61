package io.github.ecspreflight.check;

import io.github.ecspreflight.common.SourceLocation;

/**
 * One problem found: what and why ECS fails ({@code message}), the line to edit ({@code location}, null when the
 * problem is in the image alone) and how to fix it in this build ({@code remediation}).
 */
public record Finding(Rule rule, Severity severity, String message, SourceLocation location, String remediation) {

    public static Finding of(Rule rule, String message, SourceLocation location, String remediation) {
        return new Finding(rule, rule.severity(), message, location, remediation);
    }
}
