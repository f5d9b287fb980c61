package io.github.ecspreflight.report;

import java.nio.file.Path;

/**
 * What the SARIF and JUnit reports need beyond the {@link io.github.ecspreflight.check.CheckResult}: where the project
 * is, so that files are named relative to the repository root.
 *
 * @param baseDirectory the project's base directory, against which the task-definition file names resolve
 */
public record ReportContext(Path baseDirectory) {

    public ReportContext {
        baseDirectory = baseDirectory.toAbsolutePath().normalize();
    }
}
