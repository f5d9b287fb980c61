package io.github.ecspreflight.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ecspreflight.binary.TestJars;
import io.github.ecspreflight.common.SourceLocation;
import io.github.ecspreflight.ecs.Candidate;
import io.github.ecspreflight.ecs.ContainerDefinition;
import io.github.ecspreflight.ecs.ContainerRuntime;
import io.github.ecspreflight.ecs.TaskDefinition;
import io.github.ecspreflight.ecs.TaskPlatform;
import io.github.ecspreflight.image.Image;
import io.github.ecspreflight.image.LayerImages;
import io.github.ecspreflight.image.ManifestChoice;
import io.github.ecspreflight.image.TestImages;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rules that look inside the image share one view of its layers, and say up front what they will read, so that a
 * gzip layer is streamed once for the entrypoint, the user database and the health check's shell together.
 */
class ChecksSharedLayersTest {

    @TempDir
    Path work;

    @Test
    void aGzipLayerIsStreamedOnceForTheEntrypointTheUserAndTheHealthCheck() throws Exception {
        byte[] binary = TestImages.staticBinary("amd64");
        LayerImages.ociLayout(
                work.resolve("layout"),
                List.of(
                        LayerImages.gzipBlob(LayerImages.layer()
                                .file("etc/passwd", "root:x:0:0:root:/root:/bin/sh\n", 0644)
                                .file("etc/group", "root:x:0:\n", 0644)
                                .file("bin/sh", binary, 0755)),
                        LayerImages.gzipBlob(LayerImages.layer().file("app/run", binary, 0755))));
        SourceLocation at = new SourceLocation("task.json", 3);
        TaskDefinition task = CheckFixtures.fargateTask(
                new ContainerRuntime("appuser", at, List.of("CMD-SHELL", "exit 0"), at, null, null, null),
                Map.of(),
                "512");
        ContainerDefinition app = task.containers().get(0);

        try (Image image = CheckFixtures.open(work, "oci:layout")) {
            Candidate deployed = Candidate.of(task);
            TaskPlatform target = TaskPlatform.resolve(deployed, image.platforms());
            ManifestChoice manifest = image.choose(target.platform());
            CheckContext context = new CheckContext(image, manifest, deployed, app, target, CheckOptions.defaults());

            CheckResult result = Checks.run(context);

            assertThat(result.findings()).extracting(Finding::rule).containsExactly(UserRules.EP010);
            assertThat(result.outcome(HealthCheckRules.EP011).status()).isEqualTo(Outcome.Status.PASSED);
            assertThat(result.outcome(EntrypointRules.EP004).status()).isEqualTo(Outcome.Status.PASSED);
            assertThat(context.filesystem().layersRead()).as("layers streamed").isEqualTo(2);
        }
    }

    @Test
    void aJibJavaImageInGzipLayersIsStreamedOnceForTheRuntimeTheArgfilesTheJarsAndTheClasses() throws Exception {
        byte[] newer = TestJars.jar(
                work, Map.of(), Map.of("org/lib/Feature.class", TestJars.compile(work, "org.lib.Feature", 21)));
        byte[] older =
                TestJars.jar(work, Map.of(), Map.of("org/lib/Util.class", TestJars.compile(work, "org.lib.Util", 11)));
        LayerImages.ociLayout(
                work.resolve("java-layout"),
                List.of(
                        LayerImages.gzipBlob(LayerImages.layer()
                                .file("opt/java/openjdk/bin/java", TestImages.staticBinary("amd64"), 0755)
                                .file("opt/java/openjdk/release", "JAVA_VERSION=\"17.0.13\"\n", 0644)),
                        LayerImages.gzipBlob(LayerImages.layer()
                                .file("app/libs/feature-2.0.jar", newer, 0644)
                                .file("app/libs/util-1.0.jar", older, 0644)),
                        LayerImages.gzipBlob(LayerImages.layer()
                                .file(
                                        "app/classes/com/example/App.class",
                                        TestJars.compile(work, "com.example.App", 17),
                                        0644)
                                .file("app/jib-classpath-file", "/app/resources:/app/classes:/app/libs/*\n", 0644)
                                .file("app/jib-main-class-file", "com.example.App\n", 0644))));
        TaskDefinition task = CheckFixtures.fargateTask(
                List.of("/opt/java/openjdk/bin/java", "-cp", "@/app/jib-classpath-file", "@/app/jib-main-class-file"));

        try (Image image = CheckFixtures.open(work, "oci:java-layout")) {
            Candidate deployed = Candidate.of(task);
            TaskPlatform target = TaskPlatform.resolve(deployed, image.platforms());
            CheckContext context = new CheckContext(
                    image,
                    image.choose(target.platform()),
                    deployed,
                    task.containers().get(0),
                    target,
                    CheckOptions.defaults());

            CheckResult result = Checks.run(context);

            assertThat(result.findings()).extracting(Finding::rule).containsExactly(JavaRuntimeRules.EP008);
            assertThat(result.findings().get(0).message())
                    .startsWith("org/lib/Feature.class in /app/libs/feature-2.0.jar");
            assertThat(context.filesystem().layersRead()).as("layers streamed").isEqualTo(3);
        }
    }
}
