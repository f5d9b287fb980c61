package io.github.ecspreflight.report;

import io.github.ecspreflight.check.CheckOptions;
import io.github.ecspreflight.check.CheckResult;
import io.github.ecspreflight.check.Rule;
import io.github.ecspreflight.check.Severity;
import io.github.ecspreflight.ecs.TaskDefinition;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
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

    /**
     * The context as far as the result and the report directory tell it, for callers that know no more. The base
     * directory is the nearest ancestor of the report directory in which the task-definition file exists
     * ({@code target/ecs-preflight} lies in the project), else the working directory; no rule counts as skipped; and
     * warnings failed the build only when the result failed without an error.
     */
    public static ReportContext inferred(CheckResult result, Path reportDirectory) {
        Path base = inferBase(result, reportDirectory);
        boolean failOnWarning = result.failed() && result.count(Severity.ERROR) == 0;
        return new ReportContext(base, Set.of(), true, failOnWarning);
    }

    private static Path inferBase(CheckResult result, Path reportDirectory) {
        Path cwd = Path.of("").toAbsolutePath();
        String source = result.taskDefinition() == null ? null : result.taskDefinition().source();
        if (source != null && result.taskDefinition().format() != TaskDefinition.Format.LIVE) {
            try {
                Path named = Path.of(source);
                if (!named.isAbsolute()) {
                    for (Path dir = reportDirectory.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
                        if (Files.exists(dir.resolve(named))) {
                            return dir;
                        }
                    }
                }
            } catch (InvalidPathException e) {
                // not a file name: fall through
            }
        }
        return cwd;
    }
}
