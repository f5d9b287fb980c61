package io.github.ecspreflight.check;

import static org.assertj.core.api.Assertions.assertThat;

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
                null);
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
}
