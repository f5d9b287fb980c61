package io.github.ecspreflight.check;

import io.github.ecspreflight.ecs.Candidate;
import io.github.ecspreflight.ecs.ContainerDefinition;
import io.github.ecspreflight.ecs.TaskDefinition;
import io.github.ecspreflight.ecs.TaskPlatform;
import io.github.ecspreflight.image.Image;
import io.github.ecspreflight.image.ManifestChoice;
import io.github.ecspreflight.image.fs.ImageFilesystem;

/**
 * Everything the rules judge, decided before any of them runs: the image and the manifest ECS would pull, the task
 * definition as deployed, the container the image runs in, and the platform the task runs on.
 *
 * @param filesystem the merged layers of the manifest ECS would pull, one view shared by every rule that looks inside
 *     the image, so that each layer is read once; null when no one manifest is chosen (an index and an unknown CPU)
 */
public record CheckContext(
        Image image,
        ManifestChoice manifest,
        Candidate deployed,
        ContainerDefinition container,
        TaskPlatform target,
        CheckOptions options,
        ImageFilesystem filesystem) {

    public CheckContext(
            Image image,
            ManifestChoice manifest,
            Candidate deployed,
            ContainerDefinition container,
            TaskPlatform target,
            CheckOptions options) {
        this(
                image,
                manifest,
                deployed,
                container,
                target,
                options,
                manifest.manifest().map(m -> new ImageFilesystem(image, m)).orElse(null));
    }

    public TaskDefinition task() {
        return deployed.taskDefinition();
    }

    /** The image as the user named it, for messages. */
    public String imageReference() {
        return image.reference().toString();
    }
}
