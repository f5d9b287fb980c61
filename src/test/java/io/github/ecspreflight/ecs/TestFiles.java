package io.github.ecspreflight.ecs;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

public final class TestFiles {

    private TestFiles() {}

    /** A fixture under {@code src/test/resources/ecs/}. */
    public static Path fixture(String name) {
        URL url = TestFiles.class.getResource("/ecs/" + name);
        if (url == null) {
            throw new IllegalArgumentException("no fixture " + name);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
