package io.github.ecspreflight.image.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ecspreflight.check.CheckFixtures;
import io.github.ecspreflight.check.CheckOptions;
import io.github.ecspreflight.check.CheckResult;
import io.github.ecspreflight.check.Finding;
import io.github.ecspreflight.check.ImageBuilder;
import io.github.ecspreflight.check.ImageReferenceRule;
import io.github.ecspreflight.check.PlatformRules;
import io.github.ecspreflight.common.PreflightException;
import io.github.ecspreflight.ecs.Candidate;
import io.github.ecspreflight.ecs.TestTaskDefinitions;
import io.github.ecspreflight.image.Descriptor;
import io.github.ecspreflight.image.Image;
import io.github.ecspreflight.image.ImageManifest;
import io.github.ecspreflight.image.ImageReference;
import io.github.ecspreflight.image.Platform;
import io.github.ecspreflight.image.RegistryAccess;
import io.github.ecspreflight.image.open.ImageOpener;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code docker://} images in a real registry (Debian's docker-registry, see {@link TestRegistries}): Docker v2.2 and
 * OCI manifests, indexes, tags and digests, what is fetched for which check (from the registry's own request log), and
 * the refusals.
 */
@ExtendWith(TestRegistries.class)
class RegistryImagesTest {

    @TempDir
    static Path work;

    static TestRegistries.Registries registries;
    static RegistryFixtures.Pushed images;

    @BeforeAll
    static void push(TestRegistries.Registries given) {
        registries = given;
        images = RegistryFixtures.pushed(given);
    }

    /** The open registry speaks plain HTTP: allowed here, as the user would allow it. */
    static final RegistryAccess INSECURE = new RegistryAccess(false, true, RegistryAccess.ServerCredentials.NONE);

    static SourceEnvironment environment(Path cache) {
        return new SourceEnvironment(
                Map.of("PATH", System.getenv().getOrDefault("PATH", "")), work.resolve("home"), cache, "docker");
    }

    static Image open(String reference, RegistryAccess access, Path cache) throws PreflightException {
        return new ImageOpener(work, access, environment(cache)).open(ImageReference.parse(reference));
    }

    static Image open(String reference) throws PreflightException {
        return open(reference, INSECURE, work.resolve("cache"));
    }

    static Candidate task(String name) throws PreflightException, URISyntaxException {
        Path file = Path.of(
                RegistryImagesTest.class.getResource("/registry/" + name).toURI());
        return TestTaskDefinitions.load(file.getParent(), file.toString());
    }

    static CheckOptions options(boolean checkEntrypoint) {
        return new CheckOptions(
                null, Set.of("awslogs"), Set.of(ImageReferenceRule.EP201), checkEntrypoint, false, ImageBuilder.JIB);
    }

    @Test
    void aDockerV22ManifestIsJudgedByItsConfig() throws Exception {
        try (Image image = open(images.singleAmd64())) {
            assertThat(image.isIndex()).isFalse();
            assertThat(image.platforms()).containsExactly(Platform.LINUX_AMD64);
            assertThat(image.repository())
                    .hasValue(registries.open() + "/ecs-preflight/single-amd64-" + RegistryFixtures.RUN);
            assertThat(image.digest()).startsWith("sha256:").hasSize(71);
            ImageManifest manifest = image.manifest(image.entries().get(0));
            assertThat(manifest.config().entrypoint()).containsExactly("/app/run");
            assertThat(manifest.layers()).hasSize(1);
            assertThat(manifest.layers().get(0).mediaType())
                    .isEqualTo("application/vnd.docker.image.rootfs.diff.tar.gzip");
        }
    }

    @Test
    void anOciManifestReadsTheSameByTagAndByDigest() throws Exception {
        String digest;
        try (Image image = open(images.singleArm64Oci())) {
            assertThat(image.platforms()).containsExactly(Platform.LINUX_ARM64);
            assertThat(image.manifest(image.entries().get(0)).layers().get(0).mediaType())
                    .isEqualTo("application/vnd.oci.image.layer.v1.tar+gzip");
            digest = image.digest();
        }
        String byDigest =
                images.singleArm64Oci().substring(0, images.singleArm64Oci().lastIndexOf(':')) + "@" + digest;
        try (Image image = open(byDigest)) {
            assertThat(image.digest()).isEqualTo(digest);
            assertThat(image.platforms()).containsExactly(Platform.LINUX_ARM64);
        }
    }

    @Test
    void anIndexOffersAmd64AndArm64AndIgnoresAttestations() throws Exception {
        try (Image image = open(images.multi())) {
            assertThat(image.isIndex()).isTrue();
            assertThat(image.platforms()).containsExactly(Platform.LINUX_AMD64, Platform.LINUX_ARM64);
            Descriptor arm = image.entryFor(Platform.LINUX_ARM64).orElseThrow();
            // The entry's claim is checked against the config it points at.
            assertThat(image.manifest(arm).config().platform()).isEqualTo(Platform.LINUX_ARM64);
            Descriptor amd = image.entryFor(Platform.LINUX_AMD64).orElseThrow();
            assertThat(image.manifest(amd).config().platform()).isEqualTo(Platform.LINUX_AMD64);
        }
    }

    @Test
    void theIndexPassesOnX86FargateAndOnGraviton() throws Exception {
        for (String task : List.of("fargate-x86_64.json", "fargate-arm64.json")) {
            try (Image image = open(images.multi())) {
                CheckResult result = CheckFixtures.check(image, task(task), options(true));
                assertThat(result.findings()).as(task).isEmpty();
                assertThat(result.failed()).isFalse();
            }
        }
    }

    @Test
    void anArmOnlyIndexOnX86FargateIsEp003() throws Exception {
        try (Image image = open(images.armOnly())) {
            CheckResult result = CheckFixtures.check(image, task("fargate-x86_64.json"), options(true));
            assertThat(result.findings()).extracting(Finding::rule).containsExactly(PlatformRules.EP003);
            assertThat(result.findings().get(0).message())
                    .contains("linux/arm64")
                    .contains(images.armOnly());
            assertThat(result.failed()).isTrue();
        }
    }

    @Test
    void anAmd64ManifestOnGravitonIsEp001() throws Exception {
        try (Image image = open(images.singleAmd64())) {
            CheckResult result = CheckFixtures.check(image, task("fargate-arm64.json"), options(true));
            assertThat(result.findings()).extracting(Finding::rule).containsExactly(PlatformRules.EP001);
        }
    }

    /**
     * The registry's own request log: the config check fetches manifests and the config blob only; the entrypoint
     * check fetches the top layer (which holds the entrypoint) and not the big layer below it; a second entrypoint
     * check reads the layer from the cache.
     */
    @Test
    void theRequestLogShowsWhatEachCheckFetched() throws Exception {
        RegistryFixtures.RegistryLog log = new RegistryFixtures.RegistryLog(registries.openLog(), registries.open());
        Path cache = work.resolve("cost-cache");
        String repository = "/v2/" + images.layeredRepository() + "/";

        long mark = log.mark();
        String config;
        String bottomLayer;
        String topLayer;
        try (Image image = open(images.layered(), INSECURE, cache)) {
            assertThat(CheckFixtures.check(image, task("fargate-x86_64.json"), options(false))
                            .findings())
                    .isEmpty();
            ImageManifest manifest = image.manifest(image.entries().get(0));
            assertThat(manifest.layers()).hasSize(2);
            bottomLayer = manifest.layers().get(0).digest();
            topLayer = manifest.layers().get(1).digest();
            config = configDigest(manifest);
        }
        List<RegistryFixtures.Request> configCheck = ours(log.since(mark), repository);
        assertThat(configCheck).isNotEmpty();
        // Manifests and the config blob only: no layer blob.
        assertThat(configCheck)
                .filteredOn(RegistryFixtures.Request::isBlob)
                .extracting(RegistryFixtures.Request::uri)
                .containsExactly(repository + "blobs/" + config);
        long configBytes = configCheck.stream()
                .mapToLong(RegistryFixtures.Request::written)
                .sum();

        mark = log.mark();
        try (Image image = open(images.layered(), INSECURE, cache)) {
            assertThat(CheckFixtures.check(image, task("fargate-x86_64.json"), options(true))
                            .findings())
                    .isEmpty();
        }
        List<RegistryFixtures.Request> entrypointCheck = ours(log.since(mark), repository);
        // The config, and the top layer, where the entrypoint is; not the big layer below it.
        assertThat(entrypointCheck)
                .filteredOn(RegistryFixtures.Request::isBlob)
                .extracting(RegistryFixtures.Request::uri)
                .containsExactly(repository + "blobs/" + config, repository + "blobs/" + topLayer)
                .doesNotContain(repository + "blobs/" + bottomLayer);
        long entrypointBytes = entrypointCheck.stream()
                .mapToLong(RegistryFixtures.Request::written)
                .sum();

        mark = log.mark();
        try (Image image = open(images.layered(), INSECURE, cache)) {
            assertThat(CheckFixtures.check(image, task("fargate-x86_64.json"), options(true))
                            .findings())
                    .isEmpty();
        }
        List<RegistryFixtures.Request> cached = ours(log.since(mark), repository);
        assertThat(cached)
                .filteredOn(RegistryFixtures.Request::isBlob) // the config; the layer comes from the cache
                .extracting(RegistryFixtures.Request::uri)
                .containsExactly(repository + "blobs/" + config);

        System.out.printf(
                "registry cost of %s (a %d-byte random layer under the entrypoint layer):%n"
                        + "  config check:     %d requests (%d manifest, %d blob), %d bytes%n"
                        + "  entrypoint check: %d requests (%d manifest, %d blob), %d bytes%n"
                        + "  entrypoint check again, layer cached: %d requests, %d bytes%n",
                images.layered(),
                RegistryFixtures.BIG_LAYER_BYTES,
                configCheck.size(),
                count(configCheck, false),
                count(configCheck, true),
                configBytes,
                entrypointCheck.size(),
                count(entrypointCheck, false),
                count(entrypointCheck, true),
                entrypointBytes,
                cached.size(),
                cached.stream().mapToLong(RegistryFixtures.Request::written).sum());
        entrypointCheck.forEach(
                r -> System.out.printf("    %s %s -> %d, %d bytes%n", r.method(), r.uri(), r.status(), r.written()));
    }

    /** The config blob's digest, as the registry's manifest names it (the image reads it but keeps only its content). */
    private static String configDigest(ImageManifest manifest) throws Exception {
        String manifestJson = new String(
                java.net
                        .URI
                        .create("http://" + registries.open() + "/v2/" + images.layeredRepository() + "/manifests/"
                                + manifest.digest())
                        .toURL()
                        .openStream()
                        .readAllBytes(),
                java.nio.charset.StandardCharsets.UTF_8);
        return new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(manifestJson)
                .path("config")
                .path("digest")
                .asText();
    }

    /** The plugin's requests to the repository (its user agent), leaving out skopeo's and the marker. */
    private static List<RegistryFixtures.Request> ours(List<RegistryFixtures.Request> requests, String repository) {
        List<RegistryFixtures.Request> mine = requests.stream()
                .filter(r -> r.userAgent().startsWith("ecs-preflight-maven-plugin/"))
                .toList();
        assertThat(mine)
                .allSatisfy(r -> assertThat(r.uri())
                        .satisfiesAnyOf(
                                uri -> assertThat(uri).isEqualTo("/v2/"),
                                uri -> assertThat(uri).startsWith(repository)));
        return mine;
    }

    private static long count(List<RegistryFixtures.Request> requests, boolean blobs) {
        return requests.stream()
                .filter(r -> blobs ? r.isBlob() : r.isManifest())
                .count();
    }

    @Test
    void anUnknownTagIsAOneLine404() {
        String missing = images.singleAmd64().replace(":1.0", ":no-such-tag");
        assertThatThrownBy(() -> open(missing))
                .isInstanceOf(PreflightException.class)
                .hasMessage("image " + missing + ": registry " + registries.open()
                        + " has no manifest 'no-such-tag' in " + "ecs-preflight/single-amd64-" + RegistryFixtures.RUN
                        + " (HTTP 404 MANIFEST_UNKNOWN)");
    }

    @Test
    void anUnknownDigestIsAOneLine404() {
        String digest = "sha256:" + "0".repeat(64);
        String missing = images.singleAmd64().replace(":1.0", "@" + digest);
        assertThatThrownBy(() -> open(missing))
                .isInstanceOf(PreflightException.class)
                .hasMessageStartingWith("image " + missing + ": registry " + registries.open() + " has no manifest "
                        + digest + " in ecs-preflight/single-amd64-" + RegistryFixtures.RUN + " (HTTP 404");
    }

    @Test
    void aPlainHttpRegistryIsRefusedUnlessInsecureRegistriesAreAllowed() {
        RegistryAccess secure = new RegistryAccess(false, false, RegistryAccess.ServerCredentials.NONE);
        assertThatThrownBy(() -> open(images.singleAmd64(), secure, work.resolve("cache")))
                .isInstanceOf(PreflightException.class)
                .hasMessageStartingWith("image " + images.singleAmd64() + ": registry " + registries.open()
                        + " does not answer over verified HTTPS (")
                .hasMessageEndingWith("); a plain-HTTP or self-signed registry is read only when allowed: "
                        + "-DecsPreflight.allowInsecureRegistries=true (or add its CA to the JDK's trust store)")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void offlineMakesNoRequestAtAll() throws Exception {
        RegistryFixtures.RegistryLog log = new RegistryFixtures.RegistryLog(registries.openLog(), registries.open());
        long mark = log.mark();
        RegistryAccess offline = new RegistryAccess(true, true, RegistryAccess.ServerCredentials.NONE);
        assertThatThrownBy(() -> open(images.singleAmd64(), offline, work.resolve("cache")))
                .isInstanceOf(PreflightException.class)
                .hasMessage("image " + images.singleAmd64() + ": Maven is offline (-o), and a registry image cannot be "
                        + "read without the network; run without -o, or check a saved image instead (docker save -o "
                        + "app.tar IMAGE, then -DecsPreflight.image=docker-archive:app.tar)");
        assertThat(log.since(mark))
                .filteredOn(r -> r.userAgent().startsWith("ecs-preflight"))
                .isEmpty();
    }
}
