package io.github.ecspreflight.check;

import static io.github.ecspreflight.check.CheckFixtures.BUILT_IMAGE;
import static io.github.ecspreflight.check.CheckFixtures.failingOnWarning;
import static io.github.ecspreflight.check.CheckFixtures.line;
import static io.github.ecspreflight.check.CheckFixtures.skipping;
import static io.github.ecspreflight.check.CheckFixtures.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ecspreflight.common.PreflightException;
import io.github.ecspreflight.image.Image;
import io.github.ecspreflight.image.Platform;
import io.github.ecspreflight.image.TestImages;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * EP201, container choice, skipRules, failOnWarning and every rule's outcome: how {@link Checks} puts the rule
 * families together.
 */
class ChecksTest {

    @TempDir
    static Path work;

    @BeforeAll
    static void buildImages() throws Exception {
        TestImages.dockerArchive(TestImages.scratch("amd64", work), work.resolve("amd.tar"), BUILT_IMAGE);
        TestImages.dockerArchive(TestImages.scratch("arm64", work), work.resolve("arm.tar"), BUILT_IMAGE);
    }

    private static CheckResult check(String image, String taskDefinition, CheckOptions options) throws Exception {
        try (Image opened = CheckFixtures.open(work, image)) {
            return CheckFixtures.check(opened, task(taskDefinition), options);
        }
    }

    // EP201

    @Test
    void noContainerReferencingTheBuiltRepositoryIsAnEp201WarningAtTheChosenContainer() throws Exception {
        CheckResult result = check("docker-archive:amd.tar", "other-repository.json", CheckOptions.defaults());

        assertThat(result.findings()).hasSize(1);
        Finding finding = result.findings().get(0);
        assertThat(finding.rule()).isEqualTo(ImageReferenceRule.EP201);
        assertThat(finding.severity()).isEqualTo(Severity.WARNING);
        assertThat(finding.location()).isEqualTo(line("other-repository.json", 11, "{"));
        assertThat(finding.message())
                .contains("'my-service'")
                .contains("'public.ecr.aws/nginx/nginx:1.25'")
                .contains("container 'app'");
        assertThat(finding.remediation())
                .contains("point container 'app' at my-service")
                .contains("ecsPreflight.containerName");
        assertThat(result.container()).isEqualTo("app");
        assertThat(result.failed()).isFalse();
    }

    @Test
    void anEcrImageOfTheBuiltRepositoryIsNotEp201() throws Exception {
        // the task pulls 123456789012.dkr.ecr.eu-west-1.amazonaws.com/my-service:1.0; the build made my-service:1.0
        CheckResult result = check("docker-archive:amd.tar", "fargate-x86_64.json", CheckOptions.defaults());

        assertThat(result.findings()).isEmpty();
        assertThat(result.container()).isEqualTo("app");
        assertThat(result.failed()).isFalse();
    }

    // container selection inside the check

    @Test
    void containerNameOptionChoosesTheContainerReported() throws Exception {
        CheckOptions envoy = new CheckOptions("envoy", Set.of("awslogs"), Set.of(), true, false, ImageBuilder.DOCKER);

        CheckResult result = check("docker-archive:amd.tar", "sidecars.json", envoy);

        assertThat(result.container()).isEqualTo("envoy");
        assertThat(result.findings()).isEmpty();
    }

    @Test
    void anAmbiguousTaskDefinitionStopsTheCheckWithTheCandidates() {
        assertThatThrownBy(() ->
                        check("docker-archive:amd.tar", "two-essential-other-images.json", CheckOptions.defaults()))
                .isInstanceOf(PreflightException.class)
                .hasMessageContaining("set ecsPreflight.containerName to one of web (public.ecr.aws/nginx/nginx:1.25), "
                        + "worker (public.ecr.aws/docker/library/busybox:1.36)");
    }

    // all findings at once

    @Test
    void findingsOfEveryRuleAreCollectedPlatformFirst() throws Exception {
        // arm64 image on Fargate's default X86_64, and awslogs without an execution role
        CheckResult result =
                check("docker-archive:arm.tar", "logs-fargate-no-execution-role.json", CheckOptions.defaults());

        assertThat(result.findings())
                .extracting(Finding::rule)
                .containsExactly(PlatformRules.EP001, LoggingRules.EP104);
        assertThat(result.count(Severity.ERROR)).isEqualTo(2);
        assertThat(result.failed()).isTrue();
    }

    @Test
    void theResultDescribesTheImageTaskAndContainerChecked() throws Exception {
        CheckResult result;
        String digest;
        try (Image image = CheckFixtures.open(work, "docker-archive:arm.tar")) {
            digest = image.digest();
            result = CheckFixtures.check(image, task("fargate-arm64.json"), CheckOptions.defaults());
        }

        assertThat(result.imageReference()).isEqualTo("docker-archive:arm.tar");
        assertThat(result.image().digest()).isEqualTo(digest).startsWith("sha256:");
        assertThat(result.image().platforms()).containsExactly(Platform.LINUX_ARM64);
        assertThat(result.taskDefinition().source()).isEqualTo("fargate-arm64.json");
        assertThat(result.container()).isEqualTo("app");
        assertThat(result.durationMillis()).isZero();
        assertThat(result.withDuration(1234).durationMillis()).isEqualTo(1234);
    }

    // skipRules

    @Test
    void skippedRulesLeaveNoFindingAndDoNotFail() throws Exception {
        CheckResult result = check("docker-archive:amd.tar", "logs-missing.json", skipping(LoggingRules.EP101));

        assertThat(result.findings()).isEmpty();
        assertThat(result.failed()).isFalse();
    }

    @Test
    void skippingOneRuleKeepsTheOthers() throws Exception {
        CheckResult result =
                check("docker-archive:arm.tar", "logs-fargate-no-execution-role.json", skipping(LoggingRules.EP104));

        assertThat(result.findings()).extracting(Finding::rule).containsExactly(PlatformRules.EP001);
        assertThat(result.failed()).isTrue();
    }

    @Test
    void skippingAnErrorLeavesOnlyWarningsWhichDoNotFail() throws Exception {
        // arm64 image on Fargate's default X86_64 (EP001, skipped) in a task running nginx (EP201)
        CheckResult result = check("docker-archive:arm.tar", "other-repository.json", skipping(PlatformRules.EP001));

        assertThat(result.findings()).extracting(Finding::rule).containsExactly(ImageReferenceRule.EP201);
        assertThat(result.failed()).isFalse();
    }

    // failOnWarning

    @Test
    void failOnWarningMakesAWarningFail() throws Exception {
        CheckResult lenient = check("docker-archive:amd.tar", "other-repository.json", CheckOptions.defaults());
        CheckResult strict = check("docker-archive:amd.tar", "other-repository.json", failingOnWarning());

        assertThat(lenient.findings()).extracting(Finding::rule).containsExactly(ImageReferenceRule.EP201);
        assertThat(strict.findings()).extracting(Finding::rule).containsExactly(ImageReferenceRule.EP201);
        assertThat(lenient.failed()).isFalse();
        assertThat(strict.failed()).isTrue();
    }

    @Test
    void failOnWarningDoesNotFailWhenTheWarningIsSkipped() throws Exception {
        CheckOptions strictSkippingEp201 = new CheckOptions(
                null, Set.of("awslogs"), Set.of(ImageReferenceRule.EP201), true, true, ImageBuilder.DOCKER);

        CheckResult result = check("docker-archive:amd.tar", "other-repository.json", strictSkippingEp201);

        assertThat(result.findings()).isEmpty();
        assertThat(result.failed()).isFalse();
    }

    @Test
    void defaultsAllowOnlyAwslogsSkipNothingAndDoNotFailOnWarnings() {
        CheckOptions defaults = CheckOptions.defaults();

        assertThat(defaults.containerName()).isNull();
        assertThat(defaults.allowedLogDrivers()).containsExactly("awslogs");
        assertThat(defaults.skipRules()).isEmpty();
        assertThat(defaults.checkEntrypoint()).isTrue();
        assertThat(defaults.failOnWarning()).isFalse();
        assertThat(Rules.all()).noneMatch(defaults.skipRules()::contains);
    }

    @Test
    void rulesAreFoundByTheirIdsAsUsersWriteThemInSkipRules() {
        assertThat(Rules.byId("EP101")).hasValue(LoggingRules.EP101);
        assertThat(Rules.byId(" ep007 ")).hasValue(PlatformRules.EP007);
        assertThat(Rules.byId("EP999")).isEmpty();
        assertThat(PlatformRules.EP007.severity()).isEqualTo(Severity.WARNING);
        assertThat(ImageReferenceRule.EP201.severity()).isEqualTo(Severity.WARNING);
        assertThat(PlatformRules.EP001.severity()).isEqualTo(Severity.ERROR);
    }

    // outcomes: one per rule, never a pass for a rule that did not run

    @Test
    void everyRuleHasOneOutcomeInIdOrder() throws Exception {
        CheckResult result = check("docker-archive:amd.tar", "fargate-x86_64.json", CheckOptions.defaults());

        assertThat(result.outcomes()).extracting(Outcome::rule).containsExactlyElementsOf(Rules.all());
        assertThat(result.outcome(PlatformRules.EP001).status()).isEqualTo(Outcome.Status.PASSED);
        assertThat(result.outcome(LoggingRules.EP101).status()).isEqualTo(Outcome.Status.PASSED);
    }

    @Test
    void aSkippedRuleIsSkippedAndAFailingOneFailed() throws Exception {
        CheckResult result = check(
                "docker-archive:arm.tar",
                "fargate-default-platform.json",
                skipping(ImageReferenceRule.EP201, PlatformRules.EP007));

        assertThat(result.outcome(ImageReferenceRule.EP201))
                .isEqualTo(new Outcome(ImageReferenceRule.EP201, Outcome.Status.SKIPPED, "EP201 skipped by skipRules"));
        assertThat(result.outcome(PlatformRules.EP001).status()).isEqualTo(Outcome.Status.FAILED);
    }

    @Test
    void theEntrypointRulesAreNotRunForAnImageOfAnotherPlatform() throws Exception {
        CheckResult result = check("docker-archive:arm.tar", "fargate-default-platform.json", CheckOptions.defaults());

        for (Rule rule : List.of(EntrypointRules.EP004, EntrypointRules.EP005, EntrypointRules.EP006)) {
            assertThat(result.outcome(rule))
                    .isEqualTo(new Outcome(
                            rule, Outcome.Status.NOT_RUN, "the image does not run on the task's platform (EP001)"));
        }
    }

    @Test
    void withoutTheEntrypointCheckItsRulesAreNotRun() throws Exception {
        CheckOptions noEntrypoint =
                new CheckOptions(null, Set.of("awslogs"), Set.of(), false, false, ImageBuilder.DOCKER);

        CheckResult result = check("docker-archive:amd.tar", "fargate-x86_64.json", noEntrypoint);

        assertThat(result.outcome(EntrypointRules.EP005))
                .isEqualTo(new Outcome(EntrypointRules.EP005, Outcome.Status.NOT_RUN, "checkEntrypoint is false"));
        assertThat(result.failed()).isFalse();
    }

    @Test
    void aSkippedRuleIsNotRunAtAll() throws Exception {
        // EP001 skipped: the platform family still runs for EP002, EP003 and EP007, but no EP001 finding exists
        CheckResult result =
                check("docker-archive:arm.tar", "fargate-default-platform.json", skipping(PlatformRules.EP001));

        assertThat(result.findings()).extracting(Finding::rule).doesNotContain(PlatformRules.EP001);
        assertThat(result.outcome(PlatformRules.EP001).status()).isEqualTo(Outcome.Status.SKIPPED);
        // the image still does not run there, so its entrypoint is still not read
        assertThat(result.outcome(EntrypointRules.EP004).status()).isEqualTo(Outcome.Status.NOT_RUN);
    }

    @Test
    void aRuleFamilyAllOfWhoseRulesAreSkippedIsNotCalled() {
        Verdicts verdicts = new Verdicts(Set.of(LoggingRules.EP101, LoggingRules.EP102));

        assertThat(verdicts.runs(LoggingRules.EP101)).isFalse();
        verdicts.report(Finding.of(LoggingRules.EP101, "m", null, "f"));
        verdicts.notRun(LoggingRules.EP102, "why");
        assertThat(verdicts.findings()).isEmpty();
        assertThat(verdicts.outcomes())
                .filteredOn(o -> o.rule().equals(LoggingRules.EP102))
                .extracting(Outcome::status)
                .containsExactly(Outcome.Status.SKIPPED);
    }

    @Test
    void failOnWarningIsCarriedSoTheResultFailsOnAWarning() throws Exception {
        CheckResult result = check("docker-archive:amd.tar", "other-repository.json", failingOnWarning());

        assertThat(result.failOnWarning()).isTrue();
        assertThat(result.failing()).extracting(Finding::rule).containsExactly(ImageReferenceRule.EP201);
        assertThat(result.failed()).isTrue();
    }

    // input that tries to write log lines of its own

    @Test
    void aNewlineInATaskDefinitionValueCannotForgeALogLineOrAWorkflowCommand() throws Exception {
        String forged = "x\n::error file=README.md,line=1::pwned\n[INFO] BUILD SUCCESS";
        java.nio.file.Path file = work.resolve("forged.json");
        java.nio.file.Files.writeString(file, """
                {"family": "app", "requiresCompatibilities": ["FARGATE"], "cpu": "256", "memory": "512",
                 "executionRoleArn": "arn:aws:iam::123456789012:role/exec",
                 "containerDefinitions": [{"name": "app", "image": "%s", "essential": true,
                   "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group": "/ecs/app",
                     "awslogs-region": "eu-west-1", "awslogs-stream-prefix": "app"}}}]}
                """.formatted(forged.replace("\n", "\\n")));
        CheckResult result;
        try (Image image = CheckFixtures.open(work, "docker-archive:amd.tar")) {
            result = CheckFixtures.check(
                    image,
                    io.github.ecspreflight.ecs.TestTaskDefinitions.load(work, "forged.json"),
                    CheckOptions.defaults());
        }

        Finding ep201 = result.findings().get(0);
        assertThat(ep201.rule()).isEqualTo(ImageReferenceRule.EP201);
        assertThat(ep201.message()).contains("x\\n::error file=README.md").doesNotContain("\n");
        for (String line : io.github.ecspreflight.report.LogReport.block(ep201, "docker-archive:amd.tar")) {
            assertThat(line).doesNotContain("\n").doesNotContain("\r");
        }
    }
}
