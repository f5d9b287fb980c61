package io.github.ecspreflight.image.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import io.github.ecspreflight.image.Image;
import io.github.ecspreflight.image.ImageReference;
import io.github.ecspreflight.image.Platform;
import io.github.ecspreflight.image.RegistryAccess;
import io.github.ecspreflight.image.TestImages;
import io.github.ecspreflight.image.open.ImageOpener;
import io.github.ecspreflight.image.registry.SourceEnvironment;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code docker-daemon:} images through the docker CLI. No container engine runs on the test machines (podman cannot
 * either), so the CLI is a test double of its contract, {@code src/test/resources/registry/fake-docker.sh} installed as
 * {@code docker} on the PATH given: {@code image inspect} answers with the fields Docker prints, made from a Jib-built
 * image's real config, and {@code save} copies that image's real {@code docker save}-layout archive.
 */
class DaemonImageSourceTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    static Path work;

    static Path bin;
    static Path fixtures;
    static String amdId;
    static String armId;

    @BeforeAll
    static void fakeDocker() throws Exception {
        bin = Files.createDirectories(work.resolve("bin"));
        Path docker = bin.resolve("docker");
        try (InputStream in = DaemonImageSourceTest.class.getResourceAsStream("/registry/fake-docker.sh")) {
            Files.copy(in, docker);
        }
        Files.setPosixFilePermissions(docker, PosixFilePermissions.fromString("rwxr-xr-x"));
        fixtures = Files.createDirectories(work.resolve("daemon"));
        amdId = daemonImage("amd64", "my-service:1.0");
        armId = daemonImage("arm64", "my-service:arm");
    }

    /** A Jib-built image the fake daemon holds under {@code name}: its inspect answer and its save archive. */
    private static String daemonImage(String architecture, String name) throws Exception {
        Path tar = TestImages.dockerArchive(
                TestImages.scratch(architecture, work), work.resolve(architecture + ".tar"), name);
        Path unpacked = TestImages.extract(tar, work.resolve(architecture + "-unpacked"));
        JsonNode manifest =
                MAPPER.readTree(unpacked.resolve("manifest.json").toFile()).get(0);
        byte[] configBytes =
                Files.readAllBytes(unpacked.resolve(manifest.path("Config").asText()));
        JsonNode config = MAPPER.readTree(configBytes);
        String id = "sha256:"
                + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(configBytes));
        // The fields of `docker image inspect` the plugin reads, as Docker prints them.
        ObjectNode inspect = MAPPER.createObjectNode();
        inspect.put("Id", id);
        inspect.putArray("RepoTags").add(name);
        inspect.putArray("RepoDigests");
        inspect.put("Architecture", config.path("architecture").asText());
        inspect.put("Os", config.path("os").asText());
        ObjectNode runtime = inspect.putObject("Config");
        runtime.set("Env", config.path("config").path("Env"));
        runtime.set("Entrypoint", config.path("config").path("Entrypoint"));
        runtime.putNull("Cmd");
        runtime.put("WorkingDir", config.path("config").path("WorkingDir").asText(""));
        ObjectNode rootfs = inspect.putObject("RootFS");
        rootfs.put("Type", "layers");
        rootfs.set("Layers", config.path("rootfs").path("diff_ids"));
        ArrayNode answer = MAPPER.createArrayNode().add(inspect);
        for (String key : List.of(name, id)) {
            String file = key.replace('/', '_').replace(':', '_');
            MAPPER.writeValue(fixtures.resolve("inspect-" + file + ".json").toFile(), answer);
            Files.copy(tar, fixtures.resolve("save-" + file + ".tar"));
        }
        return id;
    }

    @BeforeEach
    void clearCalls() throws Exception {
        Files.deleteIfExists(fixtures.resolve("calls"));
    }

    private static SourceEnvironment environment(String executable) {
        return new SourceEnvironment(
                Map.of(
                        "PATH",
                        bin + ":/usr/bin:/bin",
                        "FAKE_DOCKER_DIR",
                        fixtures.toString(),
                        "DOCKER_HOST",
                        "tcp://build-host.example:2376"),
                work.resolve("home"),
                work.resolve("cache"),
                executable);
    }

    private static Image open(String reference, RegistryAccess access, String executable) throws PreflightException {
        return new ImageOpener(work, access, environment(executable)).open(ImageReference.parse(reference));
    }

    private static Image open(String reference) throws PreflightException {
        return open(reference, RegistryAccess.defaults(), "docker");
    }

    private static List<String> calls() throws Exception {
        Path calls = fixtures.resolve("calls");
        return Files.exists(calls) ? Files.readAllLines(calls) : List.of();
    }

    private static Candidate task() throws Exception {
        Path file = Path.of(DaemonImageSourceTest.class
                .getResource("/registry/fargate-x86_64.json")
                .toURI());
        return TestTaskDefinitions.load(file.getParent(), file.toString());
    }

    private static CheckOptions options(boolean checkEntrypoint) {
        return new CheckOptions(
                null, Set.of("awslogs"), Set.of(ImageReferenceRule.EP201), checkEntrypoint, false, ImageBuilder.JIB);
    }

    @Test
    void theConfigCheckAsksImageInspectOnlyWithTheBuildsDockerHost() throws Exception {
        try (Image image = open("docker-daemon:my-service:1.0")) {
            assertThat(image.platforms()).containsExactly(Platform.LINUX_AMD64);
            assertThat(image.digest()).isEqualTo(amdId);
            assertThat(image.repository()).hasValue("my-service");
            assertThat(image.manifest(image.entries().get(0)).config().entrypoint())
                    .containsExactly("/app/run");
            CheckResult result = CheckFixtures.check(image, task(), options(false));
            assertThat(result.findings()).isEmpty();
        }
        assertThat(calls()).containsExactly("DOCKER_HOST=tcp://build-host.example:2376 image inspect my-service:1.0");
    }

    @Test
    void theEntrypointCheckSavesTheImageOnce() throws Exception {
        try (Image image = open("docker-daemon:my-service:1.0")) {
            assertThat(CheckFixtures.check(image, task(), options(true)).findings())
                    .isEmpty();
        }
        List<String> calls = calls();
        assertThat(calls).hasSize(2);
        assertThat(calls.get(0)).endsWith(" image inspect my-service:1.0");
        assertThat(calls.get(1))
                .matches("DOCKER_HOST=tcp://build-host.example:2376 save -o .*/image.tar my-service:1.0");
    }

    @Test
    void anArm64DaemonImageOnX86FargateIsEp001() throws Exception {
        try (Image image = open("docker-daemon:my-service:arm")) {
            assertThat(CheckFixtures.check(image, task(), options(true)).findings())
                    .extracting(Finding::rule)
                    .containsExactly(PlatformRules.EP001);
        }
        assertThat(calls()).hasSize(1); // the wrong platform needs no entrypoint check, so no save
    }

    @Test
    void anImageIdTakesItsRepositoryFromTheTags() throws Exception {
        try (Image image = open("docker-daemon:" + amdId)) {
            assertThat(image.repository()).hasValue("my-service");
            assertThat(image.digest()).isEqualTo(amdId);
        }
    }

    @Test
    void anUnknownImageIsOneLineWithTheDaemonsReason() {
        assertThatThrownBy(() -> open("docker-daemon:no-such:1"))
                .isInstanceOf(PreflightException.class)
                .hasMessage(
                        "image docker-daemon:no-such:1: docker image inspect no-such:1 failed (exit 1: Error response "
                                + "from daemon: No such image: no-such:1); build or pull it first, or check the name (docker images "
                                + "lists what the daemon holds)");
    }

    @Test
    void aMissingCliSaysHowToNameAnother() {
        assertThatThrownBy(() -> open("docker-daemon:my-service:1.0", RegistryAccess.defaults(), "no-such-docker-cli"))
                .isInstanceOf(PreflightException.class)
                .hasMessageStartingWith("image docker-daemon:my-service:1.0: cannot run the container engine CLI "
                        + "'no-such-docker-cli' (")
                .hasMessageEndingWith(
                        "); install docker, or name another with dockerExecutable (-DecsPreflight.dockerExecutable=podman)");
    }

    @Test
    void aPathToTheCliWorksToo() throws Exception {
        try (Image image = open(
                "docker-daemon:my-service:1.0",
                RegistryAccess.defaults(),
                bin.resolve("docker").toString())) {
            assertThat(image.platforms()).containsExactly(Platform.LINUX_AMD64);
        }
    }

    @Test
    void offlineAsksNoDaemon() throws Exception {
        RegistryAccess offline = new RegistryAccess(true, false, RegistryAccess.ServerCredentials.NONE);
        assertThatThrownBy(() -> open("docker-daemon:my-service:1.0", offline, "docker"))
                .isInstanceOf(PreflightException.class)
                .hasMessage(
                        "image docker-daemon:my-service:1.0: Maven is offline (-o), and the container engine is not "
                                + "asked (DOCKER_HOST may be another machine); run without -o, or check a saved image instead "
                                + "(docker save -o app.tar my-service:1.0, then -DecsPreflight.image=docker-archive:app.tar)");
        assertThat(calls()).isEmpty();
    }

    @Test
    void aHungCliIsStoppedWithTheProcessesItStarted() throws Exception {
        Files.deleteIfExists(fixtures.resolve("child.pid"));
        DaemonImageSource.Cli cli = new DaemonImageSource.Cli("image docker-daemon:hang", environment("docker"));

        assertThatThrownBy(() -> cli.run(2, null, "image", "inspect", "hang"))
                .isInstanceOf(PreflightException.class)
                .hasMessage(
                        "image docker-daemon:hang: docker image inspect hang did not finish within 2 s (is the daemon "
                                + "at DOCKER_HOST answering?)");

        long child =
                Long.parseLong(Files.readString(fixtures.resolve("child.pid")).trim());
        assertThat(eventuallyGone(child))
                .as("the CLI's child %d is stopped too", child)
                .isTrue();
    }

    /** Whether the process is gone, or a zombie waiting for a parent to reap it, within 10 s. */
    private static boolean eventuallyGone(long pid) throws InterruptedException {
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        for (int i = 0; i < 100; i++) {
            try {
                String text = Files.readString(stat);
                if (text.substring(text.lastIndexOf(')') + 2).startsWith("Z")) {
                    return true;
                }
            } catch (java.io.IOException gone) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    @Test
    void theSavedArchiveIsDeletedWhenTheImageIsClosed() throws Exception {
        Path saved;
        try (Image image = open("docker-daemon:my-service:1.0")) {
            assertThat(CheckFixtures.check(image, task(), options(true)).findings())
                    .isEmpty();
            String save = calls().get(1);
            saved = Path.of(save.substring(save.indexOf("save -o ") + "save -o ".length(), save.lastIndexOf(' ')));
            assertThat(saved).exists();
            // under the plugin's own cache directory, never the shared system temporary directory
            assertThat(saved).startsWith(work.resolve("cache").resolve("tmp"));
        }
        assertThat(saved).doesNotExist();
        assertThat(saved.getParent()).doesNotExist();
    }
}
