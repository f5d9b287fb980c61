package io.github.ecspreflight.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ecspreflight.common.PreflightException;
import io.github.ecspreflight.ecs.Candidate;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One call per distinct task definition per build: every module of a reactor, also under {@code mvn -T}, shares the
 * answers of its build (each module's mojo builds its own lookup, as here), and another build asks again.
 */
class BuildCacheTest {

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
    void theModulesOfOneBuildShareOneCallPerTaskDefinition() throws Exception {
        stub.answer("DescribeTaskDefinition", "describe-task-definition-fargate.json");

        Candidate first = aws.live("build-1").describe("ecs:orders-api:3");
        Candidate second = aws.live("build-1").describe("ecs:orders-api:3");
        Candidate third = aws.live("build-1").describe("ecs:orders-api:3");

        assertThat(second).isEqualTo(first);
        assertThat(third.deployment().executionRole())
                .isEqualTo(first.deployment().executionRole());
        assertThat(stub.count("DescribeTaskDefinition")).isEqualTo(1);
        // one question per distinct resource: the log group, ECR's token (any resource) and the repository
        assertThat(stub.count("SimulatePrincipalPolicy")).isEqualTo(3);
        assertThat(stub.count("GetRole")).isEqualTo(1);
        // awslogs-create-group is "true": the log group need not exist
        assertThat(stub.count("DescribeLogGroups")).isZero();
    }

    @Test
    void distinctTaskDefinitionsAreEachAskedOnce() throws Exception {
        stub.answer("DescribeTaskDefinition", "describe-task-definition-fargate.json");

        aws.live("build-1").describe("ecs:orders-api:3");
        aws.live("build-1").describe("ecs:orders-api");
        aws.live("build-1").describe("ecs:orders-api:3");
        aws.live("build-1").describe("ecs:orders-api");

        assertThat(stub.requests("DescribeTaskDefinition"))
                .extracting(AwsStub.Request::body)
                .containsExactly("{\"taskDefinition\":\"orders-api:3\"}", "{\"taskDefinition\":\"orders-api\"}");
        assertThat(stub.count("SimulatePrincipalPolicy"))
                .as("the same role, actions and resources")
                .isEqualTo(3);
    }

    @Test
    void threeServicesSharingTwoSecretsAskAboutEachSecretOnceInTheBuild() throws Exception {
        // three modules' services, each its own image, log group and revision, all reading the same two secrets, the
        // same parameters and env file with the same execution role
        String template = AwsStub.fixture("describe-task-definition-secrets.json");
        stub.answerWith("DescribeTaskDefinition", request -> {
            String family = request.body().replaceAll(".*\"taskDefinition\":\"([a-z-]+).*", "$1");
            return new AwsStub.Response(200, AwsStub.JSON, template.replace("orders-api", family), 0);
        });

        for (String module : List.of("orders-api", "orders-worker", "orders-admin")) {
            aws.live("build-1").describe("ecs:" + module + ":7");
        }

        assertThat(stub.count("DescribeTaskDefinition")).isEqualTo(3);
        assertThat(stub.count("DescribeSecret"))
                .as("2 secrets, asked once for all 3")
                .isEqualTo(2);
        assertThat(stub.count("DescribeParameters")).isEqualTo(2);
        assertThat(stub.count("HeadObject")).isEqualTo(1);
        assertThat(stub.count("DescribeLogGroups"))
                .as("a log group per service")
                .isEqualTo(3);
        assertThat(stub.count("GetRole")).as("one role").isEqualTo(1);
        // per service its log group and repository (ECR's token is one question for all), then the shared 2 secrets,
        // 2 parameters, 1 object and 1 bucket once: 3 x 2 + 1 + 6
        assertThat(stub.count("SimulatePrincipalPolicy")).isEqualTo(13);
        assertThat(AwsStub.operations(stub.requests())).doesNotContain("GetSecretValue", "GetParameters");
    }

    @Test
    void anotherBuildAsksAgainSoADaemonNeverServesAStaleAnswer() throws Exception {
        stub.answer("DescribeTaskDefinition", "describe-task-definition-fargate.json");

        aws.live("build-1").describe("ecs:orders-api:3");
        aws.live("build-2").describe("ecs:orders-api:3");
        aws.live("build-2").describe("ecs:orders-api:3");

        assertThat(stub.count("DescribeTaskDefinition")).isEqualTo(2);
    }

    @Test
    void withoutABuildIdNothingIsShared() throws Exception {
        stub.answer("DescribeTaskDefinition", "describe-task-definition-fargate.json");

        aws.live(null).describe("ecs:orders-api:3");
        aws.live(null).describe("ecs:orders-api:3");

        assertThat(stub.count("DescribeTaskDefinition")).isEqualTo(2);
    }

    @Test
    void concurrentModulesWaitForTheOneCall() throws Exception {
        stub.answerSlowly("DescribeTaskDefinition", "describe-task-definition-fargate.json", 400);
        int modules = 12;
        ExecutorService threads = Executors.newFixedThreadPool(modules);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Candidate>> results = new ArrayList<>();
            for (int i = 0; i < modules; i++) {
                results.add(threads.submit(() -> {
                    start.await();
                    return aws.live("build-1").describe("ecs:orders-api:3");
                }));
            }
            start.countDown();
            for (Future<Candidate> result : results) {
                assertThat(result.get(30, TimeUnit.SECONDS).taskDefinition().revision())
                        .isEqualTo(3);
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(stub.count("DescribeTaskDefinition")).isEqualTo(1);
        assertThat(stub.count("SimulatePrincipalPolicy")).isEqualTo(3);
    }

    @Test
    void aFailureIsAnsweredOncePerBuildToo() {
        stub.answer("DescribeTaskDefinition", 400, "ecs-client-exception.json");

        assertThatThrownBy(() -> aws.live("build-1").describe("ecs:orders-api:9"))
                .isInstanceOf(PreflightException.class);
        assertThatThrownBy(() -> aws.live("build-1").describe("ecs:orders-api:9"))
                .hasMessageContaining("has no task definition orders-api:9");

        assertThat(stub.count("DescribeTaskDefinition")).isEqualTo(1);
    }

    @Test
    void notesAreToldToEveryModuleThatSharesTheAnswer() throws Exception {
        stub.answer("DescribeTaskDefinition", "describe-task-definition-ec2.json")
                .answer("ListContainerInstances", "list-container-instances.json")
                .answer("DescribeContainerInstances", "describe-container-instances-mixed.json");

        new SdkTaskDefinitions(aws.build("build-1"), "prod").describe("ecs:orders-worker:7");
        new SdkTaskDefinitions(aws.build("build-1"), "prod").describe("ecs:orders-worker:7");

        assertThat(aws.notes).hasSize(2).allMatch(note -> note.contains("cluster prod runs 1 arm64 and 2 x86_64"));
        assertThat(stub.count("ListContainerInstances")).isEqualTo(1);
        assertThat(stub.count("DescribeContainerInstances")).isEqualTo(1);
    }

    @Test
    void aServiceAndItsTaskDefinitionAreAskedOncePerBuild() throws Exception {
        stub.answer("DescribeServices", "describe-services-fargate-spot.json")
                .answer("DescribeTaskDefinition", "describe-task-definition-ec2-or-fargate.json");

        aws.live("build-1").forService("prod", "orders-api");
        aws.live("build-1").forService("prod", "orders-api");
        aws.live("build-1").describe("arn:aws:ecs:eu-west-1:123456789012:task-definition/orders-api:4");

        assertThat(stub.count("DescribeServices")).isEqualTo(1);
        assertThat(stub.count("DescribeTaskDefinition")).isEqualTo(1);
    }
}
