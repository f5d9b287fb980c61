package io.github.ecspreflight.check;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import io.github.ecspreflight.common.SourceLocation;
import io.github.ecspreflight.ecs.ContainerRuntime;
import io.github.ecspreflight.ecs.TaskDefinition;
import io.github.ecspreflight.image.Image;
import io.github.ecspreflight.image.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * EP011 on Jib-built images: a distroless-like image (the gcc-built static server only), and images whose /bin/sh and
 * curl are the static fixture binaries, for the task's CPU or another, with the health-check shapes of the ECS API.
 */
class HealthCheckRulesTest {

    private static final SourceLocation HEALTH_LINE = new SourceLocation("task.json", 12);

    @TempDir
    Path work;

    /** linux/amd64 with /app/server and the given executables (path, architecture of the static fixture). */
    private Image image(String... executables) throws Exception {
        FileEntriesLayer.Builder layer = FileEntriesLayer.builder();
        layer.addEntry(binary("amd64"), AbsoluteUnixPath.get("/app/server"), FilePermissions.fromOctalString("755"));
        for (int i = 0; i < executables.length; i += 2) {
            layer.addEntry(
                    binary(executables[i + 1]),
                    AbsoluteUnixPath.get(executables[i]),
                    FilePermissions.fromOctalString("755"));
        }
        JibContainerBuilder builder = Jib.fromScratch()
                .setPlatforms(Set.of(new com.google.cloud.tools.jib.api.buildplan.Platform("amd64", "linux")))
                .addFileEntriesLayer(layer.build())
                .setEntrypoint(List.of("/app/server"))
                .setEnvironment(Map.of("PATH", "/usr/local/bin:/usr/bin:/bin"));
        Path tar = work.resolve("image-" + System.nanoTime() + ".tar");
        TestImages.dockerArchive(builder, tar, "my-service:1.0");
        return CheckFixtures.open(work, "docker-archive:" + tar.getFileName());
    }

    private Path binary(String architecture) throws Exception {
        Path file = Files.createTempFile(work, "bin", ".elf");
        Files.write(file, TestImages.staticBinary(architecture));
        return file;
    }

    private static TaskDefinition task(String... healthCheck) {
        return CheckFixtures.fargateTask(
                new ContainerRuntime(
                        null,
                        null,
                        healthCheck.length == 0 ? null : List.of(healthCheck),
                        healthCheck.length == 0 ? null : HEALTH_LINE,
                        null,
                        null,
                        null),
                Map.of(),
                null);
    }

    private static CheckResult check(Image image, TaskDefinition task) throws Exception {
        try (image) {
            return CheckFixtures.check(image, task, CheckOptions.defaults());
        }
    }

    private static List<Finding> ep011(CheckResult result) {
        return result.findings().stream()
                .filter(f -> f.rule() == HealthCheckRules.EP011)
                .toList();
    }

    @Test
    void aCmdShellCheckOnAnImageWithoutAShellIsEp011AtTheHealthCheck() throws Exception {
        List<Finding> findings =
                ep011(check(image(), task("CMD-SHELL", "curl -f http://localhost:8080/actuator/health || exit 1")));

        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.location()).isEqualTo(HEALTH_LINE);
            assertThat(f.message())
                    .contains("The shell a CMD-SHELL health check runs in, /bin/sh is missing")
                    .contains("UNHEALTHY")
                    .contains("Task failed container health checks");
            assertThat(f.remediation()).contains("CMD exec form").doesNotContain("apt-get install -y /bin/sh");
        });
    }

    @Test
    void curlMissingFromPathIsEp011NamingItAndCountingPathsDirectories() throws Exception {
        List<Finding> findings =
                ep011(check(image("/bin/sh", "amd64"), task("CMD-SHELL", "curl -f http://localhost/")));

        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.message())
                    .contains("The program curl the CMD-SHELL health check starts with is missing")
                    .contains("not in any of the 3 directories of the container's PATH")
                    .doesNotContain("/usr/local/bin:");
            assertThat(f.remediation()).contains("apt-get install -y curl").contains("apk add curl");
        });
    }

    @Test
    void aShellAndCurlForTheTasksCpuPassAndShellWordsNeedNoProgram() throws Exception {
        CheckResult result = check(
                image("/bin/sh", "amd64", "/usr/bin/curl", "amd64"), task("CMD-SHELL", "curl -f http://localhost/"));
        assertThat(ep011(result)).isEmpty();
        assertThat(result.outcome(HealthCheckRules.EP011).status()).isEqualTo(Outcome.Status.PASSED);
        assertThat(ep011(check(image("/bin/sh", "amd64"), task("CMD-SHELL", "exit 0"))))
                .isEmpty();
        assertThat(ep011(check(image(), task("NONE")))).isEmpty();
    }

    @Test
    void aCmdProgramForAnotherCpuIsEp011WithTheKernelsError() throws Exception {
        List<Finding> findings = ep011(
                check(image("/usr/local/bin/healthcheck", "arm64"), task("CMD", "healthcheck", "--port", "8080")));

        assertThat(findings)
                .singleElement()
                .satisfies(f -> assertThat(f.message())
                        .contains(
                                "The health check's CMD program healthcheck (/usr/local/bin/healthcheck, from layer 1 of 1")
                        .contains("but the task runs on X86_64 (\"exec format error\")"));
    }

    @Test
    void noHealthCheckOrOneKnownOnlyAtDeploymentIsNotRun() throws Exception {
        assertThat(check(image(), task()).outcome(HealthCheckRules.EP011).reason())
                .isEqualTo("the container has no healthCheck");
        assertThat(check(image(), task("CMD-SHELL", "${var.health}"))
                        .outcome(HealthCheckRules.EP011)
                        .status())
                .isEqualTo(Outcome.Status.NOT_RUN);
    }

    @Test
    void theFirstWordOfAShellCommandIsAProgramOnlyWhenItIsAPlainWord() {
        assertThat(HealthCheckRules.firstWord("curl -f http://x || exit 1")).isEqualTo("curl");
        assertThat(HealthCheckRules.firstWord("  wget -q -O- http://x")).isEqualTo("wget");
        assertThat(HealthCheckRules.firstWord("/opt/bin/probe;echo")).isEqualTo("/opt/bin/probe");
        assertThat(HealthCheckRules.firstWord("exit 0")).isNull();
        assertThat(HealthCheckRules.firstWord("[ -f /tmp/ready ]")).isNull();
        assertThat(HealthCheckRules.firstWord("FOO=1 probe")).isNull();
        assertThat(HealthCheckRules.firstWord("$(which curl) http://x")).isNull();
    }

    @Test
    void onEc2WithTheCpuUnknownTheHealthCheckIsJudgedForTheImagesOwnCpu() throws Exception {
        TaskDefinition fargate = task("CMD-SHELL", "curl -f http://localhost:8080/health");
        // the same task on EC2 with nothing pinning the CPU (EP007): no target architecture to read
        TaskDefinition ec2 = new TaskDefinition(
                fargate.source(),
                fargate.family(),
                fargate.revision(),
                null,
                fargate.operatingSystemFamily(),
                List.of("EC2"),
                fargate.executionRoleArn(),
                fargate.placementConstraints(),
                fargate.containers(),
                fargate.locations(),
                fargate.format(),
                "512",
                null,
                null);

        CheckResult result = check(image(), ec2);

        assertThat(result.findings()).extracting(Finding::rule).contains(PlatformRules.EP007, HealthCheckRules.EP011);
        assertThat(ep011(result))
                .singleElement()
                .satisfies(f -> assertThat(f.message()).contains("/bin/sh is missing"));
    }
}
