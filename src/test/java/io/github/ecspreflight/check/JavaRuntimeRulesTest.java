package io.github.ecspreflight.check;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import io.github.ecspreflight.image.Image;
import io.github.ecspreflight.image.TestImages;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.tools.ToolProvider;
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

    /** com.example.App compiled by javac --release 17; for a newer release the header says so, as that javac writes it. */
    private byte[] mainClass(int release) throws Exception {
        Path source = Files.createDirectories(work.resolve("src/com/example")).resolve("App.java");
        Files.writeString(
                source, "package com.example;\npublic class App { public static void main(String[] a) {} }\n");
        Path out = Files.createDirectories(work.resolve("out-" + System.nanoTime()));
        int status = ToolProvider.getSystemJavaCompiler()
                .run(null, null, null, "--release", "17", "-d", out.toString(), source.toString());
        assertThat(status).as("javac").isZero();
        byte[] bytes = Files.readAllBytes(out.resolve("com/example/App.class"));
        // u2 major_version at bytes 6-7 (JVMS 4.1): 61 for Java 17, 65 for Java 21
        bytes[6] = (byte) ((release + 44) >> 8);
        bytes[7] = (byte) (release + 44);
        return bytes;
    }

    private Image image(List<String> entrypoint, Map<String, String> env, Object... files) throws Exception {
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
    void aJarOrACommandThatIsNotJavaIsNotRunAndSaysWhy() throws Exception {
        CheckResult jar = check(image(
                List.of("java", "-jar", "/app/app.jar"),
                Map.of(),
                "/opt/java/openjdk/release",
                "JAVA_VERSION=\"17\"\n"));
        assertThat(jar.outcome(JavaRuntimeRules.EP008).reason()).contains("-jar");
        CheckResult notJava = check(image(List.of("/opt/java/openjdk/bin/java-not"), Map.of()));
        assertThat(notJava.outcome(JavaRuntimeRules.EP008).status()).isEqualTo(Outcome.Status.NOT_RUN);
    }
}
