package io.github.ecspreflight.report;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The one way a report file is written: into a temporary file beside it, then moved over it. The move replaces
 * whatever stands at the name, a symbolic link included, so a link committed into {@code target/ecs-preflight/} by a
 * pull request can never make the plugin overwrite the file it points at; and a reader never sees half a report.
 */
final class ReportFiles {

    /** Writes one report's bytes. */
    @FunctionalInterface
    interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private ReportFiles() {}

    static Path write(Path directory, String name, Content content) throws IOException {
        Files.createDirectories(directory);
        Path file = directory.resolve(name);
        Path temporary = Files.createTempFile(directory, "." + name, ".part");
        try {
            try (OutputStream out = Files.newOutputStream(temporary)) {
                content.writeTo(out);
            }
            try {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
        return file;
    }
}
