package io.github.ecspreflight.image.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.ecspreflight.check.CheckFixtures;
import io.github.ecspreflight.check.CheckOptions;
import io.github.ecspreflight.check.ImageBuilder;
import io.github.ecspreflight.check.ImageReferenceRule;
import io.github.ecspreflight.common.PreflightException;
import io.github.ecspreflight.ecs.Candidate;
import io.github.ecspreflight.ecs.TestTaskDefinitions;
import io.github.ecspreflight.image.Descriptor;
import io.github.ecspreflight.image.Image;
import io.github.ecspreflight.image.ImageReference;
import io.github.ecspreflight.image.Platform;
import io.github.ecspreflight.image.RegistryAccess;
import io.github.ecspreflight.image.TestImages;
import io.github.ecspreflight.image.open.ImageOpener;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A registry in the test's JVM ({@link FakeRegistry}) for bearer authentication and for broken answers, and no registry
 * at all for unknown hosts, refused connections and silence: each failure is one line, and none takes long.
 */
class FakeRegistryTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    static Path work;

    static Path keystore;
    static Path layout;
    static String manifestDigest;
    static String configDigest;
    static String layerDigest;

    FakeRegistry registry;
    Path cache;

    @BeforeAll
    static void buildImage() throws Exception {
        keystore = FakeRegistry.keystore(work);
        Path tar = TestImages.ociArchive(TestImages.scratch("amd64", work), work.resolve("amd.tar"), "app:1.0");
        layout = TestImages.extract(tar, work.resolve("layout"));
        manifestDigest = MAPPER.readTree(layout.resolve("index.json").toFile())
                .path("manifests")
                .get(0)
                .path("digest")
                .asText();
        JsonNode manifest =
                MAPPER.readTree(TestImages.blob(layout, manifestDigest).toFile());
        configDigest = manifest.path("config").path("digest").asText();
        layerDigest = manifest.path("layers").get(0).path("digest").asText();
    }

    @BeforeEach
    void startRegistry() throws Exception {
        registry = FakeRegistry.start(keystore);
        registry.manifest("1.0", Descriptor.OCI_MANIFEST, Files.readAllBytes(TestImages.blob(layout, manifestDigest)));
        registry.manifest(
                manifestDigest, Descriptor.OCI_MANIFEST, Files.readAllBytes(TestImages.blob(layout, manifestDigest)));
        registry.blob(
                configDigest, Files.readAllBytes(TestImages.blob(layout, configDigest)), FakeRegistry.Serving.WHOLE);
        registry.blob(
                layerDigest, Files.readAllBytes(TestImages.blob(layout, layerDigest)), FakeRegistry.Serving.WHOLE);
        cache = Files.createTempDirectory(work, "cache");
    }

    @AfterEach
    void stopRegistry() {
        registry.close();
    }

    private String reference(String tag) {
        return "docker://" + registry.host() + "/" + FakeRegistry.REPOSITORY + ":" + tag;
    }

    private RegistryAccess access(String user, String password) {
        return new RegistryAccess(
                false,
                true,
                host -> host.equals(registry.host()) && user != null
                        ? Optional.of(new RegistryAccess.Credential(user, password))
                        : Optional.empty());
    }

    private Image open(String reference, RegistryAccess access) throws PreflightException {
        SourceEnvironment environment =
                new SourceEnvironment(Map.of("PATH", "/usr/bin:/bin"), work.resolve("home"), cache, "docker");
        return new ImageOpener(work, access, environment).open(ImageReference.parse(reference));
    }

    private static Candidate task() throws Exception {
        Path file = Path.of(FakeRegistryTest.class
                .getResource("/registry/fargate-x86_64.json")
                .toURI());
        return TestTaskDefinitions.load(file.getParent(), file.toString());
    }

    private static CheckOptions entrypointCheck() {
        return new CheckOptions(
                null, Set.of("awslogs"), Set.of(ImageReferenceRule.EP201), true, false, ImageBuilder.JIB);
    }

    @Test
    void bearerAuthenticationGetsATokenWithTheCredentialAndUsesIt() throws Exception {
        registry.requireLogin("robot", "s3cret-token-pass");
        try (Image image = open(reference("1.0"), access("robot", "s3cret-token-pass"))) {
            assertThat(image.platforms()).containsExactly(Platform.LINUX_AMD64);
            assertThat(CheckFixtures.check(image, task(), entrypointCheck()).findings())
                    .isEmpty();
        }
        assertThat(registry.received).anySatisfy(r -> {
            assertThat(r.uri()).startsWith("/token?");
            assertThat(r.uri()).contains("scope=repository:app:pull");
            assertThat(r.authorization()).isEqualTo("Basic robot");
        });
        assertThat(registry.received)
                .filteredOn(r -> r.uri().contains("/manifests/") || r.uri().contains("/blobs/"))
                .isNotEmpty()
                .allSatisfy(r -> assertThat(r.authorization()).isEqualTo("Bearer " + FakeRegistry.TOKEN));
    }

    @Test
    void aTokenServiceRefusalNamesTheRegistryAndTheSource() {
        registry.requireLogin("robot", "right-password");
        assertThatThrownBy(() -> open(reference("1.0"), access("robot", "wrong-password-123")))
                .isInstanceOf(PreflightException.class)
                .hasMessage("image " + reference("1.0") + ": registry " + registry.host()
                        + " refused authentication of "
                        + "app (HTTP 401 Unauthorized) with credentials from settings.xml <server> '" + registry.host()
                        + "'; check the user name and password there")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("wrong-password-123"));
    }

    @Test
    void aForbiddenRepositoryNamesTheRegistryAndTheSource() {
        registry.forbid("1.0");
        assertThatThrownBy(() -> open(reference("1.0"), access("robot", "pass-without-pull")))
                .isInstanceOf(PreflightException.class)
                .hasMessage("image " + reference("1.0") + ": registry " + registry.host() + " denied manifest '1.0' of "
                        + "app (HTTP 403 Forbidden) with credentials from settings.xml <server> '" + registry.host()
                        + "'; they need pull access to app");
    }

    @Test
    void aManifestOfAnUnknownMediaTypeIsRefused() {
        registry.manifest(
                "weird",
                "application/vnd.example.thing.v1+json",
                "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.example.thing.v1+json\"}".getBytes());
        assertThatThrownBy(() -> open(reference("weird"), access(null, null)))
                .isInstanceOf(PreflightException.class)
                .hasMessage(
                        "image " + reference("weird") + ": registry " + registry.host() + " answered manifest 'weird' "
                                + "with a manifest this plugin cannot read (Unknown mediaType: application/vnd.example.thing.v1+json); "
                                + "Docker v2.2 and OCI image manifests and indexes are read");
    }

    @Test
    void anOciArtifactIsNotTakenForAnImageAndItsConfigIsNotFetched() throws Exception {
        ObjectNode manifest = (ObjectNode)
                MAPPER.readTree(TestImages.blob(layout, manifestDigest).toFile());
        ((ObjectNode) manifest.path("config")).put("mediaType", "application/vnd.cncf.helm.config.v1+json");
        registry.manifest("chart", Descriptor.OCI_MANIFEST, MAPPER.writeValueAsBytes(manifest));
        assertThatThrownBy(() -> open(reference("chart"), access(null, null)))
                .isInstanceOf(PreflightException.class)
                .hasMessageStartingWith("image " + reference("chart") + ": manifest sha256:")
                .hasMessageEndingWith(" is not a container image: its config has media type "
                        + "application/vnd.cncf.helm.config.v1+json (an OCI artifact?)");
        assertThat(registry.paths()).noneMatch(p -> p.contains("/blobs/"));
    }

    @Test
    void aConfigBlobWithOtherBytesThanItsDigestIsRefused() {
        registry.blob(configDigest, readBlob(configDigest), FakeRegistry.Serving.CORRUPT);
        assertThatThrownBy(() -> open(reference("1.0"), access(null, null)))
                .isInstanceOf(PreflightException.class)
                .hasMessageStartingWith("image " + reference("1.0") + ": config blob " + configDigest
                        + " from registry " + registry.host() + " does not match its digest (")
                .hasMessageEndingWith("); it is corrupt or tampered with");
    }

    @Test
    void aManifestWithOtherBytesThanTheDigestAskedForIsRefused() throws Exception {
        byte[] other = MAPPER.writeValueAsBytes(
                MAPPER.readTree(TestImages.blob(layout, manifestDigest).toFile())
                        .deepCopy());
        registry.manifest(manifestDigest, Descriptor.OCI_MANIFEST, (new String(other) + " ").getBytes());
        String byDigest = "docker://" + registry.host() + "/app@" + manifestDigest;
        assertThatThrownBy(() -> open(byDigest, access(null, null)))
                .isInstanceOf(PreflightException.class)
                .hasMessageStartingWith("image " + byDigest + ": the registry answered " + manifestDigest
                        + " with a manifest whose digest is sha256:")
                .hasMessageEndingWith("; it is corrupt or tampered with");
    }

    @Test
    void aLayerCutShortFailsTheEntrypointCheckAndIsNotCached() throws Exception {
        registry.blob(layerDigest, readBlob(layerDigest), FakeRegistry.Serving.TRUNCATED);
        try (Image image = open(reference("1.0"), access(null, null))) {
            assertThatThrownBy(() -> CheckFixtures.check(image, task(), entrypointCheck()))
                    .isInstanceOf(PreflightException.class)
                    .hasMessageContaining("layer 1 of 1 (" + layerDigest + ") is truncated or corrupt (layer blob "
                            + layerDigest + " from registry " + registry.host() + " failed (")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        }
        assertThat(new BlobCache(cache).path(layerDigest)).doesNotExist();
        assertThat(Files.walk(cache).filter(Files::isRegularFile).toList()).isEmpty();
    }

    @Test
    void aLayerWithOtherBytesThanItsDigestFailsTheEntrypointCheckAndIsNotCached() throws Exception {
        registry.blob(layerDigest, readBlob(layerDigest), FakeRegistry.Serving.CORRUPT);
        try (Image image = open(reference("1.0"), access(null, null))) {
            assertThatThrownBy(() -> CheckFixtures.check(image, task(), entrypointCheck()))
                    .isInstanceOf(PreflightException.class)
                    .hasMessageContaining("layer blob " + layerDigest + " from registry " + registry.host()
                            + " does not match its digest");
        }
        assertThat(new BlobCache(cache).path(layerDigest)).doesNotExist();
    }

    @Test
    void aWholeLayerIsCachedByDigestAndNotFetchedAgain() throws Exception {
        try (Image image = open(reference("1.0"), access(null, null))) {
            assertThat(CheckFixtures.check(image, task(), entrypointCheck()).findings())
                    .isEmpty();
        }
        assertThat(new BlobCache(cache).path(layerDigest)).hasBinaryContent(readBlob(layerDigest));
        registry.received.clear();
        try (Image image = open(reference("1.0"), access(null, null))) {
            assertThat(CheckFixtures.check(image, task(), entrypointCheck()).findings())
                    .isEmpty();
        }
        assertThat(registry.paths()).noneMatch(p -> p.endsWith(layerDigest));
    }

    @Test
    void anUnknownHostFailsQuicklyInOneLine() {
        long start = System.nanoTime();
        assertThatThrownBy(() -> open("docker://no-such-registry.invalid/app:1.0", access(null, null)))
                .isInstanceOf(PreflightException.class)
                .hasMessage(
                        "image docker://no-such-registry.invalid/app:1.0: cannot reach registry no-such-registry.invalid: "
                                + "unknown host no-such-registry.invalid; check the name, DNS or proxy");
        assertThat((System.nanoTime() - start) / 1_000_000_000).isLessThan(30);
    }

    @Test
    void aRefusedConnectionFailsQuicklyInOneLine() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        for (boolean insecure : new boolean[] {false, true}) {
            long start = System.nanoTime();
            String reference = "docker://127.0.0.1:" + port + "/app:1.0";
            assertThatThrownBy(() ->
                            open(reference, new RegistryAccess(false, insecure, RegistryAccess.ServerCredentials.NONE)))
                    .isInstanceOf(PreflightException.class)
                    .hasMessage("image " + reference + ": cannot reach registry 127.0.0.1:" + port
                            + ": connection refused (nothing answers at 127.0.0.1:" + port + ")");
            assertThat((System.nanoTime() - start) / 1_000_000_000).isLessThan(15);
        }
    }

    @Test
    void aSilentRegistryTimesOutWithinTheConfiguredTime() throws Exception {
        List<Socket> accepted = new ArrayList<>();
        String previous = System.getProperty("jib.httpTimeout");
        try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        accepted.add(silent.accept()); // and never answer
                    }
                } catch (java.io.IOException closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            System.setProperty("jib.httpTimeout", "500");
            String reference = "docker://127.0.0.1:" + silent.getLocalPort() + "/app:1.0";
            long start = System.nanoTime();
            assertThatThrownBy(() ->
                            open(reference, new RegistryAccess(false, false, RegistryAccess.ServerCredentials.NONE)))
                    .isInstanceOf(PreflightException.class)
                    // whichever ends it first, the retried reads' timeouts or the request's deadline (6 timeouts)
                    .message()
                    .isIn(
                            "image " + reference + ": registry 127.0.0.1:" + silent.getLocalPort()
                                    + " did not answer authentication within 500 ms (-Djib.httpTimeout)",
                            "image " + reference + ": registry 127.0.0.1:" + silent.getLocalPort()
                                    + " did not finish authentication within 3 s (the limit for one request: 6 times "
                                    + "-Djib.httpTimeout); it answers too slowly");
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(10_000);
        } finally {
            if (previous == null) {
                System.clearProperty("jib.httpTimeout");
            } else {
                System.setProperty("jib.httpTimeout", previous);
            }
            for (Socket socket : accepted) {
                socket.close();
            }
        }
    }

    @Test
    void aManifestLargerThanAnyRealOneIsRefusedBeforeItIsRead() {
        registry.oversize("huge");
        assertThatThrownBy(() -> open(reference("huge"), access(null, null)))
                .isInstanceOf(PreflightException.class)
                .hasMessage("image " + reference("huge") + ": registry " + registry.host() + " answered manifest "
                        + "'huge' in a way that is refused: the answer is 5000000000 bytes, more than the 16777216 a "
                        + "manifest, index or token may be");
    }

    @Test
    void aManifestThatDoesNotSayItsLengthIsRefused() throws Exception {
        registry.unsized("chunked", Files.readAllBytes(TestImages.blob(layout, manifestDigest)));
        assertThatThrownBy(() -> open(reference("chunked"), access(null, null)))
                .isInstanceOf(PreflightException.class)
                .hasMessage("image " + reference("chunked") + ": registry " + registry.host() + " answered manifest "
                        + "'chunked' in a way that is refused: the answer does not say its length (no Content-Length), "
                        + "so it cannot be bounded");
    }

    @Test
    void aRegistryThatTricklesItsAnswerIsGivenUpOnAtTheDeadline() throws Exception {
        List<Socket> accepted = new CopyOnWriteArrayList<>();
        String previous = System.getProperty("jib.httpTimeout");
        try (ServerSocket trickle = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            Thread server = new Thread(() -> {
                try {
                    while (true) {
                        Socket socket = trickle.accept();
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
            System.setProperty("jib.httpTimeout", "300");
            String reference = "docker://127.0.0.1:" + trickle.getLocalPort() + "/app:1.0";
            long start = System.nanoTime();
            assertThatThrownBy(() ->
                            open(reference, new RegistryAccess(false, true, RegistryAccess.ServerCredentials.NONE)))
                    .isInstanceOf(PreflightException.class)
                    .hasMessage("image " + reference + ": registry 127.0.0.1:" + trickle.getLocalPort()
                            + " did not finish authentication within 1800 ms (the limit for one request: 6 times "
                            + "-Djib.httpTimeout); it answers too slowly");
            // the answer trickles one header line every 100 ms, well within the 300 ms per-read timeout, forever
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(20_000);
        } finally {
            if (previous == null) {
                System.clearProperty("jib.httpTimeout");
            } else {
                System.setProperty("jib.httpTimeout", previous);
            }
            for (Socket socket : accepted) {
                socket.close();
            }
        }
    }

    /** Answers any request with a status line, then one header line every 100 ms, never ending the headers. */
    private static void trickle(Socket socket) {
        try (socket) {
            java.io.OutputStream out = socket.getOutputStream();
            out.write("HTTP/1.1 200 OK\r\n".getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; ; i++) {
                out.write(("X-Slow-" + i + ": 1\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                Thread.sleep(100);
            }
        } catch (java.io.IOException | InterruptedException closed) {
            // the client gave up, or the test is over
        }
    }

    @Test
    void offlineNeverConnects() {
        RegistryAccess offline = new RegistryAccess(true, true, RegistryAccess.ServerCredentials.NONE);
        assertThatThrownBy(() -> open(reference("1.0"), offline))
                .isInstanceOf(PreflightException.class)
                .hasMessageContaining("Maven is offline (-o)");
        assertThat(registry.received).isEmpty();
    }

    private static byte[] readBlob(String digest) {
        try {
            return Files.readAllBytes(TestImages.blob(layout, digest));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
