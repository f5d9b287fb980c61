package io.github.ecspreflight.ecs.cloudformation;

import io.github.ecspreflight.TestResources;
import io.github.ecspreflight.common.PreflightException;
import io.github.ecspreflight.common.SourceLocation;
import io.github.ecspreflight.ecs.Candidate;
import io.github.ecspreflight.ecs.TaskDefinitionQuery;
import io.github.ecspreflight.ecs.TestTaskDefinitions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The templates under {@code src/test/resources/cloudformation/}, loaded as the plugin loads them, for a build whose
 * image is {@code my-service}; and templates written by a test, loaded the same way.
 */
public final class CloudFormationFixtures {

    public static final String BUILT_REPOSITORY = "my-service";

    /** A container environment value in the YAML fixtures that must never be printed. */
    public static final String SECRET = "s3cr3t-never-printed";

    private CloudFormationFixtures() {}

    public static Path directory() {
        return TestResources.directoryOf("/cloudformation/fargate-service.yaml");
    }

    public static Candidate load(String file) throws PreflightException {
        return load(file, null);
    }

    public static Candidate load(String file, String resource) throws PreflightException {
        return load(directory(), file, resource);
    }

    public static Candidate load(Path directory, String file, String resource) throws PreflightException {
        return TestTaskDefinitions.load(
                directory, new TaskDefinitionQuery(file, resource, null, null), BUILT_REPOSITORY);
    }

    /** Writes a template a test spells out, and loads it. */
    public static Candidate write(Path directory, String file, String template) throws PreflightException {
        try {
            Files.writeString(directory.resolve(file), template, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return load(directory, file, null);
    }

    /** {@code file:line} of a fixture, after checking that the line holds {@code text}. */
    public static SourceLocation line(String file, int line, String text) {
        return line(directory(), file, line, text);
    }

    public static SourceLocation line(Path directory, String file, int line, String text) {
        return TestResources.line(directory, file, line, text);
    }
}
