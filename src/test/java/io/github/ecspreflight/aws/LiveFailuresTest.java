package io.github.ecspreflight.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.ecspreflight.common.PreflightException;
import io.github.ecspreflight.ecs.TaskDefinition;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each way a live lookup fails, as one line that names the input, the cause and what to do, and never a key: what the
 * SDK retries first (a 500, throttling) is retried, what it cannot is not.
 */
class LiveFailuresTest {

    @TempDir
    Path home;

    private AwsStub stub;
    private FakeAws aws;
    private final List<String> messages = new ArrayList<>();

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
        for (String message : messages) {
            assertThat(message)
                    .doesNotContain(FakeAws.SECRET_ACCESS_KEY)
                    .doesNotContain(FakeAws.ACCESS_KEY_ID)
                    .doesNotContain("\n")
                    .doesNotContain("software.amazon")
                    // AWS error codes (AccessDeniedException) are named, Java classes never
                    .doesNotContainPattern("\\b[a-z]+\\.[a-z.]+\\.[A-Z]\\w*(Exception|Error)\\b");
        }
    }

    private String failure(Executable call) {
        PreflightException e = catchThrowableOfType(PreflightException.class, () -> {
            try {
                call.execute();
            } catch (PreflightException | RuntimeException thrown) {
                throw thrown;
            } catch (Throwable other) {
                throw new AssertionError(other);
            }
        });
        assertThat(e).as("a PreflightException").isNotNull();
        messages.add(e.getMessage());
        return e.getMessage();
    }

    @Test
    void anUnknownRevisionNamesItAndHowToListThem() {
        stub.answer("DescribeTaskDefinition", 400, "ecs-client-exception.json");

        String message = failure(() -> aws.live("build-1").describe("ecs:orders-api:9"));

        assertThat(message)
                .isEqualTo("taskDefinition ecs:orders-api:9: ECS in eu-west-1 has no task definition "
                        + "orders-api:9 (unknown family or revision, or an INACTIVE revision no service uses); list them with "
                        + "aws ecs list-task-definitions --family-prefix orders-api --region eu-west-1");
        assertThat(stub.count("DescribeTaskDefinition"))
                .as("a client error is not retried")
                .isEqualTo(1);
    }

    @Test
    void accessDeniedNamesTheActionToGrant() {
        stub.answer("DescribeTaskDefinition", 400, "ecs-access-denied.json");

        String message = failure(() -> aws.live("build-1").describe("ecs:orders-api:3"));

        assertThat(message)
                .startsWith("taskDefinition ecs:orders-api:3: AWS denied ecs:DescribeTaskDefinition "
                        + "(AccessDeniedException: User: arn:aws:iam::123456789012:user/ci-build is not authorized")
                .endsWith("; grant ecs:DescribeTaskDefinition to the role or user the build runs as, or name a profile "
                        + "that has it with -DecsPreflight.profile=NAME");
        assertThat(stub.count("DescribeTaskDefinition")).isEqualTo(1);
    }

    @Test
    void aServerErrorIsRetriedByTheSdk() throws Exception {
        stub.once("DescribeTaskDefinition", 500, "ecs-server-error.json")
                .answer("DescribeTaskDefinition", "describe-task-definition-fargate.json");

        TaskDefinition task = aws.live("build-1").describe("ecs:orders-api:3").taskDefinition();

        assertThat(task.revision()).isEqualTo(3);
        assertThat(stub.count("DescribeTaskDefinition")).isEqualTo(2);
        List<AwsStub.Request> attempts = stub.requests("DescribeTaskDefinition");
        assertThat(attempts.get(1).header("amz-sdk-request")).contains("attempt=2");
    }

    @Test
    void throttlingIsRetriedThenNamed() {
        stub.answer("DescribeTaskDefinition", 400, "ecs-throttling.json");

        String message = failure(() -> aws.live("build-1").describe("ecs:orders-api:3"));

        int attempts = stub.count("DescribeTaskDefinition");
        assertThat(attempts).as("the SDK's retries").isGreaterThan(1);
        assertThat(message)
                .isEqualTo("taskDefinition ecs:orders-api:3: ECS throttled ecs:DescribeTaskDefinition "
                        + "(ThrottlingException) even after " + attempts
                        + " attempts; run the build again later, or let the "
                        + "SDK retry more with AWS_MAX_ATTEMPTS");
    }

    @Test
    void rejectedCredentialsSayWhatToRefresh() {
        stub.answer("DescribeTaskDefinition", 400, "ecs-unrecognized-client.json");

        String message = failure(() -> aws.live("build-1").describe("ecs:orders-api:3"));

        assertThat(message)
                .isEqualTo("taskDefinition ecs:orders-api:3: AWS rejected the credentials "
                        + "(UnrecognizedClientException): they are unknown, expired or wrong for this region; refresh them (aws "
                        + "sso login, aws configure) or name another profile with -DecsPreflight.profile=NAME");
    }

    @Test
    void anUnreachableEndpointIsNamedWithTheVariableToCheck() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        System.setProperty("aws.endpointUrl", "http://127.0.0.1:" + closed);

        String message = failure(() -> aws.live("build-1").describe("ecs:orders-api:3"));

        assertThat(message)
                .startsWith("taskDefinition ecs:orders-api:3: cannot reach ECS at http://127.0.0.1:" + closed
                        + " (connection refused")
                .endsWith("; check the network, the proxy (Maven's settings.xml <proxies>), the region, and "
                        + "AWS_ENDPOINT_URL_ECS or AWS_ENDPOINT_URL if set");
    }

    @Test
    void anEndpointThatTricklesItsAnswerIsGivenUpOnAtTheCallDeadline() throws Exception {
        List<java.net.Socket> accepted = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (ServerSocket trickle = new ServerSocket(0, 10, java.net.InetAddress.getLoopbackAddress())) {
            Thread server = new Thread(() -> {
                try {
                    while (true) {
                        java.net.Socket socket = trickle.accept();
                        accepted.add(socket);
                        Thread answer = new Thread(() -> trickle(socket));
                        answer.setDaemon(true);
                        answer.start();
                    }
                } catch (java.io.IOException closed) {
                    // the test is over
                }
            });
            server.setDaemon(true);
            server.start();
            System.setProperty("aws.endpointUrl", "http://127.0.0.1:" + trickle.getLocalPort());
            AwsSettings settings = new AwsSettings(
                    "eu-west-1", null, false, null, "build-1", aws.notes::add, java.time.Duration.ofMillis(1500));
            long start = System.nanoTime();

            String message = failure(() -> new SdkTaskDefinitions(settings, null).describe("ecs:orders-api:3"));

            // one byte every 100 ms passes any per-read timeout; only the call's own deadline ends it
            assertThat(message)
                    .isEqualTo("taskDefinition ecs:orders-api:3: ECS did not answer in time at http://127.0.0.1:"
                            + trickle.getLocalPort() + "; check the network and the proxy (Maven's settings.xml "
                            + "<proxies>)");
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(20_000);
        } finally {
            for (java.net.Socket socket : accepted) {
                socket.close();
            }
        }
    }

    /**
     * A status line and headers, then a JSON body one byte every 100 ms that never ends. It announces more than the
     * 512 KiB the JDK's keep-alive cleaner drains from an abandoned connection: with less, the cleaner thread drains it
     * at this pace while holding the stream's lock, and the SDK's timeout task, closing that stream, waits for it.
     */
    private static void trickle(java.net.Socket socket) {
        try (socket) {
            socket.getInputStream().read(new byte[8192]);
            java.io.OutputStream out = socket.getOutputStream();
            out.write(
                    ("HTTP/1.1 200 OK\r\nContent-Type: application/x-amz-json-1.1\r\nContent-Length: 100000000\r\n\r\n{")
                            .getBytes(StandardCharsets.US_ASCII));
            while (true) {
                out.write(' ');
                out.flush();
                Thread.sleep(100);
            }
        } catch (java.io.IOException | InterruptedException closed) {
            // the client gave up, or the test is over
        }
    }

    @Test
    void noCredentialsNameTheChainAndMakeNoCall() {
        assumeTrue(
                System.getenv("AWS_ACCESS_KEY_ID") == null
                        && System.getenv("AWS_WEB_IDENTITY_TOKEN_FILE") == null
                        && System.getenv("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI") == null
                        && System.getenv("AWS_CONTAINER_CREDENTIALS_FULL_URI") == null
                        && System.getenv("AWS_PROFILE") == null,
                "this machine has AWS credentials in its environment");
        aws.withoutCredentials();

        String message = failure(() -> aws.live("build-1").describe("ecs:orders-api:3"));

        assertThat(message)
                .startsWith(
                        "taskDefinition ecs:orders-api:3: no AWS credentials: the SDK's default chain found none (Java system properties "
                                + "aws.accessKeyId and aws.secretAccessKey; environment AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY;")
                .contains("EC2 instance metadata")
                .endsWith("run aws configure or aws sso login, or name a profile with -DecsPreflight.profile=NAME");
        assertThat(stub.requests()).isEmpty();
    }

    @Test
    void anUnknownProfileIsNamed() {
        AwsSettings settings = new AwsSettings("eu-west-1", "staging", false, null, "build-1", aws.notes::add);

        String message = failure(() -> new SdkTaskDefinitions(settings, null).describe("ecs:orders-api:3"));

        assertThat(message)
                .isEqualTo("taskDefinition ecs:orders-api:3: no AWS credentials for the profile "
                        + "'staging' (ecsPreflight.profile) of ~/.aws/credentials and ~/.aws/config: Profile file contained no credentials for profile "
                        + "'staging'; run aws configure --profile staging or aws sso login --profile staging");
        assertThat(stub.requests()).isEmpty();
    }

    @Test
    void aProfileGivesCredentialsAndRegion() throws Exception {
        java.nio.file.Files.writeString(
                home.resolve("credentials"),
                "[staging]\naws_access_key_id = "
                        + "AKIAI44QH8DHBEXAMPLE\naws_secret_access_key = je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY\n");
        java.nio.file.Files.writeString(home.resolve("config"), "[profile staging]\nregion = ap-southeast-2\n");
        stub.answer("DescribeTaskDefinition", "describe-task-definition-fargate.json");
        AwsSettings settings = new AwsSettings(null, "staging", false, null, "build-1", aws.notes::add);

        new SdkTaskDefinitions(settings, null).describe("ecs:orders-api:3");

        assertThat(stub.requests("DescribeTaskDefinition").get(0).header("Authorization"))
                .startsWith("AWS4-HMAC-SHA256 Credential=AKIAI44QH8DHBEXAMPLE/")
                .contains("/ap-southeast-2/ecs/aws4_request");
    }

    @Test
    void noRegionSaysWhereToSetOne() {
        assumeTrue(
                System.getenv("AWS_REGION") == null && System.getenv("AWS_DEFAULT_REGION") == null,
                "this machine sets an AWS region in its environment");
        AwsSettings settings = new AwsSettings(null, null, false, null, "build-1", aws.notes::add);

        String message = failure(() -> new SdkTaskDefinitions(settings, null).describe("ecs:orders-api:3"));

        assertThat(message)
                .isEqualTo(
                        "taskDefinition ecs:orders-api:3: no AWS region: set -DecsPreflight.region=eu-west-1 (or <region>), the "
                                + "environment variable AWS_REGION, or region in the default profile of ~/.aws/config");
        assertThat(stub.requests()).isEmpty();
    }

    @Test
    void aMissingServiceSaysHowToListThem() {
        stub.answer("DescribeServices", "describe-services-missing.json");

        String message = failure(() -> aws.live("build-1").forService("prod", "orders-apii"));

        assertThat(message)
                .isEqualTo("service orders-apii (cluster prod): ECS in eu-west-1 has no service "
                        + "orders-apii in cluster prod; check ecsPreflight.service and ecsPreflight.cluster (aws ecs "
                        + "list-services --cluster prod --region eu-west-1)");
    }

    @Test
    void aMissingClusterSaysHowToListThem() {
        stub.answer("DescribeServices", 400, "ecs-cluster-not-found.json");

        String message = failure(() -> aws.live("build-1").forService("prood", "orders-api"));

        assertThat(message)
                .isEqualTo("service orders-api (cluster prood): ECS in eu-west-1 has no cluster prood; "
                        + "check ecsPreflight.cluster (aws ecs list-clusters --region eu-west-1)");
    }

    @Test
    void aSecretInAnAwsMessageIsNeverRepeated() {
        // an error message that quotes the credentials back must not carry them into the build's output
        String echo = "{\"__type\":\"AccessDeniedException\",\"Message\":\"key " + FakeAws.ACCESS_KEY_ID + " secret "
                + FakeAws.SECRET_ACCESS_KEY + " denied\"}";
        stub.answerRaw("DescribeTaskDefinition", 400, echo);

        String message = failure(() -> aws.live("build-1").describe("ecs:orders-api:3"));

        assertThat(message).contains("key **** secret **** denied");
    }

    @Test
    void anErrorEchoingTheSecretKeyUrlEncodedOrInsideOtherTextIsScrubbed() {
        String encoded = java.net.URLEncoder.encode(FakeAws.SECRET_ACCESS_KEY, StandardCharsets.UTF_8);
        stub.answerRaw(
                "DescribeTaskDefinition",
                400,
                "{\"__type\":\"ClientException\",\"message\":\"bad request: " + "secret=" + encoded + " and key"
                        + FakeAws.SECRET_ACCESS_KEY + "x\"}");

        String message = failure(() -> aws.live("build-1").describe("ecs:orders-api:3"));

        assertThat(message)
                .doesNotContain(encoded)
                .doesNotContain(FakeAws.SECRET_ACCESS_KEY)
                .contains("bad request");
    }
}
