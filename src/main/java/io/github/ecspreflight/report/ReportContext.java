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

    /**
     * The module the reports are for, as CI shows it: the project directory's name, which in a reactor is the
     * module's ({@code orders-service}); null at a file system root.
     */
    public String module() {
        Path name = baseDirectory.getFileName();
        return name == null ? null : name.toString();
    }
}
