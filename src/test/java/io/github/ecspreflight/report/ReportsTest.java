package io.github.ecspreflight.report;

import static io.github.ecspreflight.report.ReportFixtures.context;
import static io.github.ecspreflight.report.ReportFixtures.ep001;
import static io.github.ecspreflight.report.ReportFixtures.result;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dispatcher: the chosen files, in the report directory, and the context when the caller gives none. */
class ReportsTest {

    @TempDir
    Path work;

    Path base;
    Path reports;

    @BeforeEach
    void layOut() throws Exception {
        base = ReportFixtures.module(work);
        reports = base.resolve("target/ecs-preflight");
    }

    @Test
    void allThreeFormatsAreWrittenIntoTheReportDirectory() throws Exception {
        var written = Reports.write(result(base, ep001(1)), reports, EnumSet.allOf(ReportFormat.class), context(base));

        assertThat(written)
                .containsExactly(
                        reports.resolve("report.json"),
                        reports.resolve("report.sarif"),
                        reports.resolve("TEST-ecs-preflight.xml"));
        assertThat(written).allSatisfy(file -> assertThat(file).isRegularFile().isNotEmptyFile());
        SarifSchema.valid(reports.resolve("report.sarif"));
    }

    @Test
    void onlyTheChosenFormatsAreWritten() throws Exception {
        var written = Reports.write(result(base, ep001(1)), reports, Set.of(ReportFormat.JUNIT), context(base));

        assertThat(written).containsExactly(reports.resolve("TEST-ecs-preflight.xml"));
        assertThat(reports.resolve("report.json")).doesNotExist();
        assertThat(reports.resolve("report.sarif")).doesNotExist();
    }

    @Test
    void aSymbolicLinkAlreadyInTheReportDirectoryIsReplacedNeverFollowed() throws Exception {
        // a pull request may commit target/ecs-preflight/report.json -> some file outside the build
        Path outside = Files.writeString(work.resolve("outside.txt"), "must stay as it is");
        Files.createDirectories(reports);
        for (ReportFormat format : ReportFormat.values()) {
            Files.createSymbolicLink(reports.resolve(format.fileName()), outside);
        }

        Reports.write(result(base, ep001(1)), reports, EnumSet.allOf(ReportFormat.class), context(base));

        assertThat(outside).hasContent("must stay as it is");
        for (ReportFormat format : ReportFormat.values()) {
            Path file = reports.resolve(format.fileName());
            assertThat(Files.isSymbolicLink(file)).as(file.toString()).isFalse();
            assertThat(file).isRegularFile().isNotEmptyFile();
        }
        try (var left = Files.list(reports)) {
            assertThat(left).noneMatch(p -> p.getFileName().toString().endsWith(".part"));
        }
    }
}
