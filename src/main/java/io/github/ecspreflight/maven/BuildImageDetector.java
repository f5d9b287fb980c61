package io.github.ecspreflight.maven;

import io.github.ecspreflight.check.ImageBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.apache.maven.model.Plugin;
import org.apache.maven.project.MavenProject;

/**
 * Finds what the build made when {@code image} is not set, and which tool made it, so that fixes can be worded in
 * that tool's terms.
 */
final class BuildImageDetector {

    private static final String JIB = "com.google.cloud.tools:jib-maven-plugin";
    private static final String SPRING_BOOT = "org.springframework.boot:spring-boot-maven-plugin";
    private static final Set<String> FABRIC8 = Set.of("io.fabric8:docker-maven-plugin", "io.fabric8:fabric8-maven-plugin");

    /** An image the build left, and how it was found, for the log. */
    record Detected(String reference, String how) {}

    private BuildImageDetector() {}

    static ImageBuilder builderOf(MavenProject project) {
        if (project == null || project.getBuildPlugins() == null) {
            return ImageBuilder.DOCKER;
        }
        for (Plugin plugin : project.getBuildPlugins()) {
            String key = plugin.getGroupId() + ":" + plugin.getArtifactId();
            if (JIB.equals(key)) {
                return ImageBuilder.JIB;
            }
            if (FABRIC8.contains(key)) {
                return ImageBuilder.FABRIC8;
            }
            if (SPRING_BOOT.equals(key) && plugin.getExecutions().stream().anyMatch(e -> e.getGoals().contains("build-image"))) {
                return ImageBuilder.SPRING_BOOT;
            }
        }
        return ImageBuilder.DOCKER;
    }

    /** Jib's {@code jib:buildTar} output, {@code target/jib-image.tar}, relative to the base directory. */
    static Optional<Detected> detect(Path baseDirectory, Path buildDirectory) {
        Path jibTar = buildDirectory.resolve("jib-image.tar");
        if (Files.isRegularFile(jibTar)) {
            return Optional.of(new Detected("docker-archive:" + relative(baseDirectory, jibTar), "Jib's jib:buildTar output"));
        }
        return Optional.empty();
    }

    private static String relative(Path base, Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        Path root = base.toAbsolutePath().normalize();
        return absolute.startsWith(root) ? root.relativize(absolute).toString() : absolute.toString();
    }
}
