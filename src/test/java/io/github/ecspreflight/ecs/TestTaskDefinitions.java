package io.github.ecspreflight.ecs;

import io.github.ecspreflight.common.PreflightException;
import io.github.ecspreflight.ecs.live.LiveTaskDefinitions;
import io.github.ecspreflight.ecs.sources.TaskDefinitionLoader;
import java.nio.file.Path;

/** Reads a task-definition source and selects from it as the plugin does, for tests that start from a file. */
public final class TestTaskDefinitions {

    private TestTaskDefinitions() {}

    /** The only task definition of a file source, as deployed. */
    public static Candidate load(Path baseDirectory, String source) throws PreflightException {
        return load(baseDirectory, new TaskDefinitionQuery(source, null, null, null), null);
    }

    /** The one the query names, else the one that runs {@code builtRepository} (may be null). */
    public static Candidate load(Path baseDirectory, TaskDefinitionQuery query, String builtRepository)
            throws PreflightException {
        TaskDefinitionLoader files = new TaskDefinitionLoader(
                baseDirectory, LiveTaskDefinitions.unavailable("live ECS sources are not available here"));
        return TaskDefinitionChoice.select(files.candidates(query), builtRepository);
    }
}
