package io.github.ecspreflight.report;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The report files a check writes into {@code reportDirectory}. */
public enum ReportFormat {
    /** {@code report.json}, in the shape DESIGN.md fixes. */
    JSON,
    /** {@code report.sarif}, SARIF 2.1.0 for code scanning. */
    SARIF,
    /** {@code TEST-ecs-preflight.xml}, JUnit XML for CI test tabs. */
    JUNIT;

    public static Optional<ReportFormat> byName(String name) {
        return Arrays.stream(values()).filter(f -> f.name().equals(name.trim().toUpperCase(Locale.ROOT))).findFirst();
    }
}
