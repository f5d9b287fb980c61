package io.github.ecspreflight.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import io.github.ecspreflight.image.Image;
import io.github.ecspreflight.image.TestImages;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * EP009 on musl images, as Alpine lays them out: Debian's musl (package musl) as the loader and libc at
 * /lib/ld-musl-x86_64.so.1, and the musl-gcc-built program that needs libgreet.so (no RUNPATH), found only where
 * /etc/ld-musl-x86_64.path or musl's defaults (/lib:/usr/local/lib:/usr/lib) say.
 */
class MuslSharedLibraryRulesTest {

    /** Debian's musl libc, which is also its dynamic loader. */
    private static final Path MUSL = Path.of("/lib/x86_64-linux-musl/libc.so");

    @TempDir
    Path work;

    @BeforeAll
    static void debianMusl() {
        boolean required = Boolean.parseBoolean(System.getenv("ECS_PREFLIGHT_REQUIRE_TOOLS"));
        if (required) {
            assertThat(MUSL).as("Debian's musl package (CI installs it)").isRegularFile();
        }
        assumeTrue(Files.isRegularFile(MUSL), "Debian's musl package");
    }

    private static byte[] fixture(String name) throws Exception {
        try (InputStream in = MuslSharedLibraryRulesTest.class.getResourceAsStream("/binary/" + name)) {
            return in.readAllBytes();
        }
    }

    /** linux/amd64: /app/greet, musl at /lib/ld-musl-x86_64.so.1, and the given files. */
    private Image image(Object... files) throws Exception {
        FileEntriesLayer.Builder layer = FileEntriesLayer.builder();
        add(layer, "/app/greet", fixture("dynamic-musl-greet-x86_64"), "755");
        add(layer, "/lib/ld-musl-x86_64.so.1", Files.readAllBytes(MUSL.toRealPath()), "755");
        for (int i = 0; i < files.length; i += 2) {
            Object content = files[i + 1];
            add(layer, (String) files[i], content instanceof String text ? text.getBytes() : (byte[]) content, "644");
        }
        JibContainerBuilder builder = Jib.fromScratch()
                .setPlatforms(Set.of(new com.google.cloud.tools.jib.api.buildplan.Platform("amd64", "linux")))
                .addFileEntriesLayer(layer.build())
                .setEntrypoint(List.of("/app/greet"));
        Path tar = work.resolve("image-" + System.nanoTime() + ".tar");
        TestImages.dockerArchive(builder, tar, "my-service:1.0");
        return CheckFixtures.open(work, "docker-archive:" + tar.getFileName());
    }

    private void add(FileEntriesLayer.Builder layer, String path, byte[] content, String mode) throws Exception {
        Path file = Files.createTempFile(work, "file", ".bin");
        Files.write(file, content);
        layer.addEntry(file, AbsoluteUnixPath.get(path), FilePermissions.fromOctalString(mode));
    }

    private static CheckResult check(Image image) throws Exception {
        try (image) {
            return CheckFixtures.check(image, CheckFixtures.task("fargate-x86_64.json"), CheckOptions.defaults());
        }
    }

    private static List<Finding> ep009(CheckResult result) {
        return result.findings().stream()
                .filter(f -> f.rule() == SharedLibraryRules.EP009)
                .toList();
    }

    @Test
    void aLibraryOutsideMuslsDefaultsIsEp009WithMuslsOwnError() throws Exception {
        CheckResult result = check(image("/opt/greet/lib/libgreet.so", fixture("libgreet-musl-x86_64.so")));

        assertThat(ep009(result))
                .singleElement()
                .satisfies(f -> assertThat(f.message())
                        .contains("The shared library libgreet.so that /app/greet needs is not found")
                        .contains("the musl path file")
                        .contains("Error loading shared library libgreet.so: No such file or directory (needed by "
                                + "/app/greet)"));
        assertThat(result.outcome(SharedLibraryRules.EP009).status()).isEqualTo(Outcome.Status.FAILED);
    }

    @Test
    void theMuslPathFileAddsItsDirectoriesAndLibcIsTheLoaderItself() throws Exception {
        CheckResult result = check(image(
                "/etc/ld-musl-x86_64.path",
                "/opt/greet/lib\n/lib:/usr/lib\n",
                "/opt/greet/lib/libgreet.so",
                fixture("libgreet-musl-x86_64.so")));

        assertThat(ep009(result)).isEmpty();
        assertThat(result.outcome(SharedLibraryRules.EP009).status()).isEqualTo(Outcome.Status.PASSED);
    }

    @Test
    void aLibraryInMuslsDefaultDirectoriesIsFound() throws Exception {
        assertThat(ep009(check(image("/usr/lib/libgreet.so", fixture("libgreet-musl-x86_64.so")))))
                .isEmpty();
    }
}
