package io.github.ecspreflight.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ecspreflight.image.TestImages;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoParameter;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The goal as Maven configures it: parameter binding, skip, and how outcomes become Maven exceptions. */
@MojoTest
class CheckMojoTest {

    private static final String FARGATE_TASK = """
            {
              "family": "my-service",
              "requiresCompatibilities": ["FARGATE"], "cpu": "256", "memory": "512",
              "executionRoleArn": "arn:aws:iam::123456789012:role/ecsTaskExecutionRole",
              "containerDefinitions": [
                {
                  "name": "app",
                  "image": "123456789012.dkr.ecr.eu-west-1.amazonaws.com/my-service:1.0",
                  "environment": [{"name": "DB_PASSWORD", "value": "hunter2-do-not-print"}],
                  "logConfiguration": {"logDriver": "awslogs", "options": {
                    "awslogs-group": "/ecs/my-service", "awslogs-region": "eu-west-1", "awslogs-stream-prefix": "app"}}
                }
              ]
            }
            """;

    @TempDir
    static Path work;

    @BeforeAll
    static void buildImages() throws Exception {
        TestImages.dockerArchive(TestImages.scratch("arm64", work), work.resolve("arm64.tar"), "my-service:1.0");
        TestImages.dockerArchive(TestImages.scratch("amd64", work), work.resolve("amd64.tar"), "my-service:1.0");
        Files.writeString(work.resolve("task.json"), FARGATE_TASK);
        // on EC2 with nothing pinning the CPU: only the EP007 warning
        Files.writeString(
                work.resolve("ec2-task.json"),
                FARGATE_TASK.replace(
                        "\"requiresCompatibilities\": [\"FARGATE\"], \"cpu\": \"256\", \"memory\": \"512\",",
                        "\"requiresCompatibilities\": [\"EC2\"], \"memory\": \"512\","));
    }

    private static void configure(CheckMojo mojo, String image) {
        mojo.image = "docker-archive:" + work.resolve(image);
        mojo.taskDefinition = work.resolve("task.json").toString();
        mojo.reportDirectory = work.resolve("report-" + image).toFile();
        mojo.allowedLogDrivers = List.of("awslogs");
        mojo.checkEntrypoint = true;
    }

    @Test
    @InjectMojo(goal = "check")
    @MojoParameter(name = "image", value = "oci:build/layout")
    @MojoParameter(name = "taskDefinition", value = "ecs/task.json")
    @MojoParameter(name = "containerName", value = "app")
    @MojoParameter(name = "skipRules", value = "EP201,EP007")
    @MojoParameter(name = "failOnWarning", value = "true")
    void bindsTheDocumentedParameters(CheckMojo mojo) {
        assertThat(mojo.image).isEqualTo("oci:build/layout");
        assertThat(mojo.taskDefinition).isEqualTo("ecs/task.json");
        assertThat(mojo.containerName).isEqualTo("app");
        assertThat(mojo.skipRules).isEqualTo("EP201,EP007");
        assertThat(mojo.failOnWarning).isTrue();
        assertThat(mojo.checkEntrypoint).isTrue();
        assertThat(mojo.skip).isFalse();
    }

    @Test
    @InjectMojo(goal = "check")
    @MojoParameter(name = "skip", value = "true")
    @MojoParameter(name = "image", value = "podman:does-not-matter")
    void skipReadsNothing(CheckMojo mojo) throws Exception {
        mojo.execute();
    }

    @Test
    @InjectMojo(goal = "check")
    void anArm64ImageOnDefaultFargateFailsOnceWithTheRuleIds(CheckMojo mojo) {
        configure(mojo, "arm64.tar");
        assertThatThrownBy(mojo::execute)
                .isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("(EP001)")
                .hasMessageContaining("-DecsPreflight.skipRules=EP001")
                .hasMessageNotContaining("hunter2");
        assertThat(new File(mojo.reportDirectory, "report.json"))
                .content()
                .contains("\"FAILED\"")
                .doesNotContain("hunter2");
    }

    @Test
    @InjectMojo(goal = "check")
    void anAmd64ImageOnDefaultFargatePasses(CheckMojo mojo) throws Exception {
        configure(mojo, "amd64.tar");
        mojo.execute();
        assertThat(new File(mojo.reportDirectory, "report.json")).content().contains("\"PASSED\"");
    }

    @Test
    @InjectMojo(goal = "check")
    void unusableInputIsAOneLineExecutionException(CheckMojo mojo) {
        configure(mojo, "missing.tar");
        assertThatThrownBy(mojo::execute)
                .isInstanceOf(MojoExecutionException.class)
                .hasMessageEndingWith("missing.tar: no such file or directory")
                .hasNoCause() // Maven would append a cause's message to the one line it shows
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").doesNotContain("Exception"));
    }

    @Test
    @InjectMojo(goal = "check")
    void aCpuArchitectureEcsWouldRefuseIsUnusableInputAtItsLine(CheckMojo mojo) throws Exception {
        configure(mojo, "amd64.tar");
        Files.writeString(
                work.resolve("sparc.json"),
                FARGATE_TASK.replace(
                        "\"family\": \"my-service\",",
                        "\"family\": \"my-service\",\n  \"runtimePlatform\": {\"cpuArchitecture\": \"SPARC\"},"));
        mojo.taskDefinition = work.resolve("sparc.json").toString();
        assertThatThrownBy(mojo::execute)
                .isInstanceOf(MojoExecutionException.class)
                .hasMessageEndingWith("sparc.json:3: cpuArchitecture is 'SPARC'; ECS accepts X86_64 or ARM64");
    }

    @Test
    @InjectMojo(goal = "check")
    void theFailureNamesTheFirstReportWritten(CheckMojo mojo) {
        configure(mojo, "arm64.tar");
        mojo.reportFormats = "sarif";
        assertThatThrownBy(mojo::execute)
                .isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("report.sarif")
                .hasMessageNotContaining("report.json");
    }

    @Test
    @InjectMojo(goal = "check")
    void theDockerExecutableAndTheCacheDirectoryAreTheOnesThePomNames(CheckMojo mojo) {
        configure(mojo, "amd64.tar");
        mojo.image = "docker-daemon:my-service:1.0";
        mojo.dockerExecutable = "podman-not-installed-here";
        mojo.cacheDirectory = work.resolve("build-cache").toFile();

        assertThatThrownBy(mojo::execute)
                .isInstanceOf(MojoExecutionException.class)
                .hasMessageContaining("cannot run the container engine CLI 'podman-not-installed-here'")
                .hasMessageContaining("dockerExecutable");
        // the CLI's output goes to a scratch directory in the cache, before the CLI is started
        assertThat(work.resolve("build-cache/tmp")).isDirectory();
    }

    @Test
    @InjectMojo(goal = "check")
    void reportOnlyModePassesTheBuildAndStillWritesTheFindings(CheckMojo mojo) throws Exception {
        configure(mojo, "arm64.tar");
        mojo.reportDirectory = work.resolve("report-only").toFile();
        mojo.failOnError = false;

        mojo.execute();

        assertThat(new File(mojo.reportDirectory, "report.json"))
                .content()
                .contains("\"FAILED\"")
                .contains("EP001");
    }

    @Test
    @InjectMojo(goal = "check")
    void warningsThatFailTheBuildAreNamedAsWarnings(CheckMojo mojo) {
        configure(mojo, "amd64.tar");
        mojo.taskDefinition = work.resolve("ec2-task.json").toString();
        mojo.failOnWarning = true;
        assertThatThrownBy(mojo::execute)
                .isInstanceOf(MojoFailureException.class)
                .hasMessageStartingWith("ecs-preflight: failOnWarning is true and the check found warnings (EP007)")
                .hasMessageNotContaining("would not run");
    }

    @Test
    @InjectMojo(goal = "check")
    void anEmptyReportFormatsIsNamedAndOnlyThisRunsReportsStay(CheckMojo mojo) throws Exception {
        configure(mojo, "amd64.tar");
        mojo.reportDirectory = work.resolve("formats").toFile();
        mojo.reportFormats = " ";
        assertThatThrownBy(mojo::execute)
                .isInstanceOf(MojoExecutionException.class)
                .hasMessageStartingWith("reportFormats: empty");

        mojo.reportFormats = "json,sarif";
        mojo.execute();
        mojo.reportFormats = "sarif";
        mojo.execute();

        assertThat(new File(mojo.reportDirectory, "report.sarif")).exists();
        assertThat(new File(mojo.reportDirectory, "report.json"))
                .as("last run's JSON report")
                .doesNotExist();
    }

    @Test
    @InjectMojo(goal = "check")
    void anUnknownRuleIdInSkipRulesIsNamed(CheckMojo mojo) {
        configure(mojo, "amd64.tar");
        mojo.skipRules = "EP001, EP999";
        assertThatThrownBy(mojo::execute)
                .isInstanceOf(MojoExecutionException.class)
                .hasMessageStartingWith("skipRules: unknown rule id 'EP999'; known: EP001, EP002");
    }

    @Test
    @InjectMojo(goal = "check")
    void skippingTheRuleLetsTheBuildPass(CheckMojo mojo) throws Exception {
        configure(mojo, "arm64.tar");
        mojo.skipRules = "EP001";
        mojo.execute();
    }

    @Test
    @InjectMojo(goal = "check")
    void noImageAndNothingBuiltNamesTheParameter(CheckMojo mojo) {
        configure(mojo, "amd64.tar");
        mojo.image = null;
        assertThatThrownBy(mojo::execute)
                .isInstanceOf(MojoExecutionException.class)
                .hasMessageStartingWith("image: not set and no image found in the build")
                .hasMessageContaining("ecsPreflight.image");
    }

    @org.junit.jupiter.api.Test
    void theLibrariesLoggersStayAtWarnUnderDebugUnlessTheUserSetThem() {
        java.util.Properties system = new java.util.Properties();
        system.setProperty("org.slf4j.simpleLogger.log.com.google.cloud.tools.jib", "debug"); // the user's opt-in

        CheckMojo.quietLibraryLoggers(system);

        assertThat(system.getProperty("org.slf4j.simpleLogger.log.software.amazon.awssdk"))
                .isEqualTo("warn");
        assertThat(system.getProperty("org.slf4j.simpleLogger.log.org.apache.http"))
                .isEqualTo("warn");
        assertThat(system.getProperty("org.slf4j.simpleLogger.log.com.google.cloud.tools.jib"))
                .isEqualTo("debug");
    }
}
