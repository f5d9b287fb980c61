package io.github.ecspreflight.check;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import io.github.ecspreflight.common.SourceLocation;
import io.github.ecspreflight.ecs.ContainerRuntime;
import io.github.ecspreflight.ecs.TaskDefinition;
import io.github.ecspreflight.image.Image;
import io.github.ecspreflight.image.TestImages;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** EP010 on Jib-built images whose /etc/passwd and /etc/group are the files a Debian base image ships. */
class UserRulesTest {

    private static final SourceLocation USER_LINE = new SourceLocation("task.json", 9);
    private static final String PASSWD = "root:x:0:0:root:/root:/bin/bash\n"
            + "daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n"
            + "appuser:x:1000:1000::/home/appuser:/bin/sh\n";
    private static final String GROUP = "root:x:0:\ndaemon:x:1:\nappgroup:x:1000:\n";

    @TempDir
    Path work;

    /** A linux/amd64 image with the static fixture as /app/server, the given files, and the image's User. */
    private Image image(String user, String... files) throws Exception {
        FileEntriesLayer.Builder layer = FileEntriesLayer.builder();
        Path server = Files.createTempFile(work, "server", ".bin");
        Files.write(server, TestImages.staticBinary("amd64"));
        layer.addEntry(server, AbsoluteUnixPath.get("/app/server"), FilePermissions.fromOctalString("755"));
        for (int i = 0; i < files.length; i += 2) {
            Path file = Files.createTempFile(work, "file", ".txt");
            Files.writeString(file, files[i + 1], StandardCharsets.UTF_8);
            layer.addEntry(file, AbsoluteUnixPath.get(files[i]), FilePermissions.fromOctalString("644"));
        }
        JibContainerBuilder builder = Jib.fromScratch()
                .setPlatforms(Set.of(new com.google.cloud.tools.jib.api.buildplan.Platform("amd64", "linux")))
                .addFileEntriesLayer(layer.build())
                .setEntrypoint(List.of("/app/server"))
                .setUser(user);
        Path tar = work.resolve("image-" + System.nanoTime() + ".tar");
        TestImages.dockerArchive(builder, tar, "my-service:1.0");
        return CheckFixtures.open(work, "docker-archive:" + tar.getFileName());
    }

    private static TaskDefinition task(String user) {
        return CheckFixtures.fargateTask(
                new ContainerRuntime(user, user == null ? null : USER_LINE, null, null, null, null, null),
                Map.of(),
                null);
    }

    private static CheckResult check(Image image, TaskDefinition task) throws Exception {
        try (image) {
            return CheckFixtures.check(image, task, CheckOptions.defaults());
        }
    }

    private static List<Finding> ep010(CheckResult result) {
        return result.findings().stream()
                .filter(f -> f.rule() == UserRules.EP010)
                .toList();
    }

    @Test
    void aUserAndGroupTheImageListsPass() throws Exception {
        CheckResult result = check(image(null, "/etc/passwd", PASSWD, "/etc/group", GROUP), task("appuser:appgroup"));

        assertThat(ep010(result)).isEmpty();
        assertThat(result.outcome(UserRules.EP010).status()).isEqualTo(Outcome.Status.PASSED);
    }

    @Test
    void aTaskDefinitionUserTheImageLacksIsEp010AtTheUserLine() throws Exception {
        List<Finding> findings = ep010(check(image(null, "/etc/passwd", PASSWD), task("app")));

        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.location()).isEqualTo(USER_LINE);
            assertThat(f.message())
                    .contains("The container runs as app (user in the task definition)")
                    .contains("is not among the 3 entries of /etc/passwd, from layer 1 of 1 (")
                    .contains("unable to find user app: no matching entries in passwd file");
            assertThat(f.remediation()).contains("numeric uid:gid such as 1000:1000");
        });
    }

    @Test
    void theImagesUserCountsWhenTheTaskSetsNoneAndAnImageWithoutPasswdLacksEveryName() throws Exception {
        List<Finding> findings = ep010(check(image("nonroot"), task(null)));

        assertThat(findings)
                .singleElement()
                .satisfies(f -> assertThat(f.message())
                        .contains("The container runs as nonroot (the image's User)")
                        .contains("since the image has no /etc/passwd"));
    }

    @Test
    void numericIdsNeedNoEntryAndAnUnknownGroupIsNamed() throws Exception {
        assertThat(ep010(check(image(null), task("1000:1000")))).isEmpty();
        assertThat(ep010(check(image(null, "/etc/passwd", PASSWD, "/etc/group", GROUP), task("appuser:staff"))))
                .singleElement()
                .satisfies(f -> assertThat(f.message())
                        .contains("group staff")
                        .contains("unable to find group staff: no matching entries in group file"));
    }

    @Test
    void aUserKnownOnlyAtDeploymentIsNotJudged() throws Exception {
        CheckResult result = check(image(null), task("${var.user}"));

        assertThat(ep010(result)).isEmpty();
        assertThat(result.outcome(UserRules.EP010).status()).isEqualTo(Outcome.Status.NOT_RUN);
    }
}
