package io.github.ecspreflight.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.github.ecspreflight.common.PreflightException;
import io.github.ecspreflight.image.RegistryAccess;
import io.github.ecspreflight.image.registry.RegistryCredentials;
import io.github.ecspreflight.image.registry.SourceEnvironment;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ECR's password from {@code GetAuthorizationToken}, asked of a stand-in for the ECR endpoint in the test's JVM (reached
 * through {@code AWS_ENDPOINT_URL_ECR}, as the SDK's convention has it), signed with credentials from the SDK's default
 * chain (here its first link, the {@code aws.accessKeyId} system properties) for the region the host names.
 */
class EcrCredentialsTest {

    private static final String HOST = "123456789012.dkr.ecr.eu-west-1.amazonaws.com";

    @TempDir
    Path work;

    HttpServer ecr;
    final List<Map<String, String>> requests = new CopyOnWriteArrayList<>();
    volatile int status = 200;
    volatile String answer;

    @BeforeEach
    void start() throws Exception {
        ecr = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        ecr.createContext("/", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                requests.add(Map.of(
                        "target", String.valueOf(exchange.getRequestHeaders().getFirst("X-Amz-Target")),
                        "authorization",
                                String.valueOf(exchange.getRequestHeaders().getFirst("Authorization"))));
                byte[] body = answer.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
                exchange.sendResponseHeaders(status, body.length);
                exchange.getResponseBody().write(body);
            }
        });
        ecr.start();
        System.setProperty("aws.accessKeyId", "AKIDEXAMPLEECRTEST");
        System.setProperty("aws.secretAccessKey", "secret-key-never-printed");
        answer = "{\"authorizationData\":[{\"authorizationToken\":\""
                + Base64.getEncoder().encodeToString("AWS:ecr-password-from-token".getBytes(StandardCharsets.UTF_8))
                + "\",\"expiresAt\":1.9E9,\"proxyEndpoint\":\"https://" + HOST + "\"}]}";
    }

    @AfterEach
    void stop() {
        ecr.stop(0);
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
    }

    private SourceEnvironment environment() {
        return new SourceEnvironment(
                Map.of(
                        "AWS_ENDPOINT_URL_ECR",
                        "http://127.0.0.1:" + ecr.getAddress().getPort(),
                        "PATH",
                        "/usr/bin:/bin"),
                work.resolve("home"),
                work.resolve("cache"),
                "docker");
    }

    @Test
    void recognisesEcrHostsAndTheirRegion() {
        assertThat(EcrCredentials.isEcr(HOST)).isTrue();
        assertThat(EcrCredentials.regionOf(HOST)).hasValue("eu-west-1");
        assertThat(EcrCredentials.regionOf("123456789012.dkr.ecr-fips.us-gov-west-1.amazonaws.com"))
                .hasValue("us-gov-west-1");
        assertThat(EcrCredentials.regionOf("123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn"))
                .hasValue("cn-north-1");
        assertThat(EcrCredentials.isEcr("public.ecr.aws")).isFalse();
        assertThat(EcrCredentials.isEcr("ghcr.io")).isFalse();
        assertThat(EcrCredentials.isEcr("12345.dkr.ecr.eu-west-1.amazonaws.com"))
                .isFalse();
    }

    @Test
    void anEcrHostWithNoOtherCredentialGetsAGetAuthorizationTokenPassword() throws Exception {
        RegistryCredentials.Lookup lookup = new RegistryCredentials(
                        RegistryAccess.ServerCredentials.NONE, environment(), new EcrCredentials(environment()))
                .lookup(List.of(HOST));
        RegistryCredentials.Found found = lookup.found().orElseThrow();
        assertThat(found.credential().username()).isEqualTo("AWS");
        assertThat(found.credential().secret()).isEqualTo("ecr-password-from-token");
        assertThat(found.source())
                .isEqualTo("ECR GetAuthorizationToken (AWS default credential chain, region eu-west-1)");
        assertThat(found.toString()).doesNotContain("ecr-password-from-token");
        assertThat(requests).hasSize(1);
        assertThat(requests.get(0).get("target"))
                .isEqualTo("AmazonEC2ContainerRegistry_V20150921.GetAuthorizationToken");
        // Signed with the default chain's key for ECR in the host's region.
        assertThat(requests.get(0).get("authorization"))
                .contains("Credential=AKIDEXAMPLEECRTEST/")
                .contains("/eu-west-1/ecr/aws4_request");
    }

    @Test
    void settingsXmlComesFirstAndEcrIsNotAsked() throws Exception {
        RegistryAccess.ServerCredentials servers = host -> host.equals(HOST)
                ? java.util.Optional.of(new RegistryAccess.Credential("AWS", "from-settings"))
                : java.util.Optional.empty();
        RegistryCredentials.Lookup lookup = new RegistryCredentials(
                        servers, environment(), new EcrCredentials(environment()))
                .lookup(List.of(HOST));
        assertThat(lookup.found().orElseThrow().source()).isEqualTo("settings.xml <server> '" + HOST + "'");
        assertThat(requests).isEmpty();
    }

    @Test
    void aRefusalIsOneLineWithTheAwsErrorCode() {
        status = 400;
        answer = "{\"__type\":\"AccessDeniedException\",\"message\":\"User: arn:aws:iam::123456789012:user/ci is not "
                + "authorized to perform: ecr:GetAuthorizationToken\"}";
        assertThatThrownBy(() -> new EcrCredentials(environment()).token(HOST))
                .isInstanceOf(PreflightException.class)
                .hasMessage(
                        "registry " + HOST + ": ECR GetAuthorizationToken (AWS default credential chain, region "
                                + "eu-west-1) failed: AccessDeniedException (User: arn:aws:iam::123456789012:user/ci is not "
                                + "authorized to perform: ecr:GetAuthorizationToken); the credentials need ecr:GetAuthorizationToken")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("secret-key-never-printed"));
    }
}
