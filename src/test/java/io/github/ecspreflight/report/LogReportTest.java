package io.github.ecspreflight.report;

import static io.github.ecspreflight.check.CheckFixtures.SECRET;
import static io.github.ecspreflight.check.CheckFixtures.task;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.ecspreflight.check.CheckFixtures;
import io.github.ecspreflight.check.CheckOptions;
import io.github.ecspreflight.check.CheckResult;
import io.github.ecspreflight.check.EntrypointRules;
import io.github.ecspreflight.check.Finding;
import io.github.ecspreflight.check.ImageReferenceRule;
import io.github.ecspreflight.check.PlatformRules;
import io.github.ecspreflight.image.Image;
import io.github.ecspreflight.image.TestImages;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Maven log's blocks: rule, what, where and fix for each finding, and the one-line verdict. */
class LogReportTest {

    @TempDir
    static Path work;

    @BeforeAll
    static void buildImages() throws Exception {
        TestImages.dockerArchive(TestImages.scratch("arm64", work), work.resolve("arm.tar"), CheckFixtures.BUILT_IMAGE);
        // named after another repository than the task runs, so that EP201 quotes the container's image too
        TestImages.dockerArchive(TestImages.scratch("arm64", work), work.resolve("other.tar"), "other-service:2.0");
    }

    private static CheckResult check(String image, String taskDefinition) throws Exception {
        try (Image opened = CheckFixtures.open(work, image)) {
            return CheckFixtures.check(opened, task(taskDefinition), CheckOptions.defaults())
                    .withDuration(1234);
        }
    }

    @Test
    void aFindingIsOneBlockOfRuleWhatWhereAndFix() throws Exception {
        CheckResult result = check("docker-archive:arm.tar", "fargate-default-platform.json");
        Finding finding = result.findings().get(0);

        assertThat(LogReport.block(finding, result.imageReference()))
                .containsExactly(
                        "EP001 ERROR Image platform differs from the task's CPU architecture",
                        "  what: " + finding.message(),
                        "  where: fargate-default-platform.json:2 (image docker-archive:arm.tar)",
                        "  fix: " + finding.remediation(),
                        "  docs: https://github.com/ecspreflight/ecs-preflight-maven-plugin/blob/main/docs/rules/EP001.md");
        assertThat(finding.message()).contains("exec format error").contains("Essential container in task exited");
    }

    @Test
    void aFindingWithoutLocationIsPlacedInTheImage() {
        Finding inImage = Finding.of(EntrypointRules.EP006, "/app/run is not executable", null, "chmod +x /app/run");

        assertThat(LogReport.block(inImage, "docker-archive:arm.tar"))
                .containsExactly(
                        "EP006 ERROR Entrypoint is not executable",
                        "  what: /app/run is not executable",
                        "  where: docker-archive:arm.tar",
                        "  fix: chmod +x /app/run",
                        "  docs: https://github.com/ecspreflight/ecs-preflight-maven-plugin/blob/main/docs/rules/EP006.md");
    }

    @Test
    void everyRuleHasItsPageInTheRepository() {
        java.nio.file.Path root = java.nio.file.Path.of("").toAbsolutePath();
        for (io.github.ecspreflight.check.Rule rule : io.github.ecspreflight.check.Rules.all()) {
            java.nio.file.Path page = root.resolve(rule.page());
            assertThat(page)
                    .as(rule.id() + "'s page, which its findings and SARIF link to")
                    .isRegularFile();
            assertThat(page).content().startsWith("# " + rule.id() + ": ");
        }
    }

    @Test
    void theSummaryGivesTheVerdictCountsContainerSourceImageAndDuration() throws Exception {
        CheckResult result = check("docker-archive:arm.tar", "fargate-default-platform.json");

        assertThat(LogReport.summary(result))
                .isEqualTo("FAILED: 1 error, 0 warnings for container 'app' of "
                        + "fargate-default-platform.json with image docker-archive:arm.tar (1234 ms)");
    }

    @Test
    void theSummaryCountsErrorsAndWarningsSeparately() throws Exception {
        CheckResult result = check("docker-archive:other.tar", "fargate-default-platform.json");

        assertThat(result.findings())
                .extracting(Finding::rule)
                .containsExactly(PlatformRules.EP001, ImageReferenceRule.EP201);
        assertThat(LogReport.summary(result)).startsWith("FAILED: 1 error, 1 warning for container 'app' of ");
    }

    @Test
    void noContainerEnvironmentValueReachesTheLog() throws Exception {
        CheckResult result = check("docker-archive:other.tar", "fargate-default-platform.json");

        List<String> lines = new ArrayList<>();
        for (Finding finding : result.findings()) {
            lines.addAll(LogReport.block(finding, result.imageReference()));
        }
        lines.add(LogReport.summary(result));

        assertThat(lines).hasSize(2 * 5 + 1); // rule, what, where, fix, docs for each finding; the summary
        assertThat(lines).noneMatch(line -> line.contains(SECRET));
        assertThat(String.valueOf(result)).doesNotContain(SECRET);
    }
}
