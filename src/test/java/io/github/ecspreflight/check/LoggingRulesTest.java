package io.github.ecspreflight.check;

import static io.github.ecspreflight.check.CheckFixtures.BUILT_IMAGE;
import static io.github.ecspreflight.check.CheckFixtures.allowingLogDrivers;
import static io.github.ecspreflight.check.CheckFixtures.line;
import static io.github.ecspreflight.check.CheckFixtures.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.github.ecspreflight.image.Image;
import io.github.ecspreflight.image.TestImages;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * EP101 to EP104 through {@link Preflight#check}: an amd64 image named as the fixtures' app container, on X86_64
 * tasks, so that every finding listed is a logging finding.
 */
class LoggingRulesTest {

    @TempDir
    static Path work;

    @BeforeAll
    static void buildImage() throws Exception {
        TestImages.dockerArchive(TestImages.scratch("amd64", work), work.resolve("amd.tar"), BUILT_IMAGE);
    }

    private static CheckResult check(String taskDefinition, CheckOptions options) throws Exception {
        try (Image image = CheckFixtures.open(work, "docker-archive:amd.tar")) {
            return CheckFixtures.check(image, task(taskDefinition), options);
        }
    }

    private static Finding only(CheckResult result) {
        assertThat(result.findings()).hasSize(1);
        return result.findings().get(0);
    }

    // EP101

    @Test
    void everyEssentialContainerWithoutLogConfigurationIsEp101AtItsOwnLine() throws Exception {
        CheckResult result = check("logs-missing.json", CheckOptions.defaults());

        assertThat(result.findings())
                .extracting(Finding::rule, Finding::severity, Finding::location)
                .containsExactly(
                        tuple(LoggingRules.EP101, Severity.ERROR, line("logs-missing.json", 11, "{")),
                        tuple(LoggingRules.EP101, Severity.ERROR, line("logs-missing.json", 21, "{")));
        assertThat(result.failed()).isTrue();
    }

    @Test
    void ep101NamesTheContainerWhyEcsFailsAndAnAwslogsConfiguration() throws Exception {
        CheckResult result = check("logs-missing.json", CheckOptions.defaults());

        Finding app = result.findings().get(0);
        assertThat(app.message())
                .contains("'app'")
                .contains("no logConfiguration")
                .contains("Essential container in task exited");
        assertThat(app.remediation())
                .contains("\"logDriver\": \"awslogs\"")
                .contains("\"awslogs-group\": \"/ecs/my-service\"")
                .contains("\"awslogs-region\"")
                .contains("\"awslogs-stream-prefix\": \"app\"");
        // envoy leaves "essential" out: ECS treats it as essential
        Finding envoy = result.findings().get(1);
        assertThat(envoy.message()).contains("'envoy'");
        assertThat(envoy.remediation()).contains("\"awslogs-stream-prefix\": \"envoy\"");
    }

    @Test
    void nonEssentialContainerWithoutLogConfigurationIsNotAFinding() throws Exception {
        CheckResult result = check("logs-missing.json", CheckOptions.defaults());

        assertThat(result.findings())
                .extracting(Finding::message)
                .noneMatch(message -> message.contains("xray-daemon"));
    }

    // EP102

    @Test
    void logDriverNotInAllowedLogDriversIsEp102AtTheLogConfigurationLine() throws Exception {
        Finding finding = only(check("logs-splunk.json", CheckOptions.defaults()));

        assertThat(finding.rule()).isEqualTo(LoggingRules.EP102);
        assertThat(finding.severity()).isEqualTo(Severity.ERROR);
        assertThat(finding.location()).isEqualTo(line("logs-splunk.json", 15, "\"logConfiguration\""));
        assertThat(finding.message()).contains("'app'").contains("'splunk'").contains("allowedLogDrivers (awslogs)");
        assertThat(finding.remediation())
                .contains("\"logDriver\": \"awslogs\"")
                .contains("add 'splunk' to allowedLogDrivers");
    }

    @Test
    void logDriverInAllowedLogDriversPasses() throws Exception {
        CheckResult result = check("logs-splunk.json", allowingLogDrivers("awslogs", "splunk"));

        assertThat(result.findings()).isEmpty();
        assertThat(result.failed()).isFalse();
    }

    // EP103

    @Test
    void awslogsWithoutRegionIsEp103NamingOnlyTheRegion() throws Exception {
        Finding finding = only(check("logs-fargate-no-region.json", CheckOptions.defaults()));

        assertThat(finding.rule()).isEqualTo(LoggingRules.EP103);
        assertThat(finding.severity()).isEqualTo(Severity.ERROR);
        assertThat(finding.location()).isEqualTo(line("logs-fargate-no-region.json", 19, "\"logConfiguration\""));
        assertThat(finding.message())
                .contains("lack awslogs-region")
                .doesNotContain("awslogs-group")
                .doesNotContain("awslogs-stream-prefix");
        assertThat(finding.remediation()).contains("\"awslogs-region\": \"REGION\"");
    }

    @Test
    void awslogsWithoutStreamPrefixOnFargateIsEp103() throws Exception {
        Finding finding = only(check("logs-fargate-no-stream-prefix.json", CheckOptions.defaults()));

        assertThat(finding.rule()).isEqualTo(LoggingRules.EP103);
        assertThat(finding.location())
                .isEqualTo(line("logs-fargate-no-stream-prefix.json", 19, "\"logConfiguration\""));
        assertThat(finding.message())
                .contains("awslogs-stream-prefix (required on Fargate)")
                .doesNotContain("awslogs-region");
        assertThat(finding.remediation()).contains("\"awslogs-stream-prefix\": \"app\"");
    }

    @Test
    void awslogsWithoutStreamPrefixOnEc2Passes() throws Exception {
        CheckResult result = check("logs-ec2-no-stream-prefix.json", CheckOptions.defaults());

        assertThat(result.findings()).isEmpty();
        assertThat(result.failed()).isFalse();
    }

    // EP104

    @Test
    void awslogsOnFargateWithoutExecutionRoleIsEp104AtTheTaskDefinitionsFirstLine() throws Exception {
        Finding finding = only(check("logs-fargate-no-execution-role.json", CheckOptions.defaults()));

        assertThat(finding.rule()).isEqualTo(LoggingRules.EP104);
        assertThat(finding.severity()).isEqualTo(Severity.ERROR);
        assertThat(finding.location()).isEqualTo(line("logs-fargate-no-execution-role.json", 1, "{"));
        assertThat(finding.message())
                .contains("'app'")
                .contains("no executionRoleArn")
                .contains("Fargate");
        assertThat(finding.remediation()).contains("executionRoleArn").contains("AmazonECSTaskExecutionRolePolicy");
    }

    @Test
    void awslogsOnEc2WithoutExecutionRoleIsNotEp104() throws Exception {
        // ec2-no-platform.json has no executionRoleArn; its only finding is the unknown architecture
        CheckResult result = check("ec2-no-platform.json", CheckOptions.defaults());

        assertThat(result.findings()).extracting(Finding::rule).containsExactly(PlatformRules.EP007);
    }
}
