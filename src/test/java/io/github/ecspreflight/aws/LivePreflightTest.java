package io.github.ecspreflight.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ecspreflight.check.CheckOptions;
import io.github.ecspreflight.check.CheckResult;
import io.github.ecspreflight.check.ExecutionRoleRules;
import io.github.ecspreflight.check.Finding;
import io.github.ecspreflight.check.ImageBuilder;
import io.github.ecspreflight.check.Outcome;
import io.github.ecspreflight.check.PlatformRules;
import io.github.ecspreflight.check.ReferencedResourceRules;
import io.github.ecspreflight.check.Severity;
import io.github.ecspreflight.ecs.TaskDefinitionQuery;
import io.github.ecspreflight.image.RegistryAccess;
import io.github.ecspreflight.image.TestImages;
import io.github.ecspreflight.report.ReportFormat;
import io.github.ecspreflight.run.PreflightRequest;
import io.github.ecspreflight.run.PreflightRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

    @Test
    void whatEcsFetchesBeforeTheContainersStartIsAskedOfIamAndTheServicesAndNoSecretValueIsRead() throws Exception {
        // the role can read orders/* secrets and parameters and the config bucket, trusts EC2 only; the old parameter,
        // the env file and the new log group were never created
        try (AwsStub account = StubAccount.withTaskExecutionPolicy()
                .allow("secretsmanager:GetSecretValue", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:orders/*")
                .allow("ssm:GetParameters", "arn:aws:ssm:eu-west-1:123456789012:parameter/orders/*")
                .allow("s3:GetObject", "arn:aws:s3:::orders-config/*")
                .allow("s3:GetBucketLocation", "arn:aws:s3:::orders-config")
                .trusting("ec2.amazonaws.com")
                .secret("arn:aws:secretsmanager:eu-west-1:123456789012:secret:orders/db-AbCdEf")
                .secret("arn:aws:secretsmanager:eu-west-1:123456789012:secret:payments/stripe-XyZ123")
                .parameter("/orders/flags")
                .install(new AwsStub())) {
            System.setProperty("aws.endpointUrl", account.endpoint());
            account.answer("DescribeTaskDefinition", "describe-task-definition-secrets.json");

            CheckResult result = check(new TaskDefinitionQuery("ecs:orders-api:7", null, null, null));

            assertThat(result.findings())
                    .extracting(Finding::rule)
                    .containsExactlyInAnyOrder(
                            ReferencedResourceRules.EP106,
                            ExecutionRoleRules.EP302,
                            ExecutionRoleRules.EP303,
                            ReferencedResourceRules.EP304);
            assertThat(result.findings()).allMatch(f -> f.severity() == Severity.ERROR);
            assertThat(message(result, ReferencedResourceRules.EP106))
                    .contains("The log group /ecs/orders-api-v2 does not exist in eu-west-1");
            assertThat(message(result, ExecutionRoleRules.EP302))
                    .contains("read secret STRIPE_KEY needs secretsmanager:GetSecretValue on "
                            + "arn:aws:secretsmanager:eu-west-1:123456789012:secret:payments/stripe-XyZ123")
                    .doesNotContain("DB_PASSWORD")
                    .doesNotContain("FLAGS");
            assertThat(message(result, ExecutionRoleRules.EP303)).contains("ecs-tasks.amazonaws.com");
            assertThat(message(result, ReferencedResourceRules.EP304))
                    .contains("the SSM parameter /orders/old-flags in eu-west-1")
                    .contains("the S3 environment file arn:aws:s3:::orders-config/app.env")
                    .doesNotContain("stripe");
            assertThat(result.outcome(ExecutionRoleRules.EP301).status()).isEqualTo(Outcome.Status.PASSED);

            List<String> operations = AwsStub.operations(account.requests());
            assertThat(operations)
                    .as("metadata calls only: never a secret's or a parameter's value")
                    .doesNotContain("GetSecretValue", "GetParameters", "GetParameter", "GetObject")
                    .containsOnly(
                            "DescribeTaskDefinition",
                            "DescribeSecret",
                            "DescribeParameters",
                            "HeadObject",
                            "DescribeLogGroups",
                            "SimulatePrincipalPolicy",
                            "GetRole");
            // one question per distinct resource: 2 secrets, 2 parameters, 1 file, 1 log group; the simulator for the
            // log group, ECR's token and repository, 2 secrets, 2 parameters, the object and its bucket
            assertThat(account.count("DescribeSecret")).isEqualTo(2);
            assertThat(account.count("DescribeParameters")).isEqualTo(2);
            assertThat(account.count("HeadObject")).isEqualTo(1);
            assertThat(account.count("DescribeLogGroups")).isEqualTo(1);
            assertThat(account.count("SimulatePrincipalPolicy")).isEqualTo(9);
            assertThat(account.count("GetRole")).isEqualTo(1);
            assertThat(account.requests("HeadObject").get(0).uri()).isEqualTo("/orders-config/app.env");
            assertThat(account.requests("DescribeSecret").get(0).body())
                    .isEqualTo(
                            "{\"SecretId\":\"arn:aws:secretsmanager:eu-west-1:123456789012:secret:orders/db-AbCdEf\"}");
        }
    }

    @Test
    void aDeniedMetadataCallIsANoteAndItsRuleIsNotRunNeverAFinding() throws Exception {
        try (AwsStub account = StubAccount.withTaskExecutionPolicy()
                .allow("secretsmanager:GetSecretValue", "*")
                .allow("ssm:GetParameters", "*")
                .allow("s3:Get*", "*")
                .logGroup("/ecs/orders-api-v2")
                .parameter("/orders/flags")
                .parameter("/orders/old-flags")
                .object("orders-config", "app.env")
                .install(new AwsStub())) {
            System.setProperty("aws.endpointUrl", account.endpoint());
            account.answer("DescribeTaskDefinition", "describe-task-definition-secrets.json")
                    .answerRaw(
                            "DescribeSecret",
                            400,
                            "{\"__type\":\"AccessDeniedException\",\"Message\":\"User: arn:aws:sts::123456789012:"
                                    + "assumed-role/ci/build is not authorized to perform: secretsmanager:DescribeSecret\"}");

            CheckResult result = check(new TaskDefinitionQuery("ecs:orders-api:7", null, null, null));

            assertThat(result.findings()).isEmpty();
            assertThat(result.outcome(ReferencedResourceRules.EP304).status()).isEqualTo(Outcome.Status.NOT_RUN);
            assertThat(result.outcome(ReferencedResourceRules.EP304).reason())
                    .startsWith("AWS denied secretsmanager:DescribeSecret (AccessDeniedException)");
            assertThat(aws.notes)
                    .anySatisfy(note -> assertThat(note)
                            .startsWith("ecs-preflight: EP304 not judged live for secrets: AWS denied "
                                    + "secretsmanager:DescribeSecret"));
            assertThat(result.outcome(ReferencedResourceRules.EP106).status()).isEqualTo(Outcome.Status.PASSED);
            assertThat(AwsStub.operations(account.requests())).doesNotContain("GetSecretValue", "GetParameters");
        }
    }

    @Test
    void conditionsAreEvaluatedWithTheTasksContextAndOneNotKnownBeforeDeploymentDecidesNothing() throws Exception {
        // the secrets statement holds only in the task's region; the parameters one on a tag of the calling principal,
        // which only the deployed call carries
        try (AwsStub account = StubAccount.withTaskExecutionPolicy()
                .allowIf("secretsmanager:GetSecretValue", "*", "aws:RequestedRegion", "eu-west-1")
                .allowIf("ssm:GetParameters", "*", "aws:PrincipalTag/team", "orders")
                .allow("s3:Get*", "*")
                .logGroup("/ecs/orders-api-v2")
                .secret("arn:aws:secretsmanager:eu-west-1:123456789012:secret:orders/db-AbCdEf")
                .secret("arn:aws:secretsmanager:eu-west-1:123456789012:secret:payments/stripe-XyZ123")
                .parameter("/orders/flags")
                .parameter("/orders/old-flags")
                .object("orders-config", "app.env")
                .install(new AwsStub())) {
            System.setProperty("aws.endpointUrl", account.endpoint());
            account.answer("DescribeTaskDefinition", "describe-task-definition-secrets.json");

            CheckResult result = check(new TaskDefinitionQuery("ecs:orders-api:7", null, null, null));

            assertThat(result.findings()).isEmpty();
            assertThat(result.outcome(ExecutionRoleRules.EP302).status()).isEqualTo(Outcome.Status.NOT_RUN);
            assertThat(account.requests("SimulatePrincipalPolicy"))
                    .allSatisfy(r -> assertThat(r.parameter("ContextEntries.member.1.ContextKeyName"))
                            .isEqualTo("aws:RequestedRegion"));
        }
    }

    @Test
    void offlineAStaticSourceRunsItsStaticRulesAndTheLogNamesTheLiveOnesNotRun() throws Exception {
        // the same task definition saved as a file (aws ecs describe-task-definition > task.json), checked under mvn -o
        Files.writeString(work.resolve("task.json"), AwsStub.fixture("describe-task-definition-secrets.json"));
        List<String> notes = new java.util.ArrayList<>();

        CheckResult result = PreflightRunner.run(new PreflightRequest(
                "docker-archive:" + image,
                new TaskDefinitionQuery("task.json", null, null, null),
                work,
                work.resolve("report"),
                Set.of(ReportFormat.JSON),
                RegistryAccess.defaults(),
                new AwsSettings("eu-west-1", null, true, null, "offline-build", notes::add),
                new CheckOptions(null, Set.of("awslogs"), Set.of(), false, false, ImageBuilder.JIB)));

        assertThat(result.outcome(ReferencedResourceRules.EP106).status()).isEqualTo(Outcome.Status.NOT_RUN);
        assertThat(result.outcome(ReferencedResourceRules.EP304).status()).isEqualTo(Outcome.Status.NOT_RUN);
        assertThat(result.outcome(io.github.ecspreflight.check.RegistrationRules.EP401)
                        .status())
                .isEqualTo(Outcome.Status.PASSED);
        assertThat(notes)
                .containsExactly(
                        "ecs-preflight: mvn -o (offline): EP106, EP304 need AWS's own answers and were not run; "
                                + "run online with a live source (ecs:FAMILY) to check them");
        assertThat(stub.requests()).isEmpty();
    }

    private static String message(CheckResult result, io.github.ecspreflight.check.Rule rule) {
        return result.findings().stream()
                .filter(f -> f.rule() == rule)
                .findFirst()
                .orElseThrow()
                .message();
    }
}
