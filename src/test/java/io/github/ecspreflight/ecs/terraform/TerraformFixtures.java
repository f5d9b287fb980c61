package io.github.ecspreflight.ecs.terraform;

import io.github.ecspreflight.TestResources;
import io.github.ecspreflight.common.PreflightException;
import io.github.ecspreflight.common.SourceLocation;
import io.github.ecspreflight.ecs.Candidate;
import io.github.ecspreflight.ecs.TaskDefinitionQuery;
import io.github.ecspreflight.ecs.TestTaskDefinitions;
import io.github.ecspreflight.ecs.sources.TaskDefinitionLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The Terraform fixtures under {@code src/test/resources/terraform/}, loaded through {@link TaskDefinitionLoader} as
 * the plugin loads them, so that locations read as a user names the files ({@code seed/main.tf}).
 */
public final class TerraformFixtures {

    /** What the test images are named, as {@code jib:buildTar} names them. */
    public static final String BUILT_REPOSITORY = "my-service";

    private TerraformFixtures() {}

    public static Path directory() {
        return TestResources.directoryOf("/terraform/seed/main.tf").getParent();
    }

    public static Candidate load(String source) throws PreflightException {
        return load(source, null);
    }

    public static Candidate load(String source, String resource) throws PreflightException {
        return TestTaskDefinitions.load(
                directory(), new TaskDefinitionQuery(source, resource, null, null), BUILT_REPOSITORY);
    }

    /**
     * {@code file:line}, after checking that this line of the fixture holds {@code text}, so that a finding pointing
     * there points at the right attribute and an edit to a fixture cannot shift a line unnoticed.
     */
    public static SourceLocation line(String file, int line, String text) {
        return line(directory(), file, line, text);
    }

    /** {@link #line(String, int, String)} for a file under {@code base}. */
    public static SourceLocation line(Path base, String file, int line, String text) {
        return TestResources.line(base, file, line, text);
    }

    /** Writes a module of the given files ({@code name -> text}) under {@code directory}. */
    public static Path module(Path directory, Map<String, String> files) {
        try {
            Files.createDirectories(directory);
            for (Map.Entry<String, String> file : files.entrySet()) {
                Path path = directory.resolve(file.getKey());
                Files.createDirectories(path.getParent());
                Files.writeString(path, file.getValue());
            }
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
