package io.github.ecspreflight.ecs;

import io.github.ecspreflight.PreflightException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Reads the task definition from what the user named in {@code taskDefinition}: decides the kind of source by what
 * the file holds, not only by its name, and hands it to the reader for that kind.
 */
public final class TaskDefinitionLoader {

    private final Path baseDirectory;

    public TaskDefinitionLoader(Path baseDirectory) {
        this.baseDirectory = baseDirectory;
    }

    public TaskDefinition load(String source) throws PreflightException {
        if (source == null || source.isBlank()) {
            throw new PreflightException("taskDefinition: not set; name a task-definition file "
                    + "(-DecsPreflight.taskDefinition=ecs/task-definition.json)");
        }
        String value = source.trim();
        if (value.startsWith("ecs:") || value.startsWith("arn:")) {
            throw new PreflightException("taskDefinition " + value + ": live ECS sources are not supported by this "
                    + "version yet; save it with aws ecs describe-task-definition --task-definition "
                    + value.replaceFirst("^ecs:", "") + " > task-definition.json and name that file");
        }
        Path path = baseDirectory.resolve(value);
        String lower = value.toLowerCase(Locale.ROOT);
        if (!Files.exists(path)) {
            throw new PreflightException("taskDefinition " + value + ": no such file or directory");
        }
        if (Files.isDirectory(path) || lower.endsWith(".tf") || lower.endsWith(".yaml") || lower.endsWith(".yml")) {
            throw new PreflightException("taskDefinition " + value + ": Terraform and CloudFormation sources are not "
                    + "supported by this version yet; export the task definition as ECS JSON "
                    + "(aws ecs describe-task-definition) and name that file");
        }
        LocatedJson json = LocatedJson.parse(path, value);
        if (TaskDefinitionJsonReader.looksLikeTaskDefinition(json.root())) {
            return TaskDefinitionJsonReader.read(json);
        }
        if (json.root().has("Resources") || json.root().has("planned_values")) {
            throw new PreflightException("taskDefinition " + value + ": CloudFormation templates and Terraform plans "
                    + "are not supported by this version yet; export the task definition as ECS JSON and name that file");
        }
        throw new PreflightException("taskDefinition " + value + ": no ECS task definition found (expected "
                + "containerDefinitions or a taskDefinition object)");
    }
}
