package io.github.ecspreflight.image.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import io.github.ecspreflight.check.CheckFixtures;
import io.github.ecspreflight.check.CheckOptions;
import io.github.ecspreflight.check.ImageBuilder;
import io.github.ecspreflight.check.ImageReferenceRule;
import io.github.ecspreflight.common.RecordingLog;
import io.github.ecspreflight.ecs.Candidate;
import io.github.ecspreflight.ecs.TestTaskDefinitions;
import io.github.ecspreflight.image.Descriptor;
import io.github.ecspreflight.image.Image;
import io.github.ecspreflight.image.ImageReference;
import io.github.ecspreflight.image.RegistryAccess;
import io.github.ecspreflight.image.TestImages;
import io.github.ecspreflight.image.open.ImageOpener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code mvn -X} and an interactive build show of a registry image: each request with its status and never a
 * credential, the bytes read from each layer, and the progress of a download of more than a few MiB.
 */
class RegistryLoggingTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String PASSWORD = "s3cret-token-pass";

    @TempDir
    static Path work;

    static Path keystore;
    static Path layout;
    static JsonNode manifest;
    static String manifestDigest;

    FakeRegistry registry;

    @BeforeAll
    static void buildImage() throws Exception {
        keystore = FakeRegistry.keystore(work);
        // 6 MiB of random bytes do not compress: the topmost layer's download is over the progress threshold
        byte[] data = new byte[6 * 1024 * 1024];
        new Random(7).nextBytes(data);
        Path file = Files.write(work.resolve("data.bin"), data);
        Path tar = TestImages.ociArchive(
                TestImages.scratch("amd64", work)
                        .addFileEntriesLayer(FileEntriesLayer.builder()
                                .addEntry(file, AbsoluteUnixPath.get("/data/data.bin"))
                                .build()),
                work.resolve("big.tar"),
                "app:1.0");
        layout = TestImages.extract(tar, work.resolve("layout"));
        manifestDigest = MAPPER.readTree(layout.resolve("index.json").toFile())
                .path("manifests")
                .get(0)
                .path("digest")
                .asText();
        manifest = MAPPER.readTree(TestImages.blob(layout, manifestDigest).toFile());
    }

    @BeforeEach
    void startRegistry() throws Exception {
        registry = FakeRegistry.start(keystore);
        byte[] manifestBytes = Files.readAllBytes(TestImages.blob(layout, manifestDigest));
        registry.manifest("1.0", Descriptor.OCI_MANIFEST, manifestBytes);
        registry.manifest(manifestDigest, Descriptor.OCI_MANIFEST, manifestBytes);
        String config = manifest.path("config").path("digest").asText();
        registry.blob(config, Files.readAllBytes(TestImages.blob(layout, config)), FakeRegistry.Serving.WHOLE);
        for (JsonNode layer : manifest.path("layers")) {
            String digest = layer.path("digest").asText();
            registry.blob(digest, Files.readAllBytes(TestImages.blob(layout, digest)), FakeRegistry.Serving.WHOLE);
        }
        registry.requireLogin("robot", PASSWORD);
    }

    @AfterEach
    void stopRegistry() {
        registry.close();
    }

    private void check(RecordingLog log) throws Exception {
        SourceEnvironment environment = new SourceEnvironment(
                Map.of("PATH", "/usr/bin:/bin"),
                work.resolve("home"),
                Files.createTempDirectory(work, "cache"),
                "docker");
        RegistryAccess access =
                new RegistryAccess(false, true, host -> Optional.of(new RegistryAccess.Credential("robot", PASSWORD)));
        Path file =
                Path.of(getClass().getResource("/registry/fargate-x86_64.json").toURI());
        Candidate task = TestTaskDefinitions.load(file.getParent(), file.toString());
        try (Image image = new ImageOpener(work, access, environment, log)
                .open(ImageReference.parse("docker://" + registry.host() + "/" + FakeRegistry.REPOSITORY + ":1.0"))) {
            CheckOptions entrypoint = new CheckOptions(
                    null, Set.of("awslogs"), Set.of(ImageReferenceRule.EP201), true, false, ImageBuilder.JIB);
            assertThat(CheckFixtures.check(image, task, entrypoint).findings()).isEmpty();
        }
    }

    @Test
    void eachRequestIsLoggedWithItsStatusAndNoCredential() throws Exception {
        RecordingLog log = new RecordingLog();

        check(log);

        String base = "https://" + registry.host();
        assertThat(log.debug)
                .contains("ecs-preflight: registry GET " + base + "/v2/app/manifests/1.0: HTTP 200")
                .anySatisfy(
                        line -> assertThat(line).startsWith("ecs-preflight: registry GET " + base + "/token: HTTP 200"))
                .anySatisfy(line -> assertThat(line)
                        .matches("ecs-preflight: registry GET " + java.util.regex.Pattern.quote(base)
                                + "/v2/app/blobs/sha256:[0-9a-f]{64}: HTTP 200"));
        assertThat(String.join("\n", log.debug))
                .doesNotContain(PASSWORD)
                .doesNotContain(FakeRegistry.TOKEN)
                .doesNotContain("scope=")
                .doesNotContainIgnoringCase("authorization");
    }

    @Test
    void eachLayerReadIsLoggedWithTheBytesTakenFromIt() throws Exception {
        RecordingLog log = new RecordingLog();

        check(log);

        String name = "image docker://" + registry.host() + "/app:1.0";
        for (JsonNode layer : manifest.path("layers")) {
            String path = "blobs/" + layer.path("digest").asText().replace(':', '/');
            assertThat(log.debug)
                    .anySatisfy(line -> assertThat(line)
                            .startsWith("ecs-preflight: " + name + ": read ")
                            .endsWith(" bytes of " + path));
        }
        assertThat(log.debug).contains("ecs-preflight: opening " + name + " (DOCKER)");
    }

    @Test
    void aDownloadOfSeveralMibShowsItsProgressToTheLastByte() throws Exception {
        RecordingLog log = new RecordingLog();

        check(log);

        JsonNode big = manifest.path("layers").get(manifest.path("layers").size() - 1);
        long size = big.path("size").asLong();
        assertThat(size).isGreaterThan(RegistryImageFiles.PROGRESS_FROM_BYTES);
        assertThat(log.progress).isNotEmpty().allSatisfy(p -> {
            assertThat(p.resource()).isEqualTo("layer " + big.path("digest").asText() + " from " + registry.host());
            assertThat(p.total()).isEqualTo(size);
        });
        assertThat(log.progress)
                .map(RecordingLog.Progress::transferred)
                .isSorted()
                .hasSizeGreaterThan(4)
                .last()
                .isEqualTo(size);
        // the small layer (the entrypoint's) and the config show none
        assertThat(log.progress)
                .map(RecordingLog.Progress::resource)
                .containsOnly("layer " + big.path("digest").asText() + " from " + registry.host());
    }
}
