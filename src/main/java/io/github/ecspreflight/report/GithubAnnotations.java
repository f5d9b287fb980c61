package io.github.ecspreflight.report;

import io.github.ecspreflight.check.CheckResult;
import io.github.ecspreflight.check.Finding;
import io.github.ecspreflight.check.SeverityPolicy;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * GitHub Actions workflow commands, one per finding, when the build runs in GitHub Actions ({@code GITHUB_ACTIONS=true}):
 * {@code ::error file=PATH,line=N,title=EP001::message} (and {@code ::warning}), so that the pull request's diff shows
 * each finding at the line to edit. The path is relative to the repository root, as GitHub wants it. Elsewhere nothing
 * is printed.
 *
 * <p>The lines must start the output line, so they are printed to the process's standard output directly, not through
 * Maven's log, which would put {@code [ERROR] } before them.
 */
public final class GithubAnnotations {

    private GithubAnnotations() {}

    /**
     * The workflow commands for a result; none unless {@code environment} has {@code GITHUB_ACTIONS=true}.
     *
     */
    public static List<String> lines(CheckResult result, Path baseDirectory, Map<String, String> environment) {
        if (!"true"
                .equalsIgnoreCase(environment.getOrDefault("GITHUB_ACTIONS", "").trim())) {
            return List.of();
        }
        RepositoryPaths paths = RepositoryPaths.of(baseDirectory);
        List<String> lines = new ArrayList<>();
        for (Finding finding : result.findings()) {
            // warnings that failed the build (failOnWarning) are annotated as errors
            boolean error = SeverityPolicy.failsBuild(finding, result.failOnWarning());
            StringBuilder line = new StringBuilder("::").append(error ? "error" : "warning");
            List<String> properties = new ArrayList<>();
            Optional<String> file = paths.relative(finding.location(), result.taskDefinition())
                    .or(() -> paths.path(finding.location(), result.taskDefinition())
                            .map(Path::toString));
            if (file.isPresent()) {
                properties.add("file=" + escapeProperty(file.get()));
                if (finding.location().hasLine()) {
                    properties.add("line=" + finding.location().line());
                }
            }
            properties.add("title=" + escapeProperty(finding.rule().id()));
            line.append(' ').append(String.join(",", properties));
            line.append("::").append(escapeData(finding.message() + "\nFix: " + finding.remediation()));
            lines.add(line.toString());
        }
        return lines;
    }

    /**
     * Prints the lines to {@code out} as one block in one call, so that under {@code mvn -T} no other module's line
     * comes between them or in front of one.
     */
    public static void print(CheckResult result, Path baseDirectory, Map<String, String> environment, PrintStream out) {
        List<String> lines = lines(result, baseDirectory, environment);
        if (lines.isEmpty()) {
            return;
        }
        out.print(String.join(System.lineSeparator(), lines) + System.lineSeparator());
        out.flush();
    }

    /** A command's message, escaped as the Actions toolkit does: {@code %}, CR and LF. */
    static String escapeData(String value) {
        return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A");
    }

    /** A command property's value: also {@code :} and {@code ,}, which would end it. */
    static String escapeProperty(String value) {
        return escapeData(value).replace(":", "%3A").replace(",", "%2C");
    }
}
