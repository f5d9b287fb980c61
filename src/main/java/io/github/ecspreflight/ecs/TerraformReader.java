package io.github.ecspreflight.ecs;

import io.github.ecspreflight.PreflightException;
import java.nio.file.Path;

/** Terraform HCL: a {@code .tf} file or a module directory. */
public final class TerraformReader {

    private TerraformReader() {}

    /**
     * @param path a {@code .tf} file or a directory of them
     * @param displayName the path as the user wrote it, for messages and locations
     */
    public static TaskDefinition read(Path path, String displayName, String resource, String builtRepository)
            throws PreflightException {
        throw new PreflightException("taskDefinition " + displayName + ": Terraform sources are not supported by this "
                + "version yet; export the task definition as ECS JSON (aws ecs describe-task-definition) and name that file");
    }
}
