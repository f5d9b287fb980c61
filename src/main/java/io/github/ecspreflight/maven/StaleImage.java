package io.github.ecspreflight.maven;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Whether the Jib output that detection found is an earlier build's, which would be checked in place of the image
 * this build makes. Jib writes {@code jib-image.tar} and {@code jib-image.json} anew each time it runs, so output
 * written before this build started is an earlier build's. That is stale when Jib runs later in this build (a Jib
 * goal after the check on the command line, as in {@code mvn verify jib:buildTar}), or when what Jib packages changed
 * after it was written: the pom, the compiled classes, the jar. Output of an earlier build whose inputs have not
 * changed since is still the image this build would make, and is checked.
 */
final class StaleImage {

    /** More class files than any one module has: the walk for the newest stops there. */
    private static final int MAX_CLASS_FILES = 200_000;

    private StaleImage() {}

    /**
     * The one-line error naming the file, why it is stale and the fix; empty when it is fresh or cannot be judged
     * (no session start, no Jib file).
     *
     * @param goals the command line's goals and phases, in order
     */
    static Optional<String> problem(
            BuildImageDetector.Detected detected,
            Path baseDirectory,
            Path buildDirectory,
            Path pom,
            List<String> goals,
            Instant buildStarted) {
        Path output = detected.jibOutput();
        if (output == null || buildStarted == null) {
            return Optional.empty();
        }
        Instant written = modified(output).orElse(null);
        if (written == null || !written.isBefore(buildStarted)) {
            return Optional.empty();
        }
        String file = BuildImageDetector.relative(baseDirectory, output);
        String jibGoal = goals == null
                ? null
                : goals.stream()
                        .filter(g -> g.startsWith("jib:") || g.contains("jib-maven-plugin:"))
                        .findFirst()
                        .orElse(null);
        String why;
        if (jibGoal != null) {
            why = "Jib's " + jibGoal + " runs after this check in this build (Maven runs " + String.join(" ", goals)
                    + " in that order), so this is the previous build's image";
        } else {
            Optional<String> changed = changedSince(written, pom, buildDirectory);
            if (changed.isEmpty()) {
                return Optional.empty();
            }
            why = "it is older than " + changed.get() + ", so it is not the image this build makes";
        }
        String goal = output.getFileName().toString().endsWith(".tar") ? "buildTar" : "build";
        return Optional.of("image: " + file + " was written by an earlier build ("
                + written.truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + ") and " + why
                + "; run Jib in the same build, before the check: bind jib:" + goal + " to package (<execution><phase>"
                + "package</phase><goals><goal>" + goal + "</goal></goals></execution>) and run mvn verify, or name "
                + "the image to check with -DecsPreflight.image=docker-archive:" + file);
    }

    /** The first of the pom, the compiled classes and the built jars written after {@code written}. */
    private static Optional<String> changedSince(Instant written, Path pom, Path buildDirectory) {
        if (pom != null && modified(pom).map(written::isBefore).orElse(false)) {
            return Optional.of(pom.getFileName().toString());
        }
        Path classes = buildDirectory.resolve("classes");
        if (Files.isDirectory(classes)) {
            try (Stream<Path> files = Files.walk(classes)) {
                Optional<Path> newer = files.limit(MAX_CLASS_FILES)
                        .filter(Files::isRegularFile)
                        .filter(f -> modified(f).map(written::isBefore).orElse(false))
                        .findFirst();
                if (newer.isPresent()) {
                    return Optional.of("the compiled " + buildDirectory.relativize(newer.get()));
                }
            } catch (IOException | java.io.UncheckedIOException e) {
                // an unreadable class directory leaves the pom and the jars to judge by
            }
        }
        try (Stream<Path> jars = Files.list(buildDirectory)) {
            return jars.filter(j -> j.getFileName().toString().endsWith(".jar"))
                    .filter(j -> modified(j).map(written::isBefore).orElse(false))
                    .findFirst()
                    .map(j -> "the jar " + j.getFileName());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<Instant> modified(Path file) {
        try {
            return Optional.of(Files.getLastModifiedTime(file).toInstant());
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
