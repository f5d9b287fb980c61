package io.github.ecspreflight.check;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import io.github.ecspreflight.common.SourceLocation;
import io.github.ecspreflight.ecs.ContainerDefinition;
import io.github.ecspreflight.ecs.LogConfiguration;
import io.github.ecspreflight.ecs.TaskDefinition;
import io.github.ecspreflight.image.Image;
import io.github.ecspreflight.image.TestImages;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * EP004 to EP006 on real images: Jib builds each from scratch with the gcc-built fixture binaries, as a build that
 * copies a host-built binary into an image would.
 */
class EntrypointRulesTest {

    private static final SourceLocation CONTAINER_LINE = new SourceLocation("task.json", 7);

    @TempDir
    Path work;

    private static byte[] fixture(String name) throws Exception {
        try (InputStream in = EntrypointRulesTest.class.getResourceAsStream("/binary/" + name)) {
            return in.readAllBytes();
        }
    }

    /** A scratch image for linux/ARCH with the given files (path, content, mode) and entrypoint. */
    private Image image(String architecture, List<String> entrypoint, Object... files) throws Exception {
        FileEntriesLayer.Builder layer = FileEntriesLayer.builder();
        for (int i = 0; i < files.length; i += 3) {
            Path file = Files.createTempFile(work, "file", ".bin");
            Files.write(file, (byte[]) files[i + 1]);
            layer.addEntry(file, AbsoluteUnixPath.get((String) files[i]), FilePermissions.fromOctalString((String)
                    files[i + 2]));
        }
        JibContainerBuilder builder = Jib.fromScratch()
                .setPlatforms(Set.of(new com.google.cloud.tools.jib.api.buildplan.Platform(architecture, "linux")))
                .addFileEntriesLayer(layer.build())
                .setEntrypoint(entrypoint)
                .setEnvironment(Map.of("PATH", "/app:/bin"));
        Path tar = work.resolve("image-" + System.nanoTime() + ".tar");
        TestImages.dockerArchive(builder, tar, "my-service:1.0");
        return CheckFixtures.open(work, "docker-archive:" + tar.getFileName());
    }

    private static TaskDefinition task(String cpuArchitecture, List<String> entryPoint) {
        return task(cpuArchitecture, entryPoint, Map.of());
    }

    private static TaskDefinition task(String cpuArchitecture, List<String> entryPoint, Map<String, String> env) {
        ContainerDefinition app = new ContainerDefinition(
                "app",
                "my-service:1.0",
                true,
                entryPoint,
                null,
                env,
                null,
                new LogConfiguration(
                        "awslogs",
                        Map.of(
                                "awslogs-group",
                                "/ecs/app",
                                "awslogs-region",
                                "eu-west-1",
                                "awslogs-stream-prefix",
                                "app"),
                        CONTAINER_LINE),
                CONTAINER_LINE);
        return new TaskDefinition(
                "task.json",
                "my-service",
                null,
                cpuArchitecture,
                "LINUX",
                List.of("FARGATE"),
                "arn:aws:iam::123456789012:role/ecsTaskExecutionRole",
                List.of(),
                List.of(app),
                TaskDefinition.Locations.of(new SourceLocation("task.json", 1)),
                TaskDefinition.Format.ECS_JSON,
                "512",
                "256",
                "awsvpc");
    }

    private static List<Finding> check(Image image, TaskDefinition task) throws Exception {
        try (image) {
            // these images hold a loader but no C library: what EP009 says of that is SharedLibraryRulesTest's
            return CheckFixtures.check(image, task, CheckFixtures.skipping(SharedLibraryRules.EP009))
                    .findings();
        }
    }

    private static byte[] text(String content) {
        return content.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aMatchingStaticBinaryPasses() throws Exception {
        assertThat(check(
                        image("amd64", List.of("/app/server"), "/app/server", fixture("static-x86_64"), "755"),
                        task("X86_64", null)))
                .isEmpty();
    }

    @Test
    void anArm64BinaryInAnAmd64ImageIsEP004() throws Exception {
        List<Finding> findings = check(
                image("amd64", List.of("/app/server"), "/app/server", fixture("static-aarch64"), "755"),
                task("X86_64", null));
        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo(EntrypointRules.EP004);
            assertThat(f.location()).isEqualTo(CONTAINER_LINE);
            assertThat(f.message())
                    .contains("/app/server", "layer", "ARM aarch64 (arm64)", "runs on X86_64", "exec format error");
            assertThat(f.remediation()).contains("GOARCH=amd64", "--platform linux/amd64");
        });
    }

    @Test
    void aDynamicBinaryOnScratchMissesItsLoader() throws Exception {
        List<Finding> findings = check(
                image("amd64", List.of("/app/server"), "/app/server", fixture("dynamic-x86_64"), "755"),
                task("X86_64", null));
        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo(EntrypointRules.EP005);
            assertThat(f.message()).contains("ELF loader /lib64/ld-linux-x86-64.so.2 is missing");
            assertThat(f.remediation()).contains("CGO_ENABLED=0", "musl");
        });
    }

    @Test
    void aCrlfScriptIsNamedAsSuch() throws Exception {
        List<Finding> findings = check(
                image(
                        "amd64",
                        List.of("/app/start.sh"),
                        "/app/start.sh",
                        text("#!/bin/sh\r\nexec /app/server\r\n"),
                        "755",
                        "/bin/sh",
                        fixture("static-x86_64"),
                        "755"),
                task("X86_64", null));
        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo(EntrypointRules.EP005);
            assertThat(f.message()).contains("CRLF", "/bin/sh\\r");
            assertThat(f.remediation()).contains("dos2unix", "eol=lf");
        });
    }

    @Test
    void aScriptWhoseInterpreterIsPresentAndRightPasses() throws Exception {
        assertThat(check(
                        image(
                                "amd64",
                                List.of("/app/start.sh"),
                                "/app/start.sh",
                                text("#!/bin/sh\nexec /app/server\n"),
                                "755",
                                "/bin/sh",
                                fixture("static-x86_64"),
                                "755"),
                        task("X86_64", null)))
                .isEmpty();
    }

    @Test
    void aShellScriptOnScratchMissesItsInterpreter() throws Exception {
        List<Finding> findings = check(
                image("amd64", List.of("/app/start.sh"), "/app/start.sh", text("#!/bin/sh\nexec /app/server\n"), "755"),
                task("X86_64", null));
        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo(EntrypointRules.EP005);
            assertThat(f.message()).contains("interpreter /bin/sh", "missing");
        });
    }

    @Test
    void theInterpretersOwnArchitectureCounts() throws Exception {
        List<Finding> findings = check(
                image(
                        "amd64",
                        List.of("/app/start.sh"),
                        "/app/start.sh",
                        text("#!/bin/sh\nexec /app/server\n"),
                        "755",
                        "/bin/sh",
                        fixture("static-aarch64"),
                        "755"),
                task("X86_64", null));
        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo(EntrypointRules.EP004);
            assertThat(f.message()).contains("#! interpreter /bin/sh");
        });
    }

    @Test
    void aFileWithoutExecuteBitsIsEP006() throws Exception {
        List<Finding> findings = check(
                image("amd64", List.of("/app/server"), "/app/server", fixture("static-x86_64"), "644"),
                task("X86_64", null));
        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo(EntrypointRules.EP006);
            assertThat(f.message()).contains("mode 0644", "permission denied");
            assertThat(f.remediation()).contains("chmod +x", "COPY --chmod=755");
        });
    }

    @Test
    void aMacOsBinaryIsEP004() throws Exception {
        // A thin arm64 Mach-O header: MH_MAGIC_64 (little-endian 0xfeedfacf), CPU_TYPE_ARM64 (0x0100000c), MH_EXECUTE.
        byte[] macho = new byte[64];
        byte[] header = {
            (byte) 0xcf, (byte) 0xfa, (byte) 0xed, (byte) 0xfe, 0x0c, 0x00, 0x00, 0x01, 0, 0, 0, 0, 2, 0, 0, 0
        };
        System.arraycopy(header, 0, macho, 0, header.length);
        List<Finding> findings =
                check(image("arm64", List.of("/app/server"), "/app/server", macho, "755"), task("ARM64", null));
        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo(EntrypointRules.EP004);
            assertThat(f.message()).contains("Mach-O");
            assertThat(f.remediation()).contains("macOS binary", "GOOS=linux");
        });
    }

    @Test
    void theTaskDefinitionsEntryPointOverridesTheImages() throws Exception {
        List<Finding> findings = check(
                image("amd64", List.of("/app/server"), "/app/server", fixture("static-x86_64"), "755"),
                task("X86_64", List.of("/app/missing")));
        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo(EntrypointRules.EP005);
            assertThat(f.message()).contains("/app/missing (entryPoint in the task definition) does not exist");
        });
    }

    @Test
    void aBareProgramNameIsLookedUpInPath() throws Exception {
        assertThat(check(
                        image("amd64", List.of("server"), "/app/server", fixture("static-x86_64"), "755"),
                        task("X86_64", null)))
                .isEmpty();
        List<Finding> missing = check(
                image("amd64", List.of("other"), "/app/server", fixture("static-x86_64"), "755"), task("X86_64", null));
        assertThat(missing)
                .singleElement()
                .satisfies(f -> assertThat(f.message())
                        .contains("other is not in any of the 2 directories of the container's PATH")
                        .doesNotContain("/app:/bin"));
    }

    @Test
    void checkEntrypointFalseReadsNoLayer() throws Exception {
        CheckOptions off = new CheckOptions(null, Set.of("awslogs"), Set.of(), false, false, ImageBuilder.DOCKER);
        try (Image image = image("amd64", List.of("/app/server"), "/app/server", fixture("static-aarch64"), "755")) {
            assertThat(CheckFixtures.check(image, task("X86_64", null), off).findings())
                    .isEmpty();
        }
    }

    @Test
    void aWrongPlatformImageIsNotReportedTwice() throws Exception {
        List<Finding> findings = check(
                image("arm64", List.of("/app/server"), "/app/server", fixture("static-aarch64"), "755"),
                task("X86_64", null));
        assertThat(findings).extracting(Finding::rule).containsExactly(PlatformRules.EP001);
    }

    // Hostile or unusual paths, judged as the kernel would (issue: relative paths, directories, PATH values)

    /** The dynamic x86-64 fixture with its PT_INTERP string replaced by another of at most the same length. */
    private static byte[] withLoader(String loader) throws Exception {
        byte[] elf = fixture("dynamic-x86_64");
        byte[] original = "/lib64/ld-linux-x86-64.so.2".getBytes(StandardCharsets.US_ASCII);
        byte[] replacement = loader.getBytes(StandardCharsets.US_ASCII);
        for (int at = 0; at + original.length <= elf.length; at++) {
            if (java.util.Arrays.equals(elf, at, at + original.length, original, 0, original.length)) {
                java.util.Arrays.fill(elf, at, at + original.length, (byte) 0);
                System.arraycopy(replacement, 0, elf, at, replacement.length);
                return elf;
            }
        }
        throw new IllegalStateException("the fixture has no PT_INTERP string");
    }

    @Test
    void aRelativeInterpreterIsFoundFromTheWorkingDirectoryAsTheKernelDoes() throws Exception {
        // scratch images run in /, so #!bin/sh is /bin/sh
        assertThat(check(
                        image(
                                "amd64",
                                List.of("/app/run"),
                                "/app/run",
                                text("#!bin/sh\nexec /app/server\n"),
                                "755",
                                "/bin/sh",
                                fixture("static-x86_64"),
                                "755"),
                        task("X86_64", null)))
                .isEmpty();
    }

    @Test
    void aMissingRelativeInterpreterIsEP005NotACrash() throws Exception {
        List<Finding> findings = check(
                image("amd64", List.of("/app/run"), "/app/run", text("#!./run-me\n"), "755"), task("X86_64", null));

        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo(EntrypointRules.EP005);
            assertThat(f.message()).contains("./run-me").contains("missing from the image");
        });
    }

    @Test
    void aRelativeElfLoaderIsFoundFromTheWorkingDirectory() throws Exception {
        byte[] relative = withLoader("lib64/ld-linux-x86-64.so.2");

        assertThat(check(
                        image(
                                "amd64",
                                List.of("/app/server"),
                                "/app/server",
                                relative,
                                "755",
                                "/lib64/ld-linux-x86-64.so.2",
                                fixture("static-x86_64"),
                                "755"),
                        task("X86_64", null)))
                .isEmpty();
        assertThat(check(image("amd64", List.of("/app/server"), "/app/server", relative, "755"), task("X86_64", null)))
                .singleElement()
                .satisfies(f -> assertThat(f.rule()).isEqualTo(EntrypointRules.EP005));
    }

    @Test
    void aDirectoryIsNeverAnElfLoader() throws Exception {
        // /usr/local exists as a directory because a file lives below it; the kernel refuses such a loader
        List<Finding> findings = check(
                image(
                        "amd64",
                        List.of("/app/server"),
                        "/app/server",
                        withLoader("/usr/local"),
                        "755",
                        "/usr/local/bin/tool",
                        fixture("static-x86_64"),
                        "755"),
                task("X86_64", null));

        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo(EntrypointRules.EP005);
            assertThat(f.message()).contains("/usr/local").contains("is a directory");
        });
    }

    @Test
    void aDirectoryEntrypointIsSaidToBeADirectory() throws Exception {
        List<Finding> findings = check(
                image("amd64", List.of("/app"), "/app/server", fixture("static-x86_64"), "755"), task("X86_64", null));

        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo(EntrypointRules.EP004);
            assertThat(f.message()).contains("is a directory").doesNotContain("does not exist");
        });
    }

    @Test
    void aProgramNotInPathNamesHowManyDirectoriesWereSearchedNeverTheirValue() throws Exception {
        // the image's PATH is /app:/bin; an environment value is never printed, PATH included
        List<Finding> findings = check(
                image("amd64", List.of("server"), "/opt/server", fixture("static-x86_64"), "755"),
                task("X86_64", null));

        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo(EntrypointRules.EP005);
            assertThat(f.message())
                    .contains("not in any of the 2 directories of the container's PATH")
                    .doesNotContain("/app:/bin");
        });
    }

    @Test
    void aPathOfAHundredThousandDirectoriesIsSearchedToTheLast() throws Exception {
        // the reported case ran past 120 s: the candidate list was copied at every step
        StringBuilder path = new StringBuilder();
        for (int i = 0; i < 100_000; i++) {
            path.append("/opt/d").append(i).append(':');
        }
        Map<String, String> env = Map.of("PATH", path.append("/app").toString());

        assertThat(check(
                        image("amd64", List.of("server"), "/app/server", fixture("static-x86_64"), "755"),
                        task("X86_64", null, env)))
                .isEmpty();
        assertThat(check(
                        image("amd64", List.of("other"), "/app/server", fixture("static-x86_64"), "755"),
                        task("X86_64", null, env)))
                .singleElement()
                .satisfies(f -> assertThat(f.message())
                        .contains("other is not in any of the 100001 directories of the container's PATH")
                        .hasSizeLessThan(2_000));
    }

    @Test
    void anEntryPointOfNineHundredKilobytesIsTooLongForTheKernelAndQuotedShort() throws Exception {
        // the reported case ran past 120 s: the remaining path was rebuilt at every step
        String program = "/" + "a/".repeat(450_000) + "server";
        List<Finding> findings = check(
                image("amd64", List.of("/app/server"), "/app/server", fixture("static-x86_64"), "755"),
                task("X86_64", List.of(program)));

        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo(EntrypointRules.EP005);
            assertThat(f.message()).contains("ENAMETOOLONG").hasSizeLessThan(2_000);
        });
    }

    @Test
    void aProgramKnownOnlyOnceDeployedIsNotRunForTheThreeRulesNeverPassed() throws Exception {
        try (Image image = image("amd64", List.of("/app/run"), "/app/run", TestImages.staticBinary("amd64"), "755")) {
            CheckResult result = CheckFixtures.check(
                    image,
                    task("X86_64", List.of("${var.entrypoint}")),
                    CheckFixtures.skipping(SharedLibraryRules.EP009));

            assertThat(result.findings()).isEmpty();
            for (Rule rule : List.of(EntrypointRules.EP004, EntrypointRules.EP005, EntrypointRules.EP006)) {
                assertThat(result.outcome(rule).status()).as(rule.id()).isEqualTo(Outcome.Status.NOT_RUN);
                assertThat(result.outcome(rule).reason()).contains("known only once deployed");
            }
        }
    }
}
