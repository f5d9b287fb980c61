package io.github.ecspreflight.report;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The report files a check writes into {@code reportDirectory}. */
public enum ReportFormat {
    /** {@code report.json}, in the shape DESIGN.md fixes. */
    JSON("report.json"),
    /** {@code report.sarif}, SARIF 2.1.0 for code scanning. */
    SARIF("report.sarif"),
    /** {@code TEST-ecs-preflight.xml}, JUnit XML for CI test tabs. */
    JUNIT("TEST-ecs-preflight.xml");

    private final String fileName;

    ReportFormat(String fileName) {
        this.fileName = fileName;
    }

    /** The file this format is written to in the report directory. */
    public String fileName() {
        return fileName;
    }

    public static Optional<ReportFormat> byName(String name) {
        return Arrays.stream(values())
                .filter(f -> f.name().equals(name.trim().toUpperCase(Locale.ROOT)))
                .findFirst();
    }
}
