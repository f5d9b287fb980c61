package io.github.ecspreflight.check;

import static io.github.ecspreflight.check.CheckFixtures.BUILT_IMAGE;
import static io.github.ecspreflight.check.CheckFixtures.builtWith;
import static io.github.ecspreflight.check.CheckFixtures.failingOnWarning;
import static io.github.ecspreflight.check.CheckFixtures.line;
import static io.github.ecspreflight.check.CheckFixtures.task;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.ecspreflight.common.SourceLocation;
import io.github.ecspreflight.ecs.ContainerDefinition;
import io.github.ecspreflight.ecs.LogConfiguration;
import io.github.ecspreflight.ecs.TaskDefinition;
import io.github.ecspreflight.image.Image;
import io.github.ecspreflight.image.Platform;
import io.github.ecspreflight.image.TestImages;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * EP001, EP002, EP003 and EP007 through {@link Preflight#check}, with real Jib-built images against task-definition
 * fixtures whose logging is complete, so that every finding listed is a platform finding.
 */
class PlatformRulesTest {

    @TempDir
    static Path work;

    @BeforeAll
    static void buildImages() throws Exception {
        TestImages.dockerArchive(TestImages.scratch("arm64", work), work.resolve("arm.tar"), BUILT_IMAGE);
        TestImages.dockerArchive(TestImages.scratch("amd64", work), work.resolve("amd.tar"), BUILT_IMAGE);
        Path armOci =
                TestImages.ociArchive(TestImages.scratch("arm64", work), work.resolve("arm-oci.tar"), BUILT_IMAGE);
        Path amdOci =
                TestImages.ociArchive(TestImages.scratch("amd64", work), work.resolve("amd-oci.tar"), BUILT_IMAGE);
        TestImages.ociIndexLayout(List.of(armOci), work.resolve("arm-only-index"), BUILT_IMAGE, false);
        TestImages.ociIndexLayout(List.of(amdOci, armOci), work.resolve("multi-index"), BUILT_IMAGE, true);
    }

    private static CheckResult check(String image, String taskDefinition, CheckOptions options) throws Exception {
        try (Image opened = CheckFixtures.open(work, image)) {
            return CheckFixtures.check(opened, task(taskDefinition), options);
        }
    }

    private static Finding only(CheckResult result) {
        assertThat(result.findings()).hasSize(1);
        return result.findings().get(0);
    }

    // EP001

    @Test
    void arm64ImageOnFargateWithoutRuntimePlatformIsEp001AtTheTaskDefinitionsFirstLine() throws Exception {
        CheckResult result =
                check("docker-archive:arm.tar", "fargate-default-platform.json", builtWith(ImageBuilder.JIB));

        Finding finding = only(result);
        assertThat(finding.rule()).isEqualTo(PlatformRules.EP001);
        assertThat(finding.severity()).isEqualTo(Severity.ERROR);
        // describe-task-definition output: the task definition object opens on line 2
        assertThat(finding.location()).isEqualTo(line("fargate-default-platform.json", 2, "\"taskDefinition\": {"));
        assertThat(finding.message())
                .contains("docker-archive:arm.tar")
                .contains("linux/arm64")
                .contains("X86_64")
                .contains("Fargate runs X86_64 when runtimePlatform.cpuArchitecture is absent")
                .contains("exec format error")
                .contains("Essential container in task exited");
        assertThat(result.failed()).isTrue();
    }

    @Test
    void ep001RemediationForJibNamesJibsFromPlatformsTheArm64RuntimePlatformAndCi() throws Exception {
        String fix = only(check("docker-archive:arm.tar", "fargate-default-platform.json", builtWith(ImageBuilder.JIB)))
                .remediation();

        assertThat(fix)
                .contains("<from><platforms><platform><os>linux</os><architecture>amd64</architecture>"
                        + "</platform></platforms></from>")
                .contains("\"runtimePlatform\": {\"cpuArchitecture\": \"ARM64\", \"operatingSystemFamily\": \"LINUX\"}")
                .contains("build in CI on an X86_64 runner")
                .doesNotContain("docker buildx");
    }

    @Test
    void ep001RemediationForDockerNamesBuildxTheArm64RuntimePlatformAndCi() throws Exception {
        String fix = only(check(
                        "docker-archive:arm.tar", "fargate-default-platform.json", builtWith(ImageBuilder.DOCKER)))
                .remediation();

        assertThat(fix)
                .contains("docker buildx build --platform linux/amd64")
                .contains("\"runtimePlatform\": {\"cpuArchitecture\": \"ARM64\", \"operatingSystemFamily\": \"LINUX\"}")
                .contains("build in CI on an X86_64 runner")
                .doesNotContain("<platforms>");
    }

    @Test
    void ep001RemediationForATerraformSourceIsAValidRuntimePlatformBlock() throws Exception {
        SourceLocation resource = new SourceLocation("infra/ecs.tf", 12);
        TaskDefinition terraform = new TaskDefinition(
                "infra/ecs.tf",
                "my-service",
                null,
                null,
                null,
                List.of("FARGATE"),
                "arn:aws:iam::123456789012:role/ecsTaskExecutionRole",
                List.of(),
                List.of(new ContainerDefinition(
                        "app",
                        "123456789012.dkr.ecr.eu-west-1.amazonaws.com/my-service:1.0",
                        true,
                        null,
                        null,
                        Map.of(),
                        null,
                        new LogConfiguration(
                                "awslogs",
                                Map.of(
                                        "awslogs-group",
                                        "/ecs/my-service",
                                        "awslogs-region",
                                        "eu-west-1",
                                        "awslogs-stream-prefix",
                                        "app"),
                                resource),
                        resource)),
                TaskDefinition.Locations.of(resource),
                TaskDefinition.Format.TERRAFORM,
                "512",
                "256",
                "awsvpc");
        CheckResult result;
        try (Image image = CheckFixtures.open(work, "docker-archive:arm.tar")) {
            result = CheckFixtures.check(image, terraform, builtWith(ImageBuilder.JIB));
        }

        Finding finding = only(result);
        assertThat(finding.rule()).isEqualTo(PlatformRules.EP001);
        assertThat(finding.location()).isEqualTo(resource);
        assertThat(finding.remediation()).contains("runtime_platform { cpu_architecture = \"ARM64\" }");
    }

    @Test
    void ep007ForATerraformVariableSaysHowToGiveItAValue() throws Exception {
        SourceLocation resource = new SourceLocation("infra/ecs.tf", 12);
        TaskDefinition terraform = new TaskDefinition(
                "infra/ecs.tf",
                "my-service",
                null,
                "${var.cpu_architecture}",
                null,
                List.of("FARGATE"),
                "arn:aws:iam::123456789012:role/ecsTaskExecutionRole",
                List.of(),
                List.of(new ContainerDefinition(
                        "app",
                        "123456789012.dkr.ecr.eu-west-1.amazonaws.com/my-service:1.0",
                        true,
                        null,
                        null,
                        Map.of(),
                        null,
                        new LogConfiguration(
                                "awslogs",
                                Map.of(
                                        "awslogs-group",
                                        "/ecs/my-service",
                                        "awslogs-region",
                                        "eu-west-1",
                                        "awslogs-stream-prefix",
                                        "app"),
                                resource),
                        resource)),
                TaskDefinition.Locations.of(resource),
                TaskDefinition.Format.TERRAFORM,
                "512",
                "256",
                "awsvpc");
        CheckResult result;
        try (Image image = CheckFixtures.open(work, "docker-archive:arm.tar")) {
            result = CheckFixtures.check(image, terraform, builtWith(ImageBuilder.JIB));
        }

        Finding finding = only(result);
        assertThat(finding.rule()).isEqualTo(PlatformRules.EP007);
        assertThat(finding.remediation())
                .startsWith("give var.cpu_architecture the value the deployment gets (-DecsPreflight.variables="
                        + "cpu_architecture=ARM64, or <variables><cpu_architecture>ARM64</cpu_architecture></variables> "
                        + "in the pom, a .tfvars file in varFiles, or TF_VAR_cpu_architecture), or pin it: ")
                .contains("runtime_platform { cpu_architecture = \"ARM64\" }");
    }

    @Test
    void arm64ImageWithArm64RuntimePlatformHasNoPlatformFinding() throws Exception {
        CheckResult result = check("docker-archive:arm.tar", "fargate-arm64.json", CheckOptions.defaults());

        assertThat(result.findings()).isEmpty();
        assertThat(result.failed()).isFalse();
        assertThat(result.image().platforms()).containsExactly(Platform.LINUX_ARM64);
    }

    @Test
    void amd64ImageOnArm64TaskIsEp001AtTheCpuArchitectureLine() throws Exception {
        Finding finding = only(check("docker-archive:amd.tar", "fargate-arm64.json", builtWith(ImageBuilder.DOCKER)));

        assertThat(finding.rule()).isEqualTo(PlatformRules.EP001);
        assertThat(finding.severity()).isEqualTo(Severity.ERROR);
        assertThat(finding.location()).isEqualTo(line("fargate-arm64.json", 10, "\"cpuArchitecture\": \"ARM64\""));
        assertThat(finding.message())
                .contains("linux/amd64")
                .contains("runtimePlatform.cpuArchitecture is ARM64")
                .contains("exec format error")
                .contains("Essential container in task exited");
        assertThat(finding.remediation())
                .contains("docker buildx build --platform linux/arm64")
                .contains("\"cpuArchitecture\": \"X86_64\"")
                .contains("build in CI on an ARM64 runner");
    }

    // EP003

    @Test
    void indexWithOnlyArm64OnAnX8664TaskIsEp003ListingWhatItHas() throws Exception {
        CheckResult result = check("oci:arm-only-index", "fargate-x86_64.json", builtWith(ImageBuilder.JIB));

        Finding finding = only(result);
        assertThat(finding.rule()).isEqualTo(PlatformRules.EP003);
        assertThat(finding.severity()).isEqualTo(Severity.ERROR);
        assertThat(finding.location()).isEqualTo(line("fargate-x86_64.json", 10, "\"cpuArchitecture\": \"X86_64\""));
        assertThat(finding.message())
                .contains("has no linux/amd64 manifest")
                .contains("it offers linux/arm64")
                .contains("runtimePlatform.cpuArchitecture is X86_64");
        assertThat(finding.remediation())
                .contains("add <platform> linux/amd64 to Jib's <from><platforms>")
                .contains("\"cpuArchitecture\": \"ARM64\"");
        assertThat(result.failed()).isTrue();
    }

    @Test
    void indexWithOnlyArm64OnAnArm64TaskPasses() throws Exception {
        CheckResult result = check("oci:arm-only-index", "fargate-arm64.json", CheckOptions.defaults());

        assertThat(result.findings()).isEmpty();
        assertThat(result.failed()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"fargate-x86_64.json", "fargate-arm64.json", "fargate-default-platform.json"})
    void indexWithAmd64AndArm64AndAttestationsPassesOnEitherArchitecture(String taskDefinition) throws Exception {
        CheckResult result = check("oci:multi-index", taskDefinition, CheckOptions.defaults());

        assertThat(result.findings()).isEmpty();
        assertThat(result.failed()).isFalse();
        assertThat(result.image().platforms()).containsExactly(Platform.LINUX_AMD64, Platform.LINUX_ARM64);
    }

    // EP002

    @Test
    void linuxImageOnAWindowsTaskIsEp002AtTheOperatingSystemFamilyLine() throws Exception {
        CheckResult result = check("docker-archive:amd.tar", "fargate-windows-2022.json", CheckOptions.defaults());

        Finding finding = only(result);
        assertThat(finding.rule()).isEqualTo(PlatformRules.EP002);
        assertThat(finding.severity()).isEqualTo(Severity.ERROR);
        assertThat(finding.location())
                .isEqualTo(line(
                        "fargate-windows-2022.json", 11, "\"operatingSystemFamily\": \"WINDOWS_SERVER_2022_CORE\""));
        assertThat(finding.message())
                .contains("is a linux image")
                .contains("WINDOWS_SERVER_2022_CORE")
                .contains("Essential container in task exited");
        assertThat(finding.remediation()).contains("operatingSystemFamily");
        assertThat(result.failed()).isTrue();
    }

    @Test
    void anArm64LinuxImageOnAnX86WindowsTaskIsEp002AndEp001BothAndSkippingEp002KeepsEp001() throws Exception {
        CheckResult result = check("docker-archive:arm.tar", "fargate-windows-2022.json", CheckOptions.defaults());

        assertThat(result.findings())
                .extracting(Finding::rule)
                .containsExactly(PlatformRules.EP002, PlatformRules.EP001);
        assertThat(result.findings().get(1).location())
                .isEqualTo(line("fargate-windows-2022.json", 10, "\"cpuArchitecture\": \"X86_64\""));

        CheckOptions withoutEp002 = new CheckOptions(
                null,
                CheckOptions.defaults().allowedLogDrivers(),
                java.util.Set.of(PlatformRules.EP002),
                true,
                false,
                CheckOptions.defaults().imageBuilder());
        assertThat(check("docker-archive:arm.tar", "fargate-windows-2022.json", withoutEp002)
                        .findings())
                .extracting(Finding::rule)
                .containsExactly(PlatformRules.EP001);
    }

    // EP007

    @Test
    void ec2OnlyTaskWithoutRuntimePlatformOrConstraintIsAnEp007WarningThatDoesNotFail() throws Exception {
        CheckResult result = check("docker-archive:amd.tar", "ec2-no-platform.json", CheckOptions.defaults());

        Finding finding = only(result);
        assertThat(finding.rule()).isEqualTo(PlatformRules.EP007);
        assertThat(finding.severity()).isEqualTo(Severity.WARNING);
        assertThat(finding.location()).isEqualTo(line("ec2-no-platform.json", 1, "{"));
        assertThat(finding.message())
                .contains("EC2 launch type")
                .contains("linux/amd64")
                .contains("exec format error");
        assertThat(finding.remediation())
                .contains("\"cpuArchitecture\": \"X86_64\"")
                .contains("attribute:ecs.cpu-architecture");
        assertThat(result.failed()).isFalse();
    }

    @Test
    void ep007FailsTheCheckWithFailOnWarning() throws Exception {
        CheckResult result = check("docker-archive:amd.tar", "ec2-no-platform.json", failingOnWarning());

        assertThat(result.findings()).extracting(Finding::rule).containsExactly(PlatformRules.EP007);
        assertThat(result.failed()).isTrue();
    }

    @Test
    void ep007PlacementConstraintUsesEcsAttributeValueX8664ForAnAmd64Image() throws Exception {
        String fix = only(check("docker-archive:amd.tar", "ec2-no-platform.json", CheckOptions.defaults()))
                .remediation();

        assertThat(fix)
                .contains("attribute:ecs.cpu-architecture == x86_64")
                .doesNotContain("attribute:ecs.cpu-architecture == amd64");
    }

    @Test
    void ep007PlacementConstraintForAnArm64ImageNamesArm64() throws Exception {
        String fix = only(check("docker-archive:arm.tar", "ec2-no-platform.json", CheckOptions.defaults()))
                .remediation();

        assertThat(fix).contains("attribute:ecs.cpu-architecture == arm64").contains("\"cpuArchitecture\": \"ARM64\"");
    }

    @Test
    void ec2TaskWithArm64PlacementConstraintRunsAnArm64ImageWithoutFindings() throws Exception {
        CheckResult result = check("docker-archive:arm.tar", "ec2-arm64-constraint.json", CheckOptions.defaults());

        assertThat(result.findings()).isEmpty();
        assertThat(result.failed()).isFalse();
    }

    @Test
    void ec2TaskWithArm64PlacementConstraintRejectsAnAmd64ImageWithEp001() throws Exception {
        Finding finding = only(check("docker-archive:amd.tar", "ec2-arm64-constraint.json", CheckOptions.defaults()));

        assertThat(finding.rule()).isEqualTo(PlatformRules.EP001);
        assertThat(finding.severity()).isEqualTo(Severity.ERROR);
        assertThat(finding.location()).isEqualTo(line("ec2-arm64-constraint.json", 1, "{"));
        assertThat(finding.message())
                .contains("linux/amd64")
                .contains("attribute:ecs.cpu-architecture == arm64")
                .contains("exec format error");
    }

    @Test
    void unknownTargetIsReportedOnlyAsEp007NotAsAPlatformMismatch() throws Exception {
        CheckResult result = check("oci:multi-index", "ec2-no-platform.json", CheckOptions.defaults());

        assertThat(result.findings()).extracting(Finding::rule).containsExactly(PlatformRules.EP007);
        assertThat(result.findings().get(0).message()).contains("linux/amd64, linux/arm64");
    }
}
