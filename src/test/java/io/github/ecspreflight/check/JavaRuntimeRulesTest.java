package io.github.ecspreflight.check;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import io.github.ecspreflight.binary.TestJars;
import io.github.ecspreflight.image.Image;
import io.github.ecspreflight.image.LayerImages;
import io.github.ecspreflight.image.TestImages;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * EP008 on images laid out as Jib lays out a Java application (/app/classes, the class-path and main-class argfiles,
 * a JDK whose release file says its version), with class files compiled by this machine's javac.
 */
class JavaRuntimeRulesTest {

    private static final List<String> JIB_ENTRYPOINT =
            List.of("java", "-cp", "@/app/jib-classpath-file", "@/app/jib-main-class-file");

    @TempDir
    Path work;

    /** com.example.App compiled by javac, its header saying {@code release} as that release's javac writes it. */
    private byte[] mainClass(int release) throws Exception {
        return TestJars.compile(work, "com.example.App", release);
    }

    private Image image(List<String> entrypoint, Map<String, String> env, Object... files) throws Exception {
        return image(null, entrypoint, env, files);
    }

    private Image image(String workingDirectory, List<String> entrypoint, Map<String, String> env, Object... files)
            throws Exception {
        FileEntriesLayer.Builder layer = FileEntriesLayer.builder();
        add(layer, "/opt/java/openjdk/bin/java", TestImages.staticBinary("amd64"), "755");
        for (int i = 0; i < files.length; i += 2) {
            Object content = files[i + 1];
            add(
                    layer,
                    (String) files[i],
                    content instanceof String text ? text.getBytes(StandardCharsets.UTF_8) : (byte[]) content,
                    "644");
        }
        Map<String, String> environment = new LinkedHashMap<>(env);
        environment.put("PATH", "/opt/java/openjdk/bin:/usr/bin:/bin");
        JibContainerBuilder builder = Jib.fromScratch()
                .setPlatforms(Set.of(new com.google.cloud.tools.jib.api.buildplan.Platform("amd64", "linux")))
                .addFileEntriesLayer(layer.build())
                .setEntrypoint(entrypoint)
                .setEnvironment(environment);
        if (workingDirectory != null) {
            builder.setWorkingDirectory(AbsoluteUnixPath.get(workingDirectory));
        }
        Path tar = work.resolve("image-" + System.nanoTime() + ".tar");
        TestImages.dockerArchive(builder, tar, "my-service:1.0");
        return CheckFixtures.open(work, "docker-archive:" + tar.getFileName());
    }

    private void add(FileEntriesLayer.Builder layer, String path, byte[] content, String mode) throws Exception {
        Path file = Files.createTempFile(work, "file", ".bin");
        Files.write(file, content);
        layer.addEntry(file, AbsoluteUnixPath.get(path), FilePermissions.fromOctalString(mode));
    }

    private Image jibApp(int classRelease, String release) throws Exception {
        return image(
                JIB_ENTRYPOINT,
                Map.of(),
                "/opt/java/openjdk/release",
                release,
                "/app/classes/com/example/App.class",
                mainClass(classRelease),
                "/app/jib-classpath-file",
                "/app/resources:/app/classes:/app/libs/*\n",
                "/app/jib-main-class-file",
                "com.example.App\n");
    }

    private static CheckResult check(Image image) throws Exception {
        try (image) {
            return CheckFixtures.check(
                    image, CheckFixtures.task("fargate-x86_64.json"), CheckFixtures.builtWith(ImageBuilder.JIB));
        }
    }

    private static List<Finding> ep008(CheckResult result) {
        return result.findings().stream()
                .filter(f -> f.rule() == JavaRuntimeRules.EP008)
                .toList();
    }

    @Test
    void java21ClassesOnAJava17BaseAreEp008WithTheJvmsOwnError() throws Exception {
        List<Finding> findings =
                ep008(check(jibApp(21, "IMPLEMENTOR=\"Eclipse Adoptium\"\nJAVA_VERSION=\"17.0.13\"\n")));

        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.message())
                    .contains("The main class com.example.App (/app/classes/com/example/App.class, from layer 1 of 1")
                    .contains("compiled for Java 21 (class file version 65)")
                    .contains("the image's java is Java 17 (/opt/java/openjdk/release)")
                    .contains("UnsupportedClassVersionError");
            assertThat(f.remediation())
                    .contains("<from><image>eclipse-temurin:21-jre</image></from>")
                    .contains("<maven.compiler.release>17</maven.compiler.release>");
        });
    }

    @Test
    void classesForTheRuntimesReleaseOrOlderPass() throws Exception {
        CheckResult result = check(jibApp(17, "JAVA_VERSION=\"17.0.13\"\n"));
        assertThat(ep008(result)).isEmpty();
        assertThat(result.outcome(JavaRuntimeRules.EP008).status()).isEqualTo(Outcome.Status.PASSED);
        assertThat(ep008(check(jibApp(11, "JAVA_VERSION=\"21.0.5\"\n")))).isEmpty();
    }

    @Test
    void withoutAReleaseFileTheImagesJavaVersionVariableCounts() throws Exception {
        Image image = image(
                JIB_ENTRYPOINT,
                Map.of("JAVA_VERSION", "jdk-17.0.13+11"),
                "/app/classes/com/example/App.class",
                mainClass(21),
                "/app/jib-classpath-file",
                "/app/classes",
                "/app/jib-main-class-file",
                "com.example.App");

        assertThat(ep008(check(image)))
                .singleElement()
                .satisfies(f -> assertThat(f.message()).contains("Java 17 (the image's JAVA_VERSION)"));
    }

    @Test
    void aMissingJarOrACommandThatIsNotJavaIsNotRunAndSaysWhy() throws Exception {
        CheckResult jar = check(image(
                List.of("java", "-jar", "/app/app.jar"),
                Map.of(),
                "/opt/java/openjdk/release",
                "JAVA_VERSION=\"17\"\n"));
        assertThat(jar.outcome(JavaRuntimeRules.EP008).reason())
                .isEqualTo("the -jar file /app/app.jar is not in the image");
        CheckResult notJava = check(image(List.of("/opt/java/openjdk/bin/java-not"), Map.of()));
        assertThat(notJava.outcome(JavaRuntimeRules.EP008).status()).isEqualTo(Outcome.Status.NOT_RUN);
        CheckResult module = check(image(
                List.of("java", "-p", "/app/mods", "-m", "com.example/com.example.App"),
                Map.of(),
                "/opt/java/openjdk/release",
                "JAVA_VERSION=\"17\"\n"));
        assertThat(module.outcome(JavaRuntimeRules.EP008).reason()).contains("module (-m)");
    }

    @Test
    void aJibLibraryCompiledForANewerJavaIsNamedWithItsJarAndTheCountOfOthers() throws Exception {
        byte[] feature = TestJars.jar(
                work, Map.of(), Map.of("org/lib/Feature.class", TestJars.compile(work, "org.lib.Feature", 21)));
        byte[] other = TestJars.jar(
                work, Map.of(), Map.of("org/other/Thing.class", TestJars.compile(work, "org.other.Thing", 19)));
        byte[] fine =
                TestJars.jar(work, Map.of(), Map.of("org/fine/Ok.class", TestJars.compile(work, "org.fine.Ok", 11)));
        Image image = image(
                JIB_ENTRYPOINT,
                Map.of(),
                "/opt/java/openjdk/release",
                "JAVA_VERSION=\"17.0.13\"\n",
                "/app/classes/com/example/App.class",
                mainClass(17),
                "/app/libs/feature-2.0.jar",
                feature,
                "/app/libs/other-1.0.jar",
                other,
                "/app/libs/fine-1.0.jar",
                fine,
                "/app/libs/README.txt",
                "not a jar, and not on the class path",
                "/app/jib-classpath-file",
                "/app/resources:/app/classes:/app/libs/*\n",
                "/app/jib-main-class-file",
                "com.example.App\n");

        assertThat(ep008(check(image)))
                .singleElement()
                .satisfies(f -> assertThat(f.message())
                        .startsWith("org/lib/Feature.class in /app/libs/feature-2.0.jar (from layer 1 of 1")
                        .contains("compiled for Java 21 (class file version 65) but the image's java is Java 17")
                        .contains("UnsupportedClassVersionError: org/lib/Feature has been compiled")
                        .contains("when it first loads that class")
                        .contains("1 more jar or class file needs a newer Java than 17."));
    }

    @Test
    void aSpringBootJarIsReadWithItsStartClassAndItsNestedLibraries() throws Exception {
        byte[] lib = TestJars.jar(
                work, Map.of(), Map.of("org/lib/Feature.class", TestJars.compile(work, "org.lib.Feature", 17)));
        byte[] boot = TestJars.springBootJar(
                "com.example.App", Map.of("com/example/App.class", mainClass(21)), Map.of("feature-2.0.jar", lib));

        CheckResult result = check(image(
                "/workspace",
                List.of("java", "-jar", "app.jar"),
                Map.of(),
                "/opt/java/openjdk/release",
                "JAVA_VERSION=\"17.0.13\"\n",
                "/workspace/app.jar",
                boot));

        assertThat(ep008(result))
                .singleElement()
                .satisfies(f -> assertThat(f.message())
                        .startsWith("The main class com.example.App (BOOT-INF/classes/com/example/App.class in "
                                + "/workspace/app.jar, from layer 1 of 1")
                        .contains("compiled for Java 21")
                        .contains("at once"));
    }

    @Test
    void aNestedSpringBootLibraryForANewerJavaIsNamedInsideItsJar() throws Exception {
        byte[] lib = TestJars.jar(
                work, Map.of(), Map.of("org/lib/Feature.class", TestJars.compile(work, "org.lib.Feature", 21)));
        byte[] boot = TestJars.springBootJar(
                "com.example.App", Map.of("com/example/App.class", mainClass(17)), Map.of("feature-2.0.jar", lib));

        CheckResult result = check(image(
                List.of("java", "-jar", "/workspace/app.jar"),
                Map.of(),
                "/opt/java/openjdk/release",
                "JAVA_VERSION=\"17.0.13\"\n",
                "/workspace/app.jar",
                boot));

        assertThat(ep008(result))
                .singleElement()
                .satisfies(f -> assertThat(f.message())
                        .startsWith("org/lib/Feature.class in BOOT-INF/lib/feature-2.0.jar in /workspace/app.jar"));
    }

    @Test
    void aJarsManifestClassPathIsFollowedFromTheJarsDirectory() throws Exception {
        byte[] app = TestJars.jar(
                work,
                Map.of("Main-Class", "com.example.App", "Class-Path", "lib/feature.jar lib/missing.jar"),
                Map.of("com/example/App.class", mainClass(17)));
        byte[] lib = TestJars.jar(
                work, Map.of(), Map.of("org/lib/Feature.class", TestJars.compile(work, "org.lib.Feature", 22)));

        CheckResult result = check(image(
                List.of("java", "-Xmx256m", "-jar", "/opt/service/app.jar", "--server.port=8080"),
                Map.of(),
                "/opt/java/openjdk/release",
                "JAVA_VERSION=\"21.0.5\"\n",
                "/opt/service/app.jar",
                app,
                "/opt/service/lib/feature.jar",
                lib));

        assertThat(ep008(result))
                .singleElement()
                .satisfies(f -> assertThat(f.message())
                        .startsWith("org/lib/Feature.class in /opt/service/lib/feature.jar")
                        .contains("compiled for Java 22 (class file version 66) but the image's java is Java 21"));
    }

    @Test
    void aJarThatCannotBeReadMakesTheRuleNotRunNamingIt() throws Exception {
        CheckResult result = check(image(
                List.of("java", "-cp", "/app/libs/*", "com.example.App"),
                Map.of(),
                "/opt/java/openjdk/release",
                "JAVA_VERSION=\"17\"\n",
                "/app/libs/broken.jar",
                "PK but not really"));

        assertThat(result.outcome(JavaRuntimeRules.EP008).status()).isEqualTo(Outcome.Status.NOT_RUN);
        assertThat(result.outcome(JavaRuntimeRules.EP008).reason())
                .startsWith("1 jar(s) could not be read")
                .contains("/app/libs/broken.jar in layer 1 of 1")
                .contains("is not a readable jar");
    }

    @Test
    void anUncompressedLayoutIsReadBySeekingAndAcrossLayersWithWhiteouts() throws Exception {
        byte[] java = TestImages.staticBinary("amd64");
        byte[] newer = TestJars.jar(
                work, Map.of(), Map.of("org/lib/Feature.class", TestJars.compile(work, "org.lib.Feature", 21)));
        byte[] older = TestJars.jar(
                work, Map.of(), Map.of("org/lib/Feature.class", TestJars.compile(work, "org.lib.Feature", 17)));
        LayerImages.ociLayout(
                work.resolve("layout"),
                List.of(
                        LayerImages.plainBlob(LayerImages.layer()
                                .file("opt/java/openjdk/bin/java", java, 0755)
                                .file("opt/java/openjdk/release", "JAVA_VERSION=\"17.0.2\"\n", 0644)),
                        LayerImages.plainBlob(LayerImages.layer()
                                .file("app/libs/feature-2.0.jar", newer, 0644)
                                .file("app/libs/feature-1.0.jar", older, 0644)
                                .file("app/classes/com/example/App.class", mainClass(17), 0644)),
                        // the next build replaced the library: its layer deletes 2.0 and keeps 1.0
                        LayerImages.plainBlob(LayerImages.layer().whiteout("app/libs/feature-2.0.jar"))));

        try (Image image = CheckFixtures.open(work, "oci:layout")) {
            CheckResult result = CheckFixtures.check(
                    image,
                    CheckFixtures.fargateTask(List.of(
                            "/opt/java/openjdk/bin/java", "-cp", "/app/classes:/app/libs/*", "com.example.App")),
                    CheckOptions.defaults());
            assertThat(result.outcome(JavaRuntimeRules.EP008).status()).isEqualTo(Outcome.Status.PASSED);
        }
    }
}
