package io.github.ecspreflight.maven;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An earlier build's Jib output is never checked in place of this build's image. */
class StaleImageTest {

    private static final Instant YESTERDAY = Instant.parse("2026-12-01T10:00:00Z");
    private static final Instant BUILD_STARTED = Instant.parse("2026-12-02T09:00:00Z");

    @TempDir
    Path base;

    Path target;
    Path tar;
    Path pom;
    BuildImageDetector.Detected detected;

    @BeforeEach
    void earlierBuild() throws Exception {
        target = Files.createDirectories(base.resolve("target"));
        pom = touch(base.resolve("pom.xml"), YESTERDAY.minusSeconds(3600));
        touch(Files.createDirectories(target.resolve("classes/com/example")).resolve("App.class"), YESTERDAY);
        touch(target.resolve("my-service-1.0.jar"), YESTERDAY);
        tar = touch(target.resolve("jib-image.tar"), YESTERDAY.plusSeconds(5));
        detected = BuildImageDetector.detect(base, target).orElseThrow();
    }

    private static Path touch(Path file, Instant when) throws Exception {
        if (!Files.exists(file)) {
            Files.writeString(file, "x");
        }
        Files.setLastModifiedTime(file, FileTime.from(when));
        return file;
    }

    @Test
    void outputWrittenInThisBuildIsFresh() throws Exception {
        touch(tar, BUILD_STARTED.plusSeconds(20));
        touch(pom, BUILD_STARTED.minusSeconds(5));

        assertThat(StaleImage.problem(detected, base, target, pom, List.of("verify", "jib:buildTar"), BUILD_STARTED))
                .isEmpty();
    }

    @Test
    void aJibGoalAfterTheCheckOnTheCommandLineMeansThePreviousBuildsImage() {
        assertThat(StaleImage.problem(detected, base, target, pom, List.of("verify", "jib:buildTar"), BUILD_STARTED))
                .hasValueSatisfying(message -> assertThat(message)
                        .startsWith(
                                "image: target/jib-image.tar was written by an earlier build (2026-12-01T10:00:05Z)")
                        .contains("Jib's jib:buildTar runs after this check in this build (Maven runs verify "
                                + "jib:buildTar in that order)")
                        .contains("bind jib:buildTar to package (<execution><phase>package</phase><goals><goal>"
                                + "buildTar</goal></goals></execution>) and run mvn verify")
                        .endsWith("-DecsPreflight.image=docker-archive:target/jib-image.tar")
                        .doesNotContain("\n"));
    }

    @Test
    void aPomChangedSinceTheImageWasBuiltMakesItStale() throws Exception {
        touch(pom, YESTERDAY.plusSeconds(600));

        assertThat(StaleImage.problem(detected, base, target, pom, List.of("verify"), BUILD_STARTED))
                .hasValueSatisfying(message -> assertThat(message)
                        .contains("it is older than pom.xml, so it is not the image this build makes"));
    }

    @Test
    void classesCompiledSinceTheImageWasBuiltMakeItStale() throws Exception {
        touch(target.resolve("classes/com/example/App.class"), BUILD_STARTED.plusSeconds(3));

        assertThat(StaleImage.problem(detected, base, target, pom, List.of("verify"), BUILD_STARTED))
                .hasValueSatisfying(message ->
                        assertThat(message).contains("it is older than the compiled classes/com/example/App.class"));
    }

    @Test
    void aJarRebuiltSinceTheImageWasBuiltMakesItStale() throws Exception {
        touch(target.resolve("my-service-1.0.jar"), BUILD_STARTED.plusSeconds(3));

        assertThat(StaleImage.problem(detected, base, target, pom, List.of("verify"), BUILD_STARTED))
                .hasValueSatisfying(message -> assertThat(message).contains("older than the jar my-service-1.0.jar"));
    }

    @Test
    void anEarlierBuildsImageOfUnchangedInputsIsStillThisBuildsImage() {
        assertThat(StaleImage.problem(detected, base, target, pom, List.of("ecs-preflight:check"), BUILD_STARTED))
                .isEmpty();
    }

    @Test
    void aPushedImageByDigestIsJudgedByItsJibImageJson() throws Exception {
        Files.delete(tar);
        Path json = touch(target.resolve("jib-image.json"), YESTERDAY.plusSeconds(5));
        Files.writeString(json, """
                {"image":"ghcr.io/acme/my-service:1.0","imageId":"sha256:%s",
                 "imageDigest":"sha256:%s","imagePushed":true}
                """.formatted("a".repeat(64), "b".repeat(64)));
        touch(json, YESTERDAY.plusSeconds(5));
        BuildImageDetector.Detected pushed =
                BuildImageDetector.detect(base, target).orElseThrow();

        assertThat(StaleImage.problem(pushed, base, target, pom, List.of("verify", "jib:build"), BUILD_STARTED))
                .hasValueSatisfying(message -> assertThat(message)
                        .startsWith("image: target/jib-image.json was written by an earlier build")
                        .contains("bind jib:build to package"));
    }

    @Test
    void imagesNamedByOtherBuildersAreNotJudged() {
        assertThat(StaleImage.problem(
                        new BuildImageDetector.Detected("docker-daemon:my-service:1.0", "spring-boot's build-image"),
                        base,
                        target,
                        pom,
                        List.of("verify"),
                        BUILD_STARTED))
                .isEmpty();
    }
}
