package io.github.ecspreflight.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ecspreflight.common.PreflightException;
import io.github.ecspreflight.common.RecordingLog;
import io.github.ecspreflight.common.SourceLocation;
import io.github.ecspreflight.ecs.Candidate;
import io.github.ecspreflight.ecs.ContainerDefinition;
import io.github.ecspreflight.ecs.PlacementConstraint;
import io.github.ecspreflight.ecs.TaskDefinition;
import io.github.ecspreflight.ecs.TaskPlatform;
import io.github.ecspreflight.ecs.live.LiveTaskDefinitions;
import io.github.ecspreflight.iam.ExecutionRoleEvidence;
import io.github.ecspreflight.image.Platform;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real SDK clients against ECS and IAM on a loopback port: what is asked, and how the answers become the model. */
class SdkTaskDefinitionsTest {

    @TempDir
    Path home;

    private AwsStub stub;
    private FakeAws aws;

    @BeforeEach
    void start() throws Exception {
        stub = new AwsStub();
        // the account most tests run against: the managed policy, ECS trusted, the services' log groups there
        StubAccount.withTaskExecutionPolicy()
                .logGroup("/ecs/orders-api")
                .logGroup("/ecs/orders-worker")
                .install(stub);
        aws = new FakeAws(stub, home);
    }

    @AfterEach
    void stop() {
        aws.close();
        stub.close();
    }

    @Test
    void underDebugEachOperationIsLoggedWithItsEndpointAndStatusAndNoCredential() throws Exception {
        stub.answer("DescribeTaskDefinition", "describe-task-definition-fargate.json");
        RecordingLog log = new RecordingLog();
        AwsSettings settings = new AwsSettings("eu-west-1", null, false, null, "build-debug", log);

        new SdkTaskDefinitions(settings, null).describe("ecs:orders-api:3");

        assertThat(log.debug)
                .contains(
                        "ecs-preflight: AWS ecs:DescribeTaskDefinition http://127.0.0.1:" + stub.port() + ": HTTP 200")
                .anySatisfy(line -> assertThat(line).startsWith("ecs-preflight: AWS iam:SimulatePrincipalPolicy "));
        assertThat(String.join("\n", log.debug))
                .doesNotContain(FakeAws.ACCESS_KEY_ID)
                .doesNotContain(FakeAws.SECRET_ACCESS_KEY)
                .doesNotContain("orders-api:3");
    }

    @Test
    void familyAndRevisionAreDescribedWithASignedRequestAndMappedAsTheJsonReaderWould() throws Exception {
        stub.answer("DescribeTaskDefinition", "describe-task-definition-fargate.json");

        Candidate deployed = aws.live("build-1").describe("ecs:orders-api:3");
        TaskDefinition task = deployed.taskDefinition();

        AwsStub.Request request = stub.requests("DescribeTaskDefinition").get(0);
        assertThat(request.body()).isEqualTo("{\"taskDefinition\":\"orders-api:3\"}");
        assertThat(request.header("Content-Type")).isEqualTo("application/x-amz-json-1.1");
        assertThat(request.header("Authorization"))
                .startsWith("AWS4-HMAC-SHA256 Credential=" + FakeAws.ACCESS_KEY_ID + "/")
                .contains("/eu-west-1/ecs/aws4_request")
                .doesNotContain(FakeAws.SECRET_ACCESS_KEY);
        assertThat(request.header("User-Agent")).contains("ecs-preflight-maven-plugin");

        assertThat(task.source()).isEqualTo("ecs:orders-api:3");
        assertThat(task.family()).isEqualTo("orders-api");
        assertThat(task.revision()).isEqualTo(3);
        assertThat(task.format()).isEqualTo(TaskDefinition.Format.LIVE);
        assertThat(task.cpuArchitecture()).isEqualTo("ARM64");
        assertThat(task.operatingSystemFamily()).isEqualTo("LINUX");
        assertThat(deployed.compatibilities()).containsExactly("FARGATE");
        assertThat(task.executionRoleArn()).isEqualTo("arn:aws:iam::123456789012:role/ecsTaskExecutionRole");
        assertThat(task.locations().resource()).isEqualTo(SourceLocation.ofFile("ecs:orders-api:3"));
        assertThat(deployed.deployment().clusterArchitectures()).isEmpty();
        ContainerDefinition container = task.containers().get(0);
        assertThat(container.name()).isEqualTo("orders-api");
        assertThat(container.essential()).isTrue();
        assertThat(container.entryPoint()).containsExactly("java", "-jar", "/app/orders-api.jar");
        assertThat(container.command()).as("absent: the image's Cmd stays").isNull();
        assertThat(container.workingDirectory()).isEqualTo("/app");
        assertThat(container.environment()).containsEntry("PATH", "/opt/java/openjdk/bin:/usr/local/bin:/usr/bin:/bin");
        assertThat(container.toString()).doesNotContain("env-s3cr3t-never-printed");
        assertThat(container.logConfiguration().logDriver()).isEqualTo("awslogs");
        assertThat(container.logConfiguration().options())
                .containsEntry("awslogs-group", "/ecs/orders-api")
                .containsEntry("awslogs-create-group", "true");
    }

    @Test
    void theExecutionRoleIsSimulatedOnTheLogGroupArnAndGivesCompleteLiveEvidence() throws Exception {
        stub.answer("DescribeTaskDefinition", "describe-task-definition-fargate.json");

        Candidate deployed = aws.live("build-1").describe("ecs:orders-api:3");
        TaskDefinition task = deployed.taskDefinition();

        AwsStub.Request simulate = stub.requests("SimulatePrincipalPolicy").get(0);
        assertThat(simulate.parameter("Version")).isEqualTo("2010-05-08");
        assertThat(simulate.parameter("PolicySourceArn"))
                .isEqualTo("arn:aws:iam::123456789012:role/ecsTaskExecutionRole");
        assertThat(simulate.parameter("ActionNames.member.1")).isEqualTo("logs:CreateLogStream");
        assertThat(simulate.parameter("ActionNames.member.2")).isEqualTo("logs:PutLogEvents");
        assertThat(simulate.parameter("ActionNames.member.3")).isEqualTo("logs:CreateLogGroup");
        assertThat(simulate.parameter("ResourceArns.member.1"))
                .isEqualTo("arn:aws:logs:eu-west-1:123456789012:log-group:/ecs/orders-api:*");
        assertThat(simulate.parameter("ResourceArns.member.2")).isNull();
        assertThat(simulate.header("Content-Type")).startsWith("application/x-www-form-urlencoded");
        assertThat(simulate.header("Authorization"))
                .startsWith("AWS4-HMAC-SHA256 Credential=" + FakeAws.ACCESS_KEY_ID + "/")
                .contains("/iam/aws4_request");

        ExecutionRoleEvidence evidence = deployed.deployment().executionRole();
        assertThat(evidence.source()).isEqualTo(ExecutionRoleEvidence.Source.LIVE);
        assertThat(evidence.complete()).isTrue();
        assertThat(evidence.role()).isEqualTo("arn:aws:iam::123456789012:role/ecsTaskExecutionRole");
        assertThat(evidence.allowedActions()).containsExactlyInAnyOrder("logs:createlogstream", "logs:putlogevents");
        assertThat(evidence.allows("logs:CreateLogGroup")).isFalse();
        assertThat(evidence.location()).isEqualTo(SourceLocation.ofFile("ecs:orders-api:3"));
        assertThat(aws.notes).isEmpty();
    }

    @Test
    void anArnIsDescribedInItsOwnRegion() throws Exception {
        stub.answer("DescribeTaskDefinition", "describe-task-definition-fargate.json");
        String arn = "arn:aws:ecs:us-east-2:123456789012:task-definition/orders-api:3";

        Candidate deployed = aws.live("build-1").describe(arn);
        TaskDefinition task = deployed.taskDefinition();

        AwsStub.Request request = stub.requests("DescribeTaskDefinition").get(0);
        assertThat(request.body()).isEqualTo("{\"taskDefinition\":\"" + arn + "\"}");
        assertThat(request.header("Authorization")).contains("/us-east-2/ecs/aws4_request");
        assertThat(task.source()).isEqualTo("ecs:orders-api:3");
    }

    @Test
    void aServiceOnFargateCapacityProvidersRunsOnFargateWithoutAskingTheCluster() throws Exception {
        stub.answer("DescribeServices", "describe-services-fargate-spot.json")
                .answer("DescribeTaskDefinition", "describe-task-definition-ec2-or-fargate.json");

        Candidate deployed = aws.live("build-1").forService("prod", "orders-api");
        TaskDefinition task = deployed.taskDefinition();

        assertThat(stub.requests("DescribeServices").get(0).body())
                .isEqualTo("{\"cluster\":\"prod\",\"services\":[\"orders-api\"]}");
        assertThat(stub.requests("DescribeTaskDefinition").get(0).body())
                .isEqualTo("{\"taskDefinition\":\"arn:aws:ecs:eu-west-1:123456789012:task-definition/orders-api:4\"}");
        assertThat(deployed.compatibilities()).containsExactly("FARGATE");
        assertThat(TaskPlatform.resolve(deployed, List.of()).platform()).isEqualTo(Platform.LINUX_AMD64);
        assertThat(stub.count("ListContainerInstances")).isZero();
        assertThat(AwsStub.operations(stub.requests()))
                .containsExactly(
                        "DescribeServices",
                        "DescribeTaskDefinition",
                        "DescribeLogGroups",
                        "SimulatePrincipalPolicy",
                        "SimulatePrincipalPolicy",
                        "SimulatePrincipalPolicy",
                        "GetRole");
    }

    @Test
    void anEc2ServiceOnAMixedClusterIsJudgedWhereTheImageCannotRun() throws Exception {
        stub.answer("DescribeServices", "describe-services-ec2.json")
                .answer("DescribeTaskDefinition", "describe-task-definition-ec2-or-fargate.json")
                .answer("ListContainerInstances", "list-container-instances.json")
                .answer("DescribeContainerInstances", "describe-container-instances-mixed.json");

        Candidate deployed = aws.live("build-1").forService("prod", "orders-api");
        TaskDefinition task = deployed.taskDefinition();

        assertThat(deployed.compatibilities()).containsExactly("EC2");
        assertThat(deployed.deployment().clusterArchitectures()).containsExactly("arm64", "x86_64");
        assertThat(stub.requests("ListContainerInstances").get(0).body()).isEqualTo("{\"cluster\":\"prod\"}");
        assertThat(stub.requests("DescribeContainerInstances").get(0).body())
                .startsWith("{\"cluster\":\"prod\",\"containerInstances\":[\"arn:aws:ecs:eu-west-1:123456789012:"
                        + "container-instance/prod/f6bbb147-5370-4ace-8c73-c7181ded911f\"");
        assertThat(aws.notes)
                .containsExactly(
                        "ecs-preflight: cluster prod runs 1 arm64 and 2 x86_64 container instances (ecs.cpu-architecture)");

        TaskPlatform target = TaskPlatform.resolve(deployed, List.of(Platform.LINUX_ARM64));
        assertThat(target.platform()).isEqualTo(Platform.LINUX_AMD64);
        assertThat(target.reason())
                .contains("x86_64 and arm64 container instances")
                .contains("ECS may place it on an x86_64 instance");

        assertThat(TaskPlatform.resolve(deployed, List.of(Platform.LINUX_AMD64)).platform())
                .isEqualTo(Platform.LINUX_ARM64);

        // an image for both runs anywhere: the cluster's own order stands
        assertThat(TaskPlatform.resolve(deployed, List.of(Platform.LINUX_AMD64, Platform.LINUX_ARM64))
                        .platform())
                .isEqualTo(Platform.LINUX_ARM64);
    }

    @Test
    void anEc2ServiceOnAClusterOfOneCpuRunsOnIt() throws Exception {
        stub.answer("DescribeServices", "describe-services-ec2.json")
                .answer("DescribeTaskDefinition", "describe-task-definition-ec2-or-fargate.json")
                .answer("ListContainerInstances", "list-container-instances.json")
                .answer("DescribeContainerInstances", "describe-container-instances-arm64.json");

        TaskPlatform target = TaskPlatform.resolve(aws.live("build-1").forService("prod", "orders-api"), List.of());

        assertThat(target.known()).isTrue();
        assertThat(target.platform()).isEqualTo(Platform.LINUX_ARM64);
        assertThat(target.reason()).contains("every container instance of its cluster is arm64");
    }

    @Test
    void aServicePlacementConstraintOnTheCpuIsKeptAndTheClusterIsNotAsked() throws Exception {
        stub.answer("DescribeServices", "describe-services-ec2-constrained.json")
                .answer("DescribeTaskDefinition", "describe-task-definition-ec2-or-fargate.json");

        Candidate deployed = aws.live("build-1").forService("prod", "orders-api");
        TaskDefinition task = deployed.taskDefinition();

        assertThat(deployed.placementConstraints())
                .containsExactly(new PlacementConstraint("memberOf", "attribute:ecs.cpu-architecture == arm64"));
        assertThat(TaskPlatform.resolve(deployed, List.of()).platform()).isEqualTo(Platform.LINUX_ARM64);
        assertThat(stub.count("ListContainerInstances")).isZero();
    }

    @Test
    void aTaskDefinitionNamedWithAClusterAsksTheClusterForEc2() throws Exception {
        stub.answer("DescribeTaskDefinition", "describe-task-definition-ec2.json")
                .answer("ListContainerInstances", "list-container-instances.json")
                .answer("DescribeContainerInstances", "describe-container-instances-mixed.json");

        Candidate deployed = new SdkTaskDefinitions(aws.build("build-1"), "prod").describe("ecs:orders-worker");
        TaskDefinition task = deployed.taskDefinition();

        assertThat(stub.requests("DescribeTaskDefinition").get(0).body())
                .isEqualTo("{\"taskDefinition\":\"orders-worker\"}");
        assertThat(task.source()).isEqualTo("ecs:orders-worker:7");
        assertThat(deployed.deployment().clusterArchitectures()).containsExactly("arm64", "x86_64");
        ContainerDefinition worker = task.containers().get(0);
        assertThat(worker.entryPoint()).isNull();
        assertThat(worker.command()).isNull();
        // no awslogs-region: the group is in the region of the call
        assertThat(stub.requests("SimulatePrincipalPolicy").get(0).parameter("ResourceArns.member.1"))
                .isEqualTo("arn:aws:logs:eu-west-1:123456789012:log-group:/ecs/orders-worker:*");
        assertThat(stub.requests("SimulatePrincipalPolicy").get(0).parameter("ActionNames.member.3"))
                .isNull();
    }

    @Test
    void anEmptyClusterLeavesTheCpuUnknownWithANote() throws Exception {
        stub.answer("DescribeTaskDefinition", "describe-task-definition-ec2.json")
                .answer("ListContainerInstances", "list-container-instances-empty.json");

        Candidate deployed = new SdkTaskDefinitions(aws.build("build-1"), "prod").describe("ecs:orders-worker:7");
        TaskDefinition task = deployed.taskDefinition();

        assertThat(deployed.deployment().clusterArchitectures()).isEmpty();
        assertThat(TaskPlatform.resolve(deployed, List.of()).known()).isFalse();
        assertThat(stub.count("DescribeContainerInstances")).isZero();
        assertThat(aws.notes)
                .containsExactly("ecs-preflight: cluster prod has no container instance, so the CPU the "
                        + "task would run on cannot be known");
    }

    @Test
    void noRightToReadTheClusterIsANoteAndTheCpuStaysUnknown() throws Exception {
        stub.answer("DescribeTaskDefinition", "describe-task-definition-ec2.json")
                .answer("ListContainerInstances", 400, "ecs-access-denied-container-instances.json");

        Candidate deployed = new SdkTaskDefinitions(aws.build("build-1"), "prod").describe("ecs:orders-worker:7");
        TaskDefinition task = deployed.taskDefinition();

        assertThat(deployed.deployment().clusterArchitectures()).isEmpty();
        assertThat(aws.notes)
                .singleElement()
                .asString()
                .startsWith("ecs-preflight: cannot read the CPUs of cluster prod's container instances: AWS denied "
                        + "ecs:ListContainerInstances (AccessDeniedException")
                .contains("grant ecs:ListContainerInstances");
    }

    @Test
    void noRightToSimulateIsANoteAndNoEvidence() throws Exception {
        stub.answer("DescribeTaskDefinition", "describe-task-definition-fargate.json")
                .answer("SimulatePrincipalPolicy", 403, "iam-access-denied.xml");

        Candidate deployed = aws.live("build-1").describe("ecs:orders-api:3");
        TaskDefinition task = deployed.taskDefinition();

        // the simulator's answers are missing, the trust policy (GetRole) is not
        assertThat(deployed.deployment().executionRole().complete()).isFalse();
        assertThat(deployed.deployment().executionRole().grants()).isNull();
        assertThat(deployed.deployment().executionRole().trust().trustsEcsTasks())
                .isTrue();
        assertThat(aws.notes)
                .containsExactly("ecs-preflight: EP105, EP301 and EP302 not judged live: AWS denied "
                        + "iam:SimulatePrincipalPolicy on arn:aws:iam::123456789012:role/ecsTaskExecutionRole (AccessDenied); "
                        + "grant iam:SimulatePrincipalPolicy to the role or user the build runs as to have IAM judge what "
                        + "the execution role may do for the task");
    }

    @Test
    void anExecutionRoleIamDoesNotKnowAllowsNothing() throws Exception {
        stub.answer("DescribeTaskDefinition", "describe-task-definition-fargate.json")
                .answer("SimulatePrincipalPolicy", 404, "iam-no-such-entity.xml");

        Candidate deployed = aws.live("build-1").describe("ecs:orders-api:3");
        TaskDefinition task = deployed.taskDefinition();

        assertThat(deployed.deployment().executionRole().complete()).isTrue();
        assertThat(deployed.deployment().executionRole().allowedActions()).isEmpty();
        assertThat(aws.notes)
                .singleElement()
                .asString()
                .contains("IAM has no role " + "arn:aws:iam::123456789012:role/ecsTaskExecutionRole (NoSuchEntity)");
    }

    @Test
    void offlineMakesNoCallAndSaysSo() {
        AwsSettings offline = new AwsSettings("eu-west-1", null, true, null, "build-1", aws.notes::add);

        assertThatThrownBy(() -> LiveSources.create(offline, "prod").describe("ecs:orders-api:3"))
                .isInstanceOf(PreflightException.class)
                .hasMessage("taskDefinition ecs:orders-api:3: mvn -o (offline) makes no AWS call; check a "
                        + "task-definition file instead (aws ecs describe-task-definition output), or run online");
        assertThatThrownBy(() -> LiveSources.create(offline, null).forService("prod", "orders-api"))
                .hasMessageStartingWith("service orders-api (cluster prod): mvn -o (offline) makes no AWS call");
        assertThat(stub.requests()).isEmpty();
    }

    @Test
    void onlineSourcesAreReadThroughTheSdkCreatedOnTheFirstRead() throws Exception {
        stub.answer("DescribeTaskDefinition", "describe-task-definition-fargate.json");

        LiveTaskDefinitions live = LiveSources.create(aws.build("build-1"), null);
        assertThat(live).isNotInstanceOf(SdkTaskDefinitions.class);
        Candidate deployed = live.describe("ecs:orders-api:3");

        assertThat(deployed.taskDefinition().family()).isEqualTo("orders-api");
        assertThat(stub.requests("DescribeTaskDefinition")).hasSize(1);
    }

    @Test
    void referencesAreCheckedBeforeAnyCall() {
        SdkTaskDefinitions live = aws.live("build-1");

        assertThatThrownBy(() -> live.describe("ecs:orders api"))
                .hasMessageStartingWith("taskDefinition ecs:orders api: not a task-definition name; write ecs:FAMILY");
        assertThatThrownBy(() -> live.describe("ecs:orders-api:0"))
                .hasMessageStartingWith("taskDefinition ecs:orders-api:0: not a task-definition name");
        assertThatThrownBy(() -> live.describe("arn:aws:ecs:eu-west-1:123456789012:service/prod/orders-api"))
                .hasMessageStartingWith("taskDefinition arn:aws:ecs:eu-west-1:123456789012:service/prod/orders-api: "
                        + "not a task-definition ARN");
        assertThat(stub.requests()).isEmpty();
    }
}
