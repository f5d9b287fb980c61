package io.github.ecspreflight.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ecspreflight.check.CheckOptions;
import io.github.ecspreflight.check.CheckResult;
import io.github.ecspreflight.check.ExecutionRoleRules;
import io.github.ecspreflight.check.Finding;
import io.github.ecspreflight.check.ImageBuilder;
import io.github.ecspreflight.check.PlatformRules;
import io.github.ecspreflight.check.Severity;
import io.github.ecspreflight.ecs.TaskDefinitionQuery;
import io.github.ecspreflight.image.RegistryAccess;
import io.github.ecspreflight.image.TestImages;
import io.github.ecspreflight.report.ReportFormat;
import io.github.ecspreflight.run.PreflightRequest;
import io.github.ecspreflight.run.PreflightRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A whole check with a live source: the image from a Jib tar, the task definition and IAM's verdict from the stub. */
class LivePreflightTest {

    @TempDir
    Path work;

    private AwsStub stub;
    private FakeAws aws;
    private Path image;

    @BeforeEach
    void start() throws Exception {
        stub = new AwsStub();
        // the account most tests run against: the managed policy, ECS trusted, the services' log groups there
        StubAccount.withTaskExecutionPolicy()
                .logGroup("/ecs/orders-api")
                .logGroup("/ecs/orders-worker")
                .install(stub);
        aws = new FakeAws(stub, Files.createDirectories(work.resolve("home")));
        image = TestImages.dockerArchive(
                TestImages.scratch("arm64", work), work.resolve("orders-api.tar"), "orders-api:1.0");
    }

    @AfterEach
    void stop() {
        aws.close();
        stub.close();
    }

    private CheckResult check(TaskDefinitionQuery query) throws Exception {
        return PreflightRunner.run(new PreflightRequest(
                "docker-archive:" + image,
                query,
                work,
                work.resolve("report"),
                Set.of(ReportFormat.JSON),
                RegistryAccess.defaults(),
                aws.build("build-1"),
                // the live task definition runs java from its base image, which this scratch image does not have
                new CheckOptions(null, Set.of("awslogs"), Set.of(), false, false, ImageBuilder.JIB)));
    }

    @Test
    void iamsDenialIsAnEp105Error() throws Exception {
        stub.answer("DescribeTaskDefinition", "describe-task-definition-fargate.json");

        CheckResult result = check(new TaskDefinitionQuery("ecs:orders-api:3", null, null, null));

        assertThat(result.failed()).isTrue();
        Finding ep105 = result.findings().stream()
                .filter(f -> f.rule() == ExecutionRoleRules.EP105)
                .findFirst()
                .orElseThrow();
        assertThat(ep105.severity()).isEqualTo(Severity.ERROR);
        assertThat(ep105.message())
                .contains("arn:aws:iam::123456789012:role/ecsTaskExecutionRole")
                .contains("IAM's policy simulator denies logs:CreateLogGroup");
        assertThat(ep105.location().file()).isEqualTo("ecs:orders-api:3");
        assertThat(result.findings()).noneMatch(f -> f.rule() == PlatformRules.EP001);
        String report = Files.readString(work.resolve("report/report.json"));
        assertThat(report)
                .containsPattern("\"source\"\\s*:\\s*\"ecs:orders-api:3\"")
                .doesNotContain("env-s3cr3t-never-printed")
                .doesNotContain(FakeAws.SECRET_ACCESS_KEY)
                .doesNotContain(FakeAws.ACCESS_KEY_ID);
    }

    @Test
    void anArm64ImageOnAMixedEc2ClusterFailsForItsX86Instances() throws Exception {
        stub.answer("DescribeServices", "describe-services-ec2.json")
                .answer("DescribeTaskDefinition", "describe-task-definition-ec2-or-fargate.json")
                .answer("ListContainerInstances", "list-container-instances.json")
                .answer("DescribeContainerInstances", "describe-container-instances-mixed.json");

        CheckResult result = check(new TaskDefinitionQuery(null, null, "prod", "orders-api"));

        Finding ep001 = result.findings().stream()
                .filter(f -> f.rule() == PlatformRules.EP001)
                .findFirst()
                .orElseThrow();
        assertThat(ep001.severity()).isEqualTo(Severity.ERROR);
        assertThat(ep001.message())
                .contains("is built for linux/arm64")
                .contains("runs on X86_64")
                .contains("its cluster has x86_64 and arm64 container instances");
        assertThat(result.findings())
                .noneMatch(f -> f.rule() == ExecutionRoleRules.EP105 || f.rule() == PlatformRules.EP007);
        assertThat(AwsStub.operations(stub.requests()))
                .containsExactly(
                        "DescribeServices",
                        "DescribeTaskDefinition",
                        "ListContainerInstances",
                        "DescribeContainerInstances",
                        "DescribeLogGroups",
                        "SimulatePrincipalPolicy",
                        "SimulatePrincipalPolicy",
                        "SimulatePrincipalPolicy",
                        "GetRole");
    }

    @Test
    void anArm64ImageOnAnArm64ClusterPasses() throws Exception {
        stub.answer("DescribeServices", "describe-services-ec2.json")
                .answer("DescribeTaskDefinition", "describe-task-definition-ec2-or-fargate.json")
                .answer("ListContainerInstances", "list-container-instances.json")
                .answer("DescribeContainerInstances", "describe-container-instances-arm64.json");

        CheckResult result = check(new TaskDefinitionQuery(null, null, "prod", "orders-api"));

        assertThat(result.findings()).noneMatch(f -> f.severity() == Severity.ERROR);
        assertThat(result.findings()).noneMatch(f -> f.rule() == PlatformRules.EP007);
    }
}
