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
 * EP009 on Jib-built images holding the gcc-built program that needs libz (DT_RUNPATH $ORIGIN/../lib) with this
 * machine's Debian glibc loader and libc, and Debian's zlib where the test puts it.
 */
class SharedLibraryRulesTest {

    private static final Path LOADER = Path.of("/lib64/ld-linux-x86-64.so.2");
    private static final Path LIBC = Path.of("/lib/x86_64-linux-gnu/libc.so.6");
    private static final Path ZLIB = Path.of("/lib/x86_64-linux-gnu/libz.so.1");

    @TempDir
    Path work;

    @BeforeAll
    static void debianGlibcAndZlib() {
        assumeTrue(
                Files.isRegularFile(LOADER) && Files.isRegularFile(LIBC) && Files.isRegularFile(ZLIB),
                "Debian's x86-64 glibc and zlib1g");
    }

    private static byte[] fixture(String name) throws Exception {
        try (InputStream in = SharedLibraryRulesTest.class.getResourceAsStream("/binary/" + name)) {
            return in.readAllBytes();
        }
    }

    /** linux/amd64: /app/bin/app, the glibc loader and libc where Debian has them, and the given extra files. */
    private Image image(Object... files) throws Exception {
        FileEntriesLayer.Builder layer = FileEntriesLayer.builder();
        add(layer, "/app/bin/app", fixture("dynamic-zlib-x86_64"), "755");
        add(layer, "/lib64/ld-linux-x86-64.so.2", Files.readAllBytes(LOADER.toRealPath()), "755");
        add(layer, "/lib/x86_64-linux-gnu/libc.so.6", Files.readAllBytes(LIBC.toRealPath()), "755");
        for (int i = 0; i < files.length; i += 2) {
            add(layer, (String) files[i], (byte[]) files[i + 1], "644");
        }
        JibContainerBuilder builder = Jib.fromScratch()
                .setPlatforms(Set.of(new com.google.cloud.tools.jib.api.buildplan.Platform("amd64", "linux")))
                .addFileEntriesLayer(layer.build())
                .setEntrypoint(List.of("/app/bin/app"));
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
    void aLibraryTheImageLacksIsEp009WithTheLoadersOwnError() throws Exception {
        CheckResult result = check(image());

        assertThat(ep009(result)).singleElement().satisfies(f -> {
            assertThat(f.message())
                    .contains("The shared library libz.so.1 that /app/bin/app needs is not found")
                    .contains("error while loading shared libraries: libz.so.1: cannot open shared object file")
                    .contains("exit code 127");
            assertThat(f.remediation()).contains("RUNPATH");
        });
        assertThat(result.findings()).extracting(Finding::rule).doesNotContain(EntrypointRules.EP005);
    }

    @Test
    void aLibraryBesideTheProgramOnItsOriginRunpathIsFound() throws Exception {
        CheckResult result = check(image("/app/lib/libz.so.1", Files.readAllBytes(ZLIB.toRealPath())));

        assertThat(ep009(result)).isEmpty();
        assertThat(result.outcome(SharedLibraryRules.EP009).status()).isEqualTo(Outcome.Status.PASSED);
    }

    @Test
    void aLibraryInADefaultDirectoryIsFoundToo() throws Exception {
        assertThat(ep009(check(image("/usr/lib/x86_64-linux-gnu/libz.so.1", Files.readAllBytes(ZLIB.toRealPath())))))
                .isEmpty();
    }

    @Test
    void aLibraryForAnotherMachineIsSkippedAsLdSoSkipsItAndNamed() throws Exception {
        List<Finding> findings = ep009(check(image("/app/lib/libz.so.1", fixture("static-aarch64"))));

        assertThat(findings)
                .singleElement()
                .satisfies(f -> assertThat(f.message())
                        .contains("/app/lib/libz.so.1 is an ELF 64-bit LSB executable, ARM aarch64")
                        .contains("which the loader skips"));
    }

    @Test
    void ldSoConfIncludeGlobsAreReadInNameOrderFromTheIncludingFilesDirectory() throws Exception {
        byte[] zlib = Files.readAllBytes(ZLIB.toRealPath());
        CheckResult found = check(image(
                "/etc/ld.so.conf",
                "include ld.so.conf.d/*.conf\n".getBytes(),
                "/etc/ld.so.conf.d/zlib.conf",
                "# the vendor's zlib\n/opt/zlib/lib\n".getBytes(),
                "/opt/zlib/lib/libz.so.1",
                zlib));
        assertThat(ep009(found)).isEmpty();

        CheckResult notIncluded = check(image(
                "/etc/ld.so.conf",
                "include /etc/ld.so.conf.d/*.conf\n".getBytes(),
                "/etc/ld.so.conf.d/zlib.conf.disabled",
                "/opt/zlib/lib\n".getBytes(),
                "/opt/zlib/lib/libz.so.1",
                zlib));
        assertThat(ep009(notIncluded))
                .singleElement()
                .satisfies(f -> assertThat(f.message()).contains("libz.so.1"));
    }

    @Test
    void globsMatchAsGlob7Says() {
        assertThat(SharedLibraryRules.glob("*.conf").matcher("zlib.conf").matches())
                .isTrue();
        assertThat(SharedLibraryRules.glob("*.conf")
                        .matcher("zlib.conf.disabled")
                        .matches())
                .isFalse();
        assertThat(SharedLibraryRules.glob("x86_64-[a-z]?nux.conf")
                        .matcher("x86_64-linux.conf")
                        .matches())
                .isTrue();
        assertThat(SharedLibraryRules.glob("[!a]*.conf").matcher("a.conf").matches())
                .isFalse();
        assertThat(SharedLibraryRules.glob("[!a]*.conf").matcher("b.conf").matches())
                .isTrue();
        assertThat(SharedLibraryRules.glob("lib[.so").matcher("lib[.so").matches())
                .isTrue();
    }
}
