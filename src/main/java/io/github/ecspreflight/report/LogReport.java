package io.github.ecspreflight.report;

import io.github.ecspreflight.check.CheckResult;
import io.github.ecspreflight.check.Finding;
import io.github.ecspreflight.check.Severity;
import io.github.ecspreflight.common.Messages;
import java.util.ArrayList;
import java.util.List;

/**
 * The findings as blocks of log lines: rule and message, where, and the fix. No Maven types: the Mojo logs them. Every
 * line is {@linkplain Messages#printable printable}: what it quotes of the input cannot start a line of its own.
 */
public final class LogReport {

    private LogReport() {}

    /** One block per finding, in the order found. */
    public static List<String> block(Finding finding, String imageReference) {
        List<String> lines = new ArrayList<>();
        lines.add(finding.rule().id() + " " + finding.severity() + " "
                + finding.rule().title());
        lines.add("  what: " + finding.message());
        lines.add("  where: "
                + (finding.location() == null
                        ? imageReference
                        : finding.location() + " (image " + imageReference + ")"));
        lines.add("  fix: " + finding.remediation());
        lines.add("  docs: " + SarifReport.pageUri(finding.rule()));
        return lines.stream().map(Messages::printable).toList();
    }

    /** One line: the verdict with its counts, the container and the sources. */
    public static String summary(CheckResult result) {
        long errors = result.count(Severity.ERROR);
        long warnings = result.count(Severity.WARNING);
        return Messages.printable((result.failed() ? "FAILED" : "PASSED") + ": " + plural(errors, "error") + ", "
                + plural(warnings, "warning") + " for container '" + result.container() + "' of "
                + result.taskDefinition().source() + " with image " + result.imageReference() + " ("
                + result.durationMillis() + " ms)");
    }

    static String plural(long count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }
}
