package io.github.ecspreflight.report;

import static io.github.ecspreflight.check.CheckFixtures.BUILT_IMAGE;
import static io.github.ecspreflight.check.CheckFixtures.SECRET;
import static io.github.ecspreflight.check.CheckFixtures.task;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.ecspreflight.check.CheckFixtures;
import io.github.ecspreflight.check.CheckOptions;
import io.github.ecspreflight.check.CheckResult;
import io.github.ecspreflight.check.EntrypointRules;
import io.github.ecspreflight.check.Rules;
import io.github.ecspreflight.image.Image;
import io.github.ecspreflight.image.TestImages;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code report.json} as DESIGN.md's Output fixes it: read back with Jackson, key by key and in order. */
class JsonReportTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    static Path work;

    @TempDir
    Path reportDirectory;

    static String armDigest;

    @BeforeAll
    static void buildImages() throws Exception {
        TestImages.dockerArchive(TestImages.scratch("arm64", work), work.resolve("arm.tar"), BUILT_IMAGE);
        TestImages.dockerArchive(TestImages.scratch("amd64", work), work.resolve("amd.tar"), BUILT_IMAGE);
        Path armOci =
                TestImages.ociArchive(TestImages.scratch("arm64", work), work.resolve("arm-oci.tar"), BUILT_IMAGE);
        Path amdOci =
                TestImages.ociArchive(TestImages.scratch("amd64", work), work.resolve("amd-oci.tar"), BUILT_IMAGE);
        TestImages.ociIndexLayout(List.of(amdOci, armOci), work.resolve("multi-index"), BUILT_IMAGE, true);
        try (Image image = CheckFixtures.open(work, "docker-archive:arm.tar")) {
            armDigest = image.digest();
        }
    }

    private static CheckResult check(String image, String taskDefinition) throws Exception {
        try (Image opened = CheckFixtures.open(work, image)) {
            return CheckFixtures.check(opened, task(taskDefinition), CheckOptions.defaults())
                    .withDuration(1234);
        }
    }

    private JsonNode writeAndRead(CheckResult result) throws Exception {
        Path file = JsonReport.write(result, reportDirectory);
        assertThat(file).isEqualTo(reportDirectory.resolve("report.json"));
        return MAPPER.readTree(file.toFile());
    }

    private static List<String> keys(JsonNode node) {
        List<String> keys = new ArrayList<>();
        node.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    @Test
    void aFindingAboutTheImageAloneStillHasALocationObjectNamingTheImage() throws Exception {
        CheckResult result = check("docker-archive:arm.tar", "fargate-default-platform.json");
        var finding = result.findings().get(0);
        CheckResult withoutLocation = new CheckResult(
                result.image(),
                result.taskDefinition(),
                result.container(),
                List.of(new io.github.ecspreflight.check.Finding(
                        finding.rule(), finding.severity(), finding.message(), null, finding.remediation())),
                result.outcomes(),
                result.failOnWarning(),
                1);

        JsonNode location = writeAndRead(withoutLocation).get("findings").get(0).get("location");

        assertThat(keys(location)).containsExactly("file", "line");
        assertThat(location.get("file").asText()).isEqualTo("docker-archive:arm.tar");
        assertThat(location.get("line").isNull()).isTrue();
    }

    @Test
    void everyLevelHasExactlyTheKeysOfTheContractInItsOrder() throws Exception {
        JsonNode report = writeAndRead(check("docker-archive:arm.tar", "fargate-default-platform.json"));

        assertThat(keys(report))
                .containsExactly(
                        "tool",
                        "image",
                        "taskDefinition",
                        "container",
                        "findings",
                        "outcomes",
                        "result",
                        "durationMillis");
        assertThat(keys(report.get("tool"))).containsExactly("name", "version");
        assertThat(keys(report.get("image"))).containsExactly("reference", "digest", "platforms");
        assertThat(keys(report.get("image").get("platforms").get(0))).containsExactly("os", "architecture", "variant");
        assertThat(keys(report.get("taskDefinition")))
                .containsExactly(
                        "source",
                        "family",
                        "revision",
                        "cpuArchitecture",
                        "operatingSystemFamily",
                        "requiresCompatibilities");
        assertThat(report.get("findings")).hasSize(1);
        assertThat(keys(report.get("findings").get(0)))
                .containsExactly("rule", "severity", "message", "location", "remediation");
        assertThat(keys(report.get("findings").get(0).get("location"))).containsExactly("file", "line");
        assertThat(report.get("outcomes")).hasSize(Rules.all().size());
        assertThat(keys(report.get("outcomes").get(0))).containsExactly("rule", "outcome", "reason");
    }

    @Test
    void outcomesSayWhichRulesFailedPassedOrWereNotRunAndWhy() throws Exception {
        JsonNode outcomes = writeAndRead(check("docker-archive:arm.tar", "fargate-default-platform.json"))
                .get("outcomes");

        assertThat(outcomes.get(0).get("rule").asText()).isEqualTo("EP001");
        assertThat(outcomes.get(0).get("outcome").asText()).isEqualTo("FAILED");
        assertThat(outcomes.get(0).get("reason").isNull()).isTrue();
        JsonNode ep004 = outcomes.get(Rules.indexOf(EntrypointRules.EP004));
        assertThat(ep004.get("outcome").asText()).isEqualTo("NOT_RUN");
        assertThat(ep004.get("reason").asText()).isEqualTo("the image does not run on the task's platform (EP001)");
    }

    @Test
    void aFailedCheckReportsItsFindingsAndFailed() throws Exception {
        JsonNode report = writeAndRead(check("docker-archive:arm.tar", "fargate-default-platform.json"));

        JsonNode tool = report.get("tool");
        assertThat(tool.get("name").asText()).isEqualTo("ecs-preflight-maven-plugin");
        assertThat(tool.get("version").asText()).matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");

        JsonNode image = report.get("image");
        assertThat(image.get("reference").asText()).isEqualTo("docker-archive:arm.tar");
        assertThat(image.get("digest").asText()).isEqualTo(armDigest).startsWith("sha256:");
        assertThat(image.get("platforms")).hasSize(1);
        JsonNode platform = image.get("platforms").get(0);
        assertThat(platform.get("os").asText()).isEqualTo("linux");
        assertThat(platform.get("architecture").asText()).isEqualTo("arm64");
        assertThat(platform.get("variant").isNull()).isTrue();

        JsonNode taskDefinition = report.get("taskDefinition");
        assertThat(taskDefinition.get("source").asText()).isEqualTo("fargate-default-platform.json");
        assertThat(taskDefinition.get("family").asText()).isEqualTo("my-service");
        assertThat(taskDefinition.get("revision").isInt()).isTrue();
        assertThat(taskDefinition.get("revision").asInt()).isEqualTo(7);
        // the effective platform: Fargate without runtimePlatform runs X86_64 Linux
        assertThat(taskDefinition.get("cpuArchitecture").asText()).isEqualTo("X86_64");
        assertThat(taskDefinition.get("operatingSystemFamily").asText()).isEqualTo("LINUX");
        assertThat(taskDefinition.get("requiresCompatibilities")).hasSize(1);
        assertThat(taskDefinition.get("requiresCompatibilities").get(0).asText())
                .isEqualTo("FARGATE");

        assertThat(report.get("container").asText()).isEqualTo("app");

        JsonNode finding = report.get("findings").get(0);
        assertThat(finding.get("rule").asText()).isEqualTo("EP001");
        assertThat(finding.get("severity").asText()).isEqualTo("ERROR");
        assertThat(finding.get("message").asText())
                .contains("exec format error")
                .contains("Essential container in task exited");
        assertThat(finding.get("location").get("file").asText()).isEqualTo("fargate-default-platform.json");
        assertThat(finding.get("location").get("line").asInt()).isEqualTo(2);
        assertThat(finding.get("remediation").asText()).contains("docker buildx build --platform linux/amd64");

        assertThat(report.get("result").asText()).isEqualTo("FAILED");
        assertThat(report.get("durationMillis").isIntegralNumber()).isTrue();
        assertThat(report.get("durationMillis").asLong()).isEqualTo(1234);
    }

    @Test
    void aCleanCheckReportsNoFindingsAndPassed() throws Exception {
        JsonNode report = writeAndRead(check("docker-archive:amd.tar", "fargate-default-platform.json"));

        assertThat(report.get("findings").isArray()).isTrue();
        assertThat(report.get("findings")).isEmpty();
        assertThat(report.get("result").asText()).isEqualTo("PASSED");
    }

    @Test
    void aWarningAloneIsPassed() throws Exception {
        JsonNode report = writeAndRead(check("docker-archive:amd.tar", "other-repository.json"));

        assertThat(report.get("findings")).hasSize(1);
        assertThat(report.get("findings").get(0).get("severity").asText()).isEqualTo("WARNING");
        assertThat(report.get("result").asText()).isEqualTo("PASSED");
    }

    @Test
    void anIndexListsItsPlatformsWithoutAttestations() throws Exception {
        JsonNode report = writeAndRead(check("oci:multi-index", "fargate-arm64.json"));

        JsonNode platforms = report.get("image").get("platforms");
        assertThat(platforms).hasSize(2);
        assertThat(platforms.get(0).get("architecture").asText()).isEqualTo("amd64");
        assertThat(platforms.get(1).get("architecture").asText()).isEqualTo("arm64");
        assertThat(report.get("taskDefinition").get("cpuArchitecture").asText()).isEqualTo("ARM64");
        assertThat(report.get("taskDefinition").get("revision").isNull()).isTrue();
        assertThat(report.get("result").asText()).isEqualTo("PASSED");
    }

    @Test
    void anUnknownArchitectureIsNullNotAGuess() throws Exception {
        JsonNode report = writeAndRead(check("docker-archive:amd.tar", "ec2-no-platform.json"));

        JsonNode taskDefinition = report.get("taskDefinition");
        assertThat(taskDefinition.has("cpuArchitecture")).isTrue();
        assertThat(taskDefinition.get("cpuArchitecture").isNull()).isTrue();
        assertThat(taskDefinition.get("requiresCompatibilities").get(0).asText())
                .isEqualTo("EC2");
        assertThat(report.get("findings").get(0).get("rule").asText()).isEqualTo("EP007");
    }

    @Test
    void theReportDirectoryIsCreated() throws Exception {
        Path nested = reportDirectory.resolve("target/ecs-preflight");

        Path file = JsonReport.write(check("docker-archive:amd.tar", "fargate-arm64.json"), nested);

        assertThat(file).isEqualTo(nested.resolve("report.json")).isRegularFile();
    }

    @Test
    void noContainerEnvironmentValueReachesTheReport() throws Exception {
        Path fixture = CheckFixtures.directory().resolve("fargate-default-platform.json");
        assertThat(Files.readString(fixture)).as("the fixture holds the secret").contains(SECRET);

        CheckResult result = check("docker-archive:arm.tar", "fargate-default-platform.json");
        Path file = JsonReport.write(result, reportDirectory);

        assertThat(new String(Files.readAllBytes(file), StandardCharsets.UTF_8))
                .doesNotContain(SECRET)
                .doesNotContain("SPRING_PROFILES_ACTIVE")
                .doesNotContain("prod\"");
    }
}
