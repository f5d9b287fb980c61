package io.github.ecspreflight;

import io.github.ecspreflight.common.SourceLocation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Fixture directories on the test class path, and the checked {@code file:line} that findings are compared with. */
public final class TestResources {

    private TestResources() {}

    /** The directory holding {@code resource} (e.g. {@code /check/fargate-arm64.json}) on the test class path. */
    public static Path directoryOf(String resource) {
        URL url = TestResources.class.getResource(resource);
        if (url == null) {
            throw new IllegalStateException("no fixture " + resource + " on the test class path");
        }
        try {
            return Path.of(url.toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * {@code file:line}, after checking that this line of the fixture holds {@code text}: a finding that points there
     * points at the right attribute, and an edit to a fixture cannot shift a line unnoticed.
     */
    public static SourceLocation line(Path base, String file, int line, String text) {
        List<String> lines;
        try {
            lines = Files.readAllLines(base.resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (line < 1 || line > lines.size() || !lines.get(line - 1).contains(text)) {
            throw new AssertionError("fixture " + file + " line " + line + " does not hold " + text + ": "
                    + (line >= 1 && line <= lines.size() ? lines.get(line - 1) : "(no such line)"));
        }
        return new SourceLocation(file, line);
    }

    /** A named pipe at {@code path}, made by {@code mkfifo}: reading it would block for ever. */
    public static Path fifo(Path path) throws Exception {
        Process mkfifo =
                new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
        if (mkfifo.waitFor() != 0) {
            throw new IllegalStateException("mkfifo " + path + " failed");
        }
        return path;
    }
}
