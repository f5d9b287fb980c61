package io.github.ecspreflight.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.http.urlconnection.ProxyConfiguration;

/** How the clients reach AWS: the SDK's endpoint conventions, honoured by the SDK itself, and Maven's proxy. */
class ConnectionSettingsTest {

    @TempDir
    Path home;

    private AwsStub stub;
    /** CloudWatch Logs on its own endpoint, as AWS_ENDPOINT_URL_CLOUDWATCH_LOGS names one. */
    private AwsStub logs;

    private FakeAws aws;

    @BeforeEach
    void start() throws Exception {
        stub = new AwsStub();
        // the account most tests run against: the managed policy, ECS trusted, the services' log groups there
        StubAccount.withTaskExecutionPolicy()
                .logGroup("/ecs/orders-api")
                .logGroup("/ecs/orders-worker")
                .install(stub);
        aws = new FakeAws(null, home);
        stub.answer("DescribeTaskDefinition", "describe-task-definition-fargate.json");
        logs = StubAccount.withTaskExecutionPolicy()
                .logGroup("/ecs/orders-worker")
                .install(new AwsStub());
    }

    @AfterEach
    void stop() {
        aws.close();
        stub.close();
        logs.close();
    }

    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void serviceSpecificEndpointsOverTheGeneralOne() throws Exception {
        // AWS_ENDPOINT_URL_ECS and AWS_ENDPOINT_URL_IAM as the SDK reads them from system properties
        System.setProperty("aws.endpointUrl", "http://127.0.0.1:" + closedPort());
        System.setProperty("aws.endpointUrlEcs", stub.endpoint());
        System.setProperty("aws.endpointUrlIam", stub.endpoint());
        // and AWS_ENDPOINT_URL_CLOUDWATCH_LOGS for the log group a definition without awslogs-create-group needs
        System.setProperty("aws.endpointUrlCloudWatchLogs", logs.endpoint());
        stub.answer("DescribeTaskDefinition", "describe-task-definition-ec2.json");

        aws.live("build-1").describe("ecs:orders-worker:1");

        assertThat(AwsStub.operations(stub.requests()))
                .containsExactly(
                        "DescribeTaskDefinition",
                        "SimulatePrincipalPolicy",
                        "SimulatePrincipalPolicy",
                        "SimulatePrincipalPolicy",
                        "GetRole");
        assertThat(AwsStub.operations(logs.requests())).containsExactly("DescribeLogGroups");
        assertThat(logs.requests().get(0).body()).isEqualTo("{\"logGroupNamePrefix\":\"/ecs/orders-worker\"}");
        assertThat(aws.notes).isEmpty();
    }

    @Test
    void eachMetadataServiceGoesToItsOwnEndpoint() throws Exception {
        // AWS_ENDPOINT_URL_SECRETS_MANAGER, _SSM, _S3 and _CLOUDWATCH_LOGS as the SDK reads them from system properties
        System.setProperty("aws.endpointUrl", "http://127.0.0.1:" + closedPort());
        System.setProperty("aws.endpointUrlEcs", stub.endpoint());
        System.setProperty("aws.endpointUrlIam", stub.endpoint());
        try (AwsStub metadata = StubAccount.withTaskExecutionPolicy()
                .logGroup("/ecs/orders-api-v2")
                .install(new AwsStub())) {
            for (String service : List.of("SecretsManager", "Ssm", "S3", "CloudWatchLogs")) {
                System.setProperty("aws.endpointUrl" + service, metadata.endpoint());
            }
            stub.answer("DescribeTaskDefinition", "describe-task-definition-secrets.json");

            aws.live("build-1").describe("ecs:orders-api:7");

            assertThat(AwsStub.operations(metadata.requests()))
                    .containsOnly("DescribeSecret", "DescribeParameters", "HeadObject", "DescribeLogGroups")
                    .hasSize(6);
            assertThat(AwsStub.operations(stub.requests()))
                    .containsOnly("DescribeTaskDefinition", "SimulatePrincipalPolicy", "GetRole");
            assertThat(aws.notes).isEmpty();
        }
    }

    @Test
    void theGeneralEndpointServesBothServices() throws Exception {
        System.setProperty("aws.endpointUrl", stub.endpoint());

        aws.live("build-1").describe("ecs:orders-api:3");

        assertThat(AwsStub.operations(stub.requests()))
                .containsExactly(
                        "DescribeTaskDefinition",
                        "SimulatePrincipalPolicy",
                        "SimulatePrincipalPolicy",
                        "SimulatePrincipalPolicy",
                        "GetRole");
    }

    @Test
    void aProfilesEndpointUrlIsHonoured() throws Exception {
        java.nio.file.Files.writeString(
                home.resolve("config"),
                "[profile local]\nregion = eu-central-1\n"
                        + "aws_access_key_id = AKIAI44QH8DHBEXAMPLE\naws_secret_access_key = je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY\n"
                        + "endpoint_url = " + stub.endpoint() + "\n");
        AwsSettings settings = new AwsSettings(null, "local", false, null, "build-1", aws.notes::add);

        new SdkTaskDefinitions(settings, null).describe("ecs:orders-api:3");

        assertThat(stub.requests("DescribeTaskDefinition").get(0).header("Authorization"))
                .contains("/eu-central-1/ecs/aws4_request");
    }

    @Test
    void mavensProxyCarriesTheCallsWithItsCredentials() throws Exception {
        // the stub stands in for the proxy: it sees the absolute URI of the endpoint it forwards to
        System.setProperty("aws.endpointUrl", "http://ecs.proxied.invalid");
        AwsSettings settings = new AwsSettings(
                "eu-west-1",
                null,
                false,
                new AwsSettings.Proxy("127.0.0.1", stub.port(), "builder", "proxy-pa55", List.of("*.internal")),
                "build-1",
                aws.notes::add);

        new SdkTaskDefinitions(settings, null).describe("ecs:orders-api:3");

        AwsStub.Request request = stub.requests("DescribeTaskDefinition").get(0);
        assertThat(request.uri()).isEqualTo("http://ecs.proxied.invalid/");
        assertThat(request.header("Host")).isEqualTo("ecs.proxied.invalid");
        assertThat(request.header("Proxy-Authorization"))
                .isEqualTo("Basic "
                        + Base64.getEncoder().encodeToString("builder:proxy-pa55".getBytes(StandardCharsets.UTF_8)));
        assertThat(settings.proxy().toString()).doesNotContain("proxy-pa55");
    }

    @Test
    void nonProxyHostsAreMatchedAsMavenWritesThem() {
        ProxyConfiguration proxy = AwsClients.proxy(
                new AwsSettings.Proxy("proxy.corp", 3128, null, null, List.of("*.internal", "localhost", "10.0.0.1")));

        assertThat(proxy.host()).isEqualTo("proxy.corp");
        assertThat(proxy.port()).isEqualTo(3128);
        assertThat(proxy.nonProxyHosts()).hasSize(3);
        assertThat(proxy.nonProxyHosts().stream().anyMatch("ecs.eu-west-1.internal"::matches))
                .isTrue();
        assertThat(proxy.nonProxyHosts().stream().anyMatch("localhost"::matches))
                .isTrue();
        assertThat(proxy.nonProxyHosts().stream().anyMatch("10.0.0.1"::matches)).isTrue();
        assertThat(proxy.nonProxyHosts().stream().anyMatch("10.0.0.11"::matches))
                .isFalse();
        assertThat(proxy.nonProxyHosts().stream().anyMatch("ecs.eu-west-1.amazonaws.com"::matches))
                .isFalse();
    }
}
