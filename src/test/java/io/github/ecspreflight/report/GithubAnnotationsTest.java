package io.github.ecspreflight.report;

import static io.github.ecspreflight.report.ReportFixtures.SECRET;
import static io.github.ecspreflight.report.ReportFixtures.TASK_FILE;
import static io.github.ecspreflight.report.ReportFixtures.ep001;
import static io.github.ecspreflight.report.ReportFixtures.ep006WithoutLocation;
import static io.github.ecspreflight.report.ReportFixtures.ep101;
import static io.github.ecspreflight.report.ReportFixtures.ep201;
import static io.github.ecspreflight.report.ReportFixtures.result;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.ecspreflight.check.CheckResult;
import io.github.ecspreflight.check.Finding;
import io.github.ecspreflight.check.ImageReferenceRule;
import io.github.ecspreflight.check.LoggingRules;
import io.github.ecspreflight.check.PlatformRules;
import io.github.ecspreflight.common.SourceLocation;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Workflow commands exactly as GitHub Actions parses them, and none outside GitHub Actions. */
class GithubAnnotationsTest {

    private static final Map<String, String> ACTIONS = Map.of("GITHUB_ACTIONS", "true", "CI", "true");

    @TempDir
    Path work;

    Path base;

    @BeforeEach
    void layOut() throws Exception {
        base = ReportFixtures.module(work);
    }

    @Test
    void oneCommandPerFindingAtTheFileAndLineRelativeToTheRepositoryRoot() throws Exception {
        Finding simple = Finding.of(
                LoggingRules.EP101,
                "Essential container 'app' has no logConfiguration.",
                new SourceLocation(TASK_FILE, 10),
                "add an awslogs logConfiguration");
        Finding warning = Finding.of(
                ImageReferenceRule.EP201,
                "No container runs my-service.",
                new SourceLocation(TASK_FILE, 11),
                "point app at my-service");

        assertThat(GithubAnnotations.lines(result(base, simple, warning), base, ACTIONS))
                .containsExactly(
                        "::error file=services/orders/ecs/task-definition.json,line=10,title=EP101::Essential container 'app' "
                                + "has no logConfiguration.%0AFix: add an awslogs logConfiguration",
                        "::warning file=services/orders/ecs/task-definition.json,line=11,title=EP201::No container runs "
                                + "my-service.%0AFix: point app at my-service");
    }

    @Test
    void messagesAndPropertiesAreEscapedAsTheActionsToolkitDoes() throws Exception {
        Finding tricky = Finding.of(
                PlatformRules.EP001,
                "100% arm64,\r\nnot amd64: exec format error",
                new SourceLocation("ecs/odd,name:1.json", 3),
                "use 50%\nof it");

        assertThat(GithubAnnotations.lines(result(base, tricky), base, ACTIONS))
                .containsExactly(
                        // the finding already wrote its CR LF out (Messages.printable); the annotation escapes the rest
                        "::error file=services/orders/ecs/odd%2Cname%3A1.json,line=3,title=EP001::100%25 arm64,\\r\\nnot "
                                + "amd64: exec format error%0AFix: use 50%25\\nof it");
    }

    @Test
    void aFindingWithoutLocationHasNoFile() throws Exception {
        assertThat(GithubAnnotations.lines(result(base, ep006WithoutLocation()), base, ACTIONS))
                .containsExactly(
                        "::error title=EP006::The entrypoint /app/hello is not executable (mode 0644).%0AFix: give it the "
                                + "execute bit: Jib <extraDirectories><permissions>");
    }

    @Test
    void aLocationWithoutALineHasNoLine() throws Exception {
        Finding noLine = Finding.of(LoggingRules.EP101, "no logs", SourceLocation.ofFile(TASK_FILE), "add logs");

        assertThat(GithubAnnotations.lines(result(base, noLine), base, ACTIONS))
                .containsExactly(
                        "::error file=services/orders/ecs/task-definition.json,title=EP101::no logs%0AFix: add logs");
    }

    @Test
    void warningsAreErrorsWhenTheyFailTheBuild() throws Exception {
        assertThat(GithubAnnotations.lines(result(base, true, ep201(11)), base, ACTIONS))
                .singleElement()
                .asString()
                .startsWith("::error file=services/orders/ecs/task-definition.json,line=11," + "title=EP201::");
    }

    @Test
    void nothingOutsideGithubActions() throws Exception {
        CheckResult failed = result(base, ep001(1), ep101(10));

        assertThat(GithubAnnotations.lines(failed, base, Map.of())).isEmpty();
        assertThat(GithubAnnotations.lines(failed, base, Map.of("CI", "true", "GITLAB_CI", "true")))
                .isEmpty();
        assertThat(GithubAnnotations.lines(failed, base, Map.of("GITHUB_ACTIONS", "false")))
                .isEmpty();

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        GithubAnnotations.print(failed, base, Map.of(), new PrintStream(bytes, true, StandardCharsets.UTF_8));
        assertThat(bytes.size()).isZero();
    }

    @Test
    void printWritesEachCommandOnItsOwnLine() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        GithubAnnotations.print(
                result(base, ep001(1), ep201(11)), base, ACTIONS, new PrintStream(bytes, true, StandardCharsets.UTF_8));

        String[] lines = bytes.toString(StandardCharsets.UTF_8).split(System.lineSeparator());
        assertThat(lines).hasSize(2);
        assertThat(lines[0])
                .startsWith("::error file=services/orders/ecs/task-definition.json,line=1,title=EP001::Image ");
        assertThat(lines[1])
                .startsWith("::warning file=services/orders/ecs/task-definition.json,line=11,title=EP201::");
        assertThat(bytes.toString(StandardCharsets.UTF_8)).doesNotContain(SECRET);
    }
}
