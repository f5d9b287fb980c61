package io.github.ecspreflight.check;

import io.github.ecspreflight.ecs.TaskDefinition;
import java.util.List;

/**
 * What a check found, with enough of the image and task definition to report them.
 *
 * @param imageReference the image as the user named it
 * @param imageDigest null when the image layout names none
 * @param imagePlatforms what the image offers
 * @param container the container the image was checked in
 */
public record CheckResult(
        String imageReference,
        String imageDigest,
        List<io.github.ecspreflight.image.Platform> imagePlatforms,
        TaskDefinition taskDefinition,
        String container,
        List<Finding> findings,
        boolean failed,
        long durationMillis) {

    public CheckResult {
        imagePlatforms = List.copyOf(imagePlatforms);
        findings = List.copyOf(findings);
    }

    public CheckResult withDuration(long millis) {
        return new CheckResult(imageReference, imageDigest, imagePlatforms, taskDefinition, container, findings, failed,
                millis);
    }

    public long count(Severity severity) {
        return findings.stream().filter(f -> f.severity() == severity).count();
    }
}
