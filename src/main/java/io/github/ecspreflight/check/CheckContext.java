package io.github.ecspreflight.check;

import io.github.ecspreflight.ecs.Candidate;
import io.github.ecspreflight.ecs.ContainerDefinition;
import io.github.ecspreflight.ecs.TaskDefinition;
import io.github.ecspreflight.ecs.TaskPlatform;
import io.github.ecspreflight.image.Image;
import io.github.ecspreflight.image.ManifestChoice;

/**
 * Everything the rules judge, decided before any of them runs: the image and the manifest ECS would pull, the task
 * definition as deployed, the container the image runs in, and the platform the task runs on.
 */
public record CheckContext(
        Image image,
        ManifestChoice manifest,
        Candidate deployed,
        ContainerDefinition container,
        TaskPlatform target,
        CheckOptions options) {

    public TaskDefinition task() {
        return deployed.taskDefinition();
    }

    /** The image as the user named it, for messages. */
    public String imageReference() {
        return image.reference().toString();
    }
}
