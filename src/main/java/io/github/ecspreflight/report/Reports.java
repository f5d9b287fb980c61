package io.github.ecspreflight.report;

import io.github.ecspreflight.check.CheckResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Writes the chosen report files; one place that knows every format. */
public final class Reports {

    private Reports() {}

    /** Writes each format into {@code directory}; returns the files written. */
    public static List<Path> write(CheckResult result, Path directory, Set<ReportFormat> formats) throws IOException {
        List<Path> written = new ArrayList<>();
        for (ReportFormat format : formats) {
            switch (format) {
                case JSON -> written.add(JsonReport.write(result, directory));
                case SARIF, JUNIT -> {
                    // Written from issue [6] on; report.json carries the same findings meanwhile.
                }
            }
        }
        return written;
    }
}
