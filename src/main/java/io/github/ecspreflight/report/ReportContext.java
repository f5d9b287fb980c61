package io.github.ecspreflight.report;

import io.github.ecspreflight.check.CheckOptions;
import io.github.ecspreflight.check.CheckResult;
import io.github.ecspreflight.check.Rule;
import java.nio.file.Path;
import java.util.Set;

/**
 * What the SARIF and JUnit reports need beyond the {@link CheckResult}: where the project is, so that files are named
 * relative to the repository root, and how the check was run, so that a rule that was not run is reported as skipped
 * rather than passed.
 *
 * @param baseDirectory the project's base directory, against which the task-definition file names resolve
 * @param skippedRules the rules named in {@code skipRules}
 * @param checkEntrypoint whether EP004 to EP006 were to run
 * @param failOnWarning whether warnings failed the build
 */
public record ReportContext(Path baseDirectory, Set<Rule> skippedRules, boolean checkEntrypoint, boolean failOnWarning) {

    public ReportContext {
        baseDirectory = baseDirectory.toAbsolutePath().normalize();
        skippedRules = Set.copyOf(skippedRules);
    }

    public static ReportContext of(Path baseDirectory, CheckOptions options) {
        return new ReportContext(baseDirectory, options.skipRules(), options.checkEntrypoint(), options.failOnWarning());
    }
}
