package io.github.ecspreflight.maven;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.apache.maven.model.Build;
import org.apache.maven.model.Model;
import org.apache.maven.model.Plugin;
import org.apache.maven.model.PluginExecution;
import org.apache.maven.project.MavenProject;
import org.codehaus.plexus.util.xml.Xpp3DomBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which image the build made, found without configuration, and the log's account of how. */
class BuildImageDetectorTest {

    private static final String DIGEST = "sha256:" + "d".repeat(64);
    private static final String IMAGE_ID = "sha256:" + "1".repeat(64);

    @TempDir
    Path base;

    private Path target() throws Exception {
        return Files.createDirectories(base.resolve("target"));
    }

    private static MavenProject project(String version, Plugin... plugins) {
        Model model = new Model();
        model.setGroupId("com.example.team");
        model.setArtifactId("my-service");
        model.setVersion(version);
        model.setBuild(new Build());
        for (Plugin plugin : plugins) {
            model.getBuild().addPlugin(plugin);
        }
        return new MavenProject(model);
    }

    private static Plugin plugin(String groupId, String artifactId, String configuration, String... goals)
            throws Exception {
        Plugin plugin = new Plugin();
        plugin.setGroupId(groupId);
        plugin.setArtifactId(artifactId);
        if (configuration != null) {
            plugin.setConfiguration(
                    Xpp3DomBuilder.build(new StringReader("<configuration>" + configuration + "</configuration>")));
        }
        if (goals.length > 0) {
            PluginExecution execution = new PluginExecution();
            execution.setId("default");
            execution.setGoals(List.of(goals));
            plugin.addExecution(execution);
        }
        return plugin;
    }

    private Optional<BuildImageDetector.Detected> detect(MavenProject project, Properties user, String... goals)
            throws Exception {
        return BuildImageDetector.detect(project, user, List.of(goals), base, target());
    }

    private static void jibJson(Path target, String image, boolean pushed) throws Exception {
        Files.writeString(
                target.resolve("jib-image.json"),
                "{\"image\":\"" + image + "\",\"imageId\":\"" + IMAGE_ID + "\",\"imageDigest\":\"" + DIGEST
                        + "\",\"tags\":[\"1.0\"],\"imagePushed\":" + pushed + "}");
    }

    @Test
    void jibBuildTarIsTheArchive() throws Exception {
        Path target = target();
        Files.writeString(target.resolve("jib-image.tar"), "tar");
        assertThat(detect(project("1.0"), null))
                .hasValue(new BuildImageDetector.Detected(
                        "docker-archive:target/jib-image.tar",
                        "Jib's jib:buildTar output",
                        target.resolve("jib-image.tar")));
        // Jib 3 writes jib-image.json beside it, unpushed: still the archive.
        jibJson(target, "my-service:1.0", false);
        assertThat(detect(project("1.0"), null))
                .hasValue(new BuildImageDetector.Detected(
                        "docker-archive:target/jib-image.tar",
                        "Jib's jib:buildTar output",
                        target.resolve("jib-image.tar")));
    }

    @Test
    void jibBuildIsThePushedImageByDigest() throws Exception {
        Path target = target();
        jibJson(target, "localhost:5000/team/my-service:1.0", true);
        Files.writeString(target.resolve("jib-image.tar"), "an older tar");
        assertThat(detect(project("1.0"), null))
                .hasValue(new BuildImageDetector.Detected(
                        "docker://localhost:5000/team/my-service:1.0@" + DIGEST,
                        "Jib's jib:build push of localhost:5000/team/my-service:1.0, by the digest in target/jib-image.json",
                        target.resolve("jib-image.json")));
    }

    @Test
    void aJibPushToDockerHubNamesTheHostAndLibrary() throws Exception {
        jibJson(target(), "my-service:1.0", true);
        assertThat(detect(project("1.0"), null).orElseThrow().reference())
                .isEqualTo("docker://docker.io/library/my-service:1.0@" + DIGEST);
    }

    @Test
    void jibDockerBuildIsTheDaemonImageById() throws Exception {
        Path target = target();
        jibJson(target, "my-service:1.0", false);
        assertThat(detect(project("1.0"), null))
                .hasValue(new BuildImageDetector.Detected(
                        "docker-daemon:" + IMAGE_ID,
                        "Jib's jib:dockerBuild of my-service:1.0 in the Docker daemon, by the image ID in target/jib-image.json",
                        target.resolve("jib-image.json")));
        // A jib-image.tar from an earlier build does not win over the newer jib:dockerBuild.
        Path tar = Files.writeString(target.resolve("jib-image.tar"), "stale");
        Files.setLastModifiedTime(tar, FileTime.fromMillis(System.currentTimeMillis() - 600_000));
        assertThat(detect(project("1.0"), null).orElseThrow().reference()).isEqualTo("docker-daemon:" + IMAGE_ID);
    }

    @Test
    void springBootBuildImageUsesItsDefaultNameInTheDaemon() throws Exception {
        Plugin spring = plugin("org.springframework.boot", "spring-boot-maven-plugin", null, "build-image-no-fork");
        assertThat(detect(project("1.0", spring), null))
                .hasValue(new BuildImageDetector.Detected(
                        "docker-daemon:docker.io/library/my-service:1.0",
                        "spring-boot:build-image (its default image name), in the Docker daemon"));
    }

    @Test
    void springBootPublishingIsReadFromTheRegistry() throws Exception {
        Plugin spring = plugin(
                "org.springframework.boot",
                "spring-boot-maven-plugin",
                "<image><name>registry.example.com/team/svc:2.0</name><publish>true</publish></image>",
                "build-image");
        assertThat(detect(project("1.0", spring), null))
                .hasValue(new BuildImageDetector.Detected(
                        "docker://registry.example.com/team/svc:2.0",
                        "spring-boot:build-image, published to the registry (publish=true)"));
    }

    @Test
    void springBootOnTheCommandLineWithTheImageNameProperty() throws Exception {
        Plugin spring = plugin("org.springframework.boot", "spring-boot-maven-plugin", null);
        assertThat(detect(project("1.0", spring), null)).isEmpty(); // declared, but build-image does not run
        Properties user = new Properties();
        user.setProperty("spring-boot.build-image.imageName", "ghcr.io/team/svc:cli");
        assertThat(detect(project("1.0", spring), user, "spring-boot:build-image", "verify"))
                .hasValue(new BuildImageDetector.Detected(
                        "docker-daemon:ghcr.io/team/svc:cli", "spring-boot:build-image, in the Docker daemon"));
    }

    @Test
    void fabric8ImageNamesResolveTheirPlaceholders() throws Exception {
        Plugin fabric8 = plugin(
                "io.fabric8",
                "docker-maven-plugin",
                "<images><image><name>postgres:16</name></image>"
                        + "<image><name>%g/%a:%l</name><build><from>eclipse-temurin:21</from></build></image></images>",
                "build");
        assertThat(detect(project("1.1-SNAPSHOT", fabric8), null))
                .hasValue(new BuildImageDetector.Detected(
                        "docker-daemon:team/my-service:latest",
                        "fabric8 docker-maven-plugin's image team/my-service:latest, in the Docker daemon"));
        assertThat(detect(project("1.1", fabric8), null).orElseThrow().reference())
                .isEqualTo("docker-daemon:team/my-service:1.1");
    }

    @Test
    void fabric8DockerSaveArchiveIsReadWhenThere() throws Exception {
        Plugin fabric8 = plugin(
                "io.fabric8",
                "docker-maven-plugin",
                "<images><image><name>registry.example.com/team/my-service:%v</name><build/></image></images>",
                "build",
                "save");
        Files.writeString(target().resolve("my-service-1.0.tar.gz"), "saved");
        assertThat(detect(project("1.0", fabric8), null))
                .hasValue(
                        new BuildImageDetector.Detected(
                                "docker-archive:target/my-service-1.0.tar.gz",
                                "fabric8 docker-maven-plugin's docker:save archive of registry.example.com/team/my-service:1.0"));
        Properties user = new Properties();
        user.setProperty("docker.save.file", "images/app.tar");
        Files.createDirectories(base.resolve("images"));
        Files.writeString(base.resolve("images/app.tar"), "saved");
        assertThat(detect(project("1.0", fabric8), user).orElseThrow().reference())
                .isEqualTo("docker-archive:images/app.tar");
    }

    @Test
    void jibFilesWinOverOtherPluginsAndNothingIsNothing() throws Exception {
        Plugin spring = plugin("org.springframework.boot", "spring-boot-maven-plugin", null, "build-image");
        Files.writeString(target().resolve("jib-image.tar"), "tar");
        assertThat(detect(project("1.0", spring), null).orElseThrow().how()).isEqualTo("Jib's jib:buildTar output");
        Files.delete(target().resolve("jib-image.tar"));
        assertThat(detect(project("1.0"), null)).isEmpty();
        assertThat(BuildImageDetector.detect(null, null, null, base, target())).isEmpty();
    }
}
