package io.github.ecspreflight.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real skopeo, for layouts that tests should not assemble by hand. Where it is not installed the test is
 * skipped, unless {@code ECS_PREFLIGHT_REQUIRE_TOOLS=true} (set by {@code .ci/run}) demands it: then it fails.
 */
public final class Skopeo {

    private Skopeo() {}

    public static void requireInstalled() {
        boolean installed;
        try {
            installed = new ProcessBuilder("skopeo", "--version").start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            installed = false;
        }
        if (Boolean.parseBoolean(System.getenv("ECS_PREFLIGHT_REQUIRE_TOOLS"))) {
            assertThat(installed)
                    .as("skopeo is required (ECS_PREFLIGHT_REQUIRE_TOOLS=true): apt-get install skopeo")
                    .isTrue();
        }
        assumeTrue(installed, "skopeo not installed");
    }

    /** {@code skopeo copy --insecure-policy ARGS...} in {@code directory}; fails the test on a non-zero exit. */
    public static void copy(Path directory, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("skopeo", "--insecure-policy", "copy", "--quiet"));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("skopeo %s: %s", command, output).isZero();
    }
}
