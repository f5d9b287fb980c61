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

    /**
     * Writes each format into {@code directory}, in the order JSON, SARIF, JUnit; returns the files written. A report
     * of a format not chosen this run is deleted, so that the directory holds only this run's reports and no CI step
     * reads a stale one.
     */
    public static List<Path> write(CheckResult result, Path directory, Set<ReportFormat> formats, ReportContext context)
            throws IOException {
        List<Path> written = new ArrayList<>();
        for (ReportFormat format : ReportFormat.values()) {
            if (!formats.contains(format)) {
                java.nio.file.Files.deleteIfExists(directory.resolve(format.fileName()));
                continue;
            }
            switch (format) {
                case JSON -> written.add(JsonReport.write(result, directory));
                case SARIF -> written.add(SarifReport.write(result, directory, context));
                case JUNIT -> written.add(JunitReport.write(result, directory, context));
            }
        }
        return written;
    }
}
